// R4.3: at least one backup complex in *another settlement* of Kazakhstan.
// One result per backup site. Passes only when the backup's addresses are
// all placed in KZ in one city that differs from the primary's, that city
// agrees with the declared settlement, and the backup serves miners (a stratum
// handshake through it succeeds). Fails when it is abroad, in the primary's
// city, or does not serve miners; inconclusive when cities are unknown or
// databases disagree.
#pragma once

#include <vector>

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

std::vector<CheckResult> CheckBackupSites(const CheckInput& in);

}  // namespace pooltest
