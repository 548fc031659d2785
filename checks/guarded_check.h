// Runs one check so that it cannot abort the run: an exception escaping it
// becomes an `error` result for each check id it would have produced (its
// "slots"), with the exception's text as the reason. JudgeAll runs every
// check through it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "checks/check_result.h"

namespace pooltest {

// The id, clause and title of a result a check produces.
struct CheckSlot {
  std::string id;
  std::string clause;
  std::string title;
};

// `check()`'s results, or, if it throws, one error result per slot.
std::vector<CheckResult> GuardedCheck(const std::function<std::vector<CheckResult>()>& check,
                                      const std::vector<CheckSlot>& slots);

}  // namespace pooltest
