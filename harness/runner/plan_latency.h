// Latency-only planning, for `pooltest measure`: the TCP connect and stratum
// round-trip probes of every site address, nothing else, so a lab can take
// measurements at another vantage point and import them into a run there
// (scenario `measurements`, format pooltest).
#pragma once

#include "harness/runner/plan.h"

namespace pooltest {

Plan PlanLatency(const Scenario& scenario, const AddressBook& addresses);

}  // namespace pooltest
