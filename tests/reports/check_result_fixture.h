// A check result made by hand, for the tests of the report files
// (junit.xml, results.json, the console summary): only what a report
// renders, with the title defaulting to the id.
#pragma once

#include <string>

#include "checks/check_result.h"

namespace pooltest::testing {

inline CheckResult MakeResult(std::string id, std::string clause, Verdict verdict,
                              std::string summary, std::string title = "") {
  CheckResult c;
  c.title = title.empty() ? id : std::move(title);
  c.id = std::move(id);
  c.clause = std::move(clause);
  c.verdict = verdict;
  c.summary = std::move(summary);
  return c;
}

}  // namespace pooltest::testing
