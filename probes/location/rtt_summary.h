// The summary every RTT observation carries: min_ms, median_ms and max_ms of
// its samples (null when there are none), so checks and the measurements
// file read one shape whatever took the samples.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace pooltest {

void PutRttSummary(nlohmann::json& data, std::vector<double> samples);

}  // namespace pooltest
