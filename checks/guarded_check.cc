#include "checks/guarded_check.h"

#include <exception>

#include "checks/finding_catalogue.h"

namespace pooltest {
namespace {

CheckResult InternalError(const CheckSlot& s, const std::string& what) {
  CheckResult r;
  r.id = s.id;
  r.clause = s.clause;
  r.title = s.title;
  Decide(r, "check.internal_error", {{"what", what}});
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
