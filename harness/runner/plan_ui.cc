#include "harness/runner/plan_parts.h"
#include "harness/runner/ui_requests.h"

namespace pooltest {

// The pages themselves are fetched in waves planned by UiExplorer (some
// variants and pages are only known from earlier results); here, where the
// UI's host is.
void PlanUi(const WebUi& ui, const AddressBook& book, const RunResources& res, Plan& plan) {
  for (const std::string& ip : Resolve(UrlHost(ui.base_url), book)) {
    PlanLookups("ui", "", ip, res, plan);
  }
}

}  // namespace pooltest
