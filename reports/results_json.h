// results.json: the run's verdicts as one JSON document, for machines (CI,
// later tooling) and as the input of the signed act.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "reports/run_record.h"

namespace pooltest {

// The applicant as results.json and act.json give it (with the basis of the
// test when the scenario states it).
nlohmann::json ApplicantJson(const Applicant& a);

nlohmann::json ResultsJson(const RunRecord& run);
Status WriteResultsJson(const RunRecord& run, const std::string& path);

}  // namespace pooltest
