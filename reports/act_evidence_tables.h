// What decided R4.1-R4.4 and the attested documents, as short tables a
// reader scans (issue 12: tables for people): address → database → place
// (with the RTT bounds), the backup's declared and observed settlement,
// channel → declared provider → ASN → organisation → works, each document's
// reference and hash, and this run's own support requests. Rendered from a
// check's figures in act.json only, which keeps the complete figures; empty
// when the figures hold nothing such a table shows. `lang`: 0 Kazakh,
// 1 Russian, 2 English (the act's parts). Values quoted from evidence
// (cities as databases name them, organisations) are shown as they are.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pooltest {

// `pool`: act.json's pool section, whose settlement names put the backup
// table's gazetteer settlements in the part's language.
std::string EvidenceTablesHtml(const nlohmann::json& check, int lang,
                               const nlohmann::json& pool = nlohmann::json::object());

}  // namespace pooltest
