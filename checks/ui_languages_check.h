// R4.6: the information system has a user interface in Kazakh, Russian and
// English. Passes only when every declared page answers in all three
// languages, declares the right <html lang>, offers a switcher reaching the
// other two languages, and the share of its text in the expected language
// reaches the scenario's ui_coverage. Lists, per page and language, the
// figures and the worst offending strings.
#pragma once

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

CheckResult CheckUiLanguages(const CheckInput& in);

}  // namespace pooltest
