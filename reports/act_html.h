// act.html: the act for people, rendered from act.json's content (so it
// says nothing the signed act does not). One document in three parts —
// Kazakh (the state language), Russian, English — each complete: heading,
// applicant and run, the summary table of the seven conditions of
// paragraph 4 of the Rules, the requests the target policy refused, the details of every check, the
// attested documents, the evidence files with their SHA-256, and the signature. Print CSS for A4;
// each language part starts on a new page.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pooltest {

std::string ActHtml(const nlohmann::json& act);

}  // namespace pooltest
