// results.json: the run's verdicts as one JSON document, for machines (CI,
// later tooling) and as the input of the signed act.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "reports/run_record.h"

namespace pooltest {

nlohmann::json ResultsJson(const RunRecord& run);
Status WriteResultsJson(const RunRecord& run, const std::string& path);

}  // namespace pooltest
