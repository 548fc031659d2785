// The sections of one language part of act.html (internal to act_html*.cc),
// in the order ActHtml puts them: each appends its HTML to `h`, in language
// `l`, from act.json's content only, with every value escaped.
#pragma once

#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/act_html_text.h"

namespace pooltest::act_html {

// The part's language label, the demonstration banner, title and basis.
void PartHeading(std::ostringstream& h, const nlohmann::json& act, Lang l);
// The applicant and the run: scenario, harness, times, vantage, observations.
void ApplicantAndRun(std::ostringstream& h, const nlohmann::json& act, Lang l);
// Positive or not, and whether the run was interrupted.
void Conclusion(std::ostringstream& h, const nlohmann::json& act, Lang l);
// The seven conditions of paragraph 4 with their checks and verdicts.
void ConditionsSummary(std::ostringstream& h, const nlohmann::json& act, Lang l);
// The pool's sites: declared and observed settlement, addresses, providers.
void Sites(std::ostringstream& h, const nlohmann::json& act, Lang l);
// Every request the target policy refused: where the pool pointed, and why.
void RefusedRequests(std::ostringstream& h, const nlohmann::json& act, Lang l);
// Every check: finding, figures (bounded), tables, evidence relied on.
void CheckDetails(std::ostringstream& h, const nlohmann::json& act, Lang l);
// The attested documents with their SHA-256.
void Documents(std::ostringstream& h, const nlohmann::json& act, Lang l);
// The manifest: every evidence file with its size and SHA-256.
void EvidenceFiles(std::ostringstream& h, const nlohmann::json& act, Lang l);
// The signature, or that the act is unsigned, and how to verify it.
void Signature(std::ostringstream& h, const nlohmann::json& act, Lang l);

}  // namespace pooltest::act_html
