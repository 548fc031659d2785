// R4.1: the pool's hardware-software complex is on the territory of
// Kazakhstan. Passes only when every probed address of every site and of the
// UI is placed in KZ by every geolocation database that knows it. Fails when
// the databases agree an address is abroad; inconclusive when a database is
// missing or unusable, an address is unknown, a name did not resolve, or the
// databases disagree (the disagreement is shown, never resolved for us).
#pragma once

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

CheckResult CheckLocation(const CheckInput& in);

}  // namespace pooltest
