// What every check is given: the scenario (declarations and thresholds) and
// the observations of the run. Checks are pure functions of this input, so
// they are unit-tested with hand-made observations and no network.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/observation.h"
#include "scenarios/scenario.h"

namespace pooltest {

struct CheckInput {
  const Scenario& scenario;
  const std::vector<Observation>& observations;

  // Observations of one probe kind, optionally narrowed to a site.
  std::vector<const Observation*> Select(const std::string& probe,
                                         const std::string* site = nullptr) const {
    std::vector<const Observation*> out;
    for (const Observation& o : observations) {
      if (o.probe == probe && (site == nullptr || o.site == *site)) out.push_back(&o);
    }
    return out;
  }
};

}  // namespace pooltest
