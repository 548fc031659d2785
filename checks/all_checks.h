// Every check of the seven mandatory conditions, in clause order. The act is
// positive only when each result passes or is attested (IsPositive).
//
// JudgeAll is total: whatever the observations hold, it returns one result
// per check. A check that still fails internally (an exception escaping it)
// yields `error` for its clause with the reason, and the other checks are
// judged as usual, so a run always writes its results and its act.
#pragma once

#include <vector>

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

std::vector<CheckResult> JudgeAll(const CheckInput& in);

}  // namespace pooltest
