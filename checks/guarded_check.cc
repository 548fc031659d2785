#include "checks/guarded_check.h"

#include <exception>

namespace pooltest {
namespace {

CheckResult InternalError(const CheckSlot& s, const std::string& what) {
  CheckResult r;
  r.id = s.id;
  r.clause = s.clause;
  r.title = s.title;
  r.verdict = Verdict::kError;
  r.summary = "The check could not be completed (" + what +
              "); this is a fault of the harness, not of the pool: report it with the "
              "evidence file.";
  r.figures = {{"internal_error", what}};
  return r;
}

}  // namespace

std::vector<CheckResult> GuardedCheck(const std::function<std::vector<CheckResult>()>& check,
                                      const std::vector<CheckSlot>& slots) {
  std::string what;
  try {
    return check();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception that is no std::exception";
  }
  std::vector<CheckResult> out;
  for (const CheckSlot& s : slots) out.push_back(InternalError(s, what));
  return out;
}

}  // namespace pooltest
