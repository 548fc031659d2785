// R4.5: technical support works around the clock. Only a campaign spread
// over every hour and weekday can show 24/7 service, so a single run can
// fail this condition but never pass it: it fails when a support channel does
// not accept requests or misses the SLA within the probe window, and is
// otherwise inconclusive, naming the campaign as the way to settle it.
#pragma once

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

CheckResult CheckSupport(const CheckInput& in);

}  // namespace pooltest
