// Runs the real `pooltest run` against a HostilePool for one behaviour and
// collects what the hostile tests assert on: how long the run took, how it
// exited, its peak RSS (wait4's ru_maxrss, child_launcher.h), whether results.json parses
// and what the behaviour's check says, whether every evidence line parses
// with nlohmann::json and with Python's json module (its default recursion
// limit), and what the hostile face saw. The scenario is the demo's layout
// pointed at the pool's free ports, with short thresholds.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/hostile/child_launcher.h"
#include "tests/hostile/hostile_behaviour.h"
#include "tests/hostile/hostile_pool.h"

namespace pooltest::hostile {

struct RunSettings {
  std::string pooltest;  // the binary
  std::string python = "python3";
  std::string evidence_checker;  // tests/hostile/check_evidence.py
  std::string source_dir;        // for the demo documents
  std::string data_dir;          // refpool-geo.mmdb and refpool-asn.mmdb
  std::string work_dir;          // each run gets a folder of its own inside
  std::chrono::seconds probe_timeout{3};
  std::chrono::seconds run_timeout{15};
  // A run still going this long after it started is killed (and reported
  // as hung): the test must end even when the harness does not.
  std::chrono::seconds kill_after{45};
};

struct RunReport {
  std::string error;   // the run could not be made (pool, files, spawn); nothing else is set
  std::string dir;     // the run's folder: scenario.yaml, out/, stdout.txt, stderr.txt
  int exit_code = -1;  // -1 when it died of a signal
  int signal = 0;
  bool killed = false;  // still running at kill_after
  double wall_s = 0;
  long max_rss_kb = 0;
  bool results_ok = false;  // results.json exists and parses, with a checks array
  std::string results_error;
  nlohmann::json checks = nlohmann::json::object();  // id -> {verdict, summary}
  size_t evidence_lines = 0;
  std::string evidence_error;  // the first line nlohmann rejects, numbered; "" if none
  int python_exit = -1;        // check_evidence.py's exit status
  std::string python_output;
  HostileLog seen;

  std::string Verdict(const std::string& check) const;
  std::string Summary(const std::string& check) const;
};

std::string ScenarioYaml(const Behaviour& b, const HostilePorts& ports, const RunSettings& s);

// The run's child processes are started by `launcher`.
RunReport RunBehaviour(const Behaviour& b, const RunSettings& s, ChildLauncher& launcher);

}  // namespace pooltest::hostile
