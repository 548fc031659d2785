// Everything a report renders about one run: what was tested (scenario),
// when and from where, how the run went, and what the checks decided.
// Reports only render this; they never re-judge.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check_result.h"
#include "scenarios/scenario.h"

namespace pooltest {

struct RunRecord {
  std::string harness_version;
  const Scenario* scenario = nullptr;
  std::string vantage;
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point finished;
  bool interrupted = false;   // Ctrl-C / SIGTERM
  bool deadline_hit = false;  // run_timeout reached
  size_t observations = 0;
  std::string evidence_file;    // file name inside the output folder
  std::string evidence_sha256;  // of that file
  std::vector<CheckResult> checks;
  std::string hostname;  // of the machine that ran it (junit.xml's testsuite)
  // When each observation's probe began and finished, by id: a check's time
  // in junit.xml is the span of the probes it cites.
  std::map<std::string,
           std::pair<std::chrono::system_clock::time_point, std::chrono::system_clock::time_point>>
      probe_times;
  nlohmann::json data_used = nlohmann::json::array();  // act_data_used.h's section
};

}  // namespace pooltest
