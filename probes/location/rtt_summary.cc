#include "probes/location/rtt_summary.h"

#include <algorithm>

namespace pooltest {

void PutRttSummary(nlohmann::json& data, std::vector<double> samples) {
  if (samples.empty()) {
    data["min_ms"] = nullptr;
    data["median_ms"] = nullptr;
    data["max_ms"] = nullptr;
    return;
  }
  std::sort(samples.begin(), samples.end());
  const size_t mid = samples.size() / 2;
  data["min_ms"] = samples.front();
  data["median_ms"] = samples.size() % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  data["max_ms"] = samples.back();
}

}  // namespace pooltest
