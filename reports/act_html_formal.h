// The formal elements of act.html that make a machine report a test act
// (issue 12): the act's number with its date and place of issue under the
// title, a conclusion per condition of paragraph 4 in the words an act uses
// (сәйкес келеді / соответствует / conforms), the limitations of this
// testing as its evidence shows them, the list of annexes, and the lines
// the responsible persons sign with the place of the seal, and the data the
// run read (each database with its build date). Rendered from
// act.json only (internal to act_html.cc); `l` is the part's language.
#pragma once

#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/act_html_text.h"

namespace pooltest::act_html {

void IssueLine(std::ostringstream& h, const nlohmann::json& act, Lang l);
// Each database and the gazetteer the run read, with its build date.
void DataUsed(std::ostringstream& h, const nlohmann::json& act, Lang l);
void FormalConclusion(std::ostringstream& h, const nlohmann::json& act, Lang l);
void Limitations(std::ostringstream& h, const nlohmann::json& act, Lang l);
void Annexes(std::ostringstream& h, const nlohmann::json& act, Lang l);
void SignatureLines(std::ostringstream& h, const nlohmann::json& act, Lang l);

}  // namespace pooltest::act_html
