// What a check decides: a verdict on one condition (or part of one), citing
// its clause (R4.1 … R4.7) and the observation ids it rests on, with the
// figures behind it and one sentence a lab engineer can act on. The
// sentence is rendered from the finding (a catalogue key with arguments,
// checks/finding_catalogue.h) and its notes; results and acts written
// before findings existed have a summary only, and still load.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/finding.h"

namespace pooltest {

enum class Verdict {
  kPass,
  kFail,
  kInconclusive,  // evidence missing or sources disagree
  kError,         // the harness could not run the check
  kAttested       // a document item, recorded by reference and hash
};

const char* ToString(Verdict v);
bool ParseVerdict(const std::string& s, Verdict* out);

struct CheckResult {
  std::string id;      // stable check id, e.g. "R4.4.channels"
  std::string clause;  // "R4.4"
  std::string title;   // short English title
  Verdict verdict = Verdict::kError;
  std::string summary;                // one actionable sentence, rendered from finding and notes
  std::vector<std::string> evidence;  // observation ids
  nlohmann::json figures = nlohmann::json::object();
  Finding finding;             // what decided the verdict; empty in results from before findings
  std::vector<Finding> notes;  // sentences appended to the summary (catalogue parts)
};

nlohmann::json ToJson(const CheckResult& r);
bool FromJson(const nlohmann::json& j, CheckResult* out, std::string* why);

// The act is positive only when every check passed or is attested.
bool IsPositive(const std::vector<CheckResult>& results);

}  // namespace pooltest
