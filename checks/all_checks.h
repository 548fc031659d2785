// Every check of the seven mandatory conditions, in clause order. The act is
// positive only when each result passes or is attested (IsPositive).
#pragma once

#include <vector>

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

std::vector<CheckResult> JudgeAll(const CheckInput& in);

}  // namespace pooltest
