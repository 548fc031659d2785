// One run of a scenario, end to end: probe (resolution phase, then every
// other probe), record evidence as it arrives, judge, and write the reports
// into the output folder. The folder always ends up with evidence.jsonl,
// the scenario as run, and results.json, even when the run is interrupted.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "harness/runner/runner.h"
#include "reports/act_signature.h"
#include "reports/run_record.h"
#include "scenarios/lab.h"
#include "scenarios/scenario.h"

namespace pooltest {

struct SessionOptions {
  std::string out_dir;
  std::string harness_version;
  bool handle_signals = true;
  std::function<void(const ProgressEvent&)> on_progress;
  // Signs act.json (act.json.p7s) when set; the act says who signed.
  std::optional<SigningIdentity> signer;
  // The issuing lab (--lab): named in the act, and its TSA timestamps the
  // signature.
  std::optional<LabFile> lab;
  // The scenario's bytes as run, when they are not its file's (`pooltest
  // demo` rebases demo.yaml into its loopback block): kept as the output's
  // scenario.yaml instead of a copy of the file. Their SHA-256 must be the
  // scenario's.
  std::string scenario_text;
};

struct SessionOutcome {
  RunRecord record;                   // record.scenario points at the scenario passed in
  std::vector<std::string> files;     // written into out_dir
  std::vector<std::string> warnings;  // e.g. an output format not produced
};

// Errors only when the harness cannot work at all (output folder unwritable).
Result<SessionOutcome> RunSession(const Scenario& scenario, const SessionOptions& options);

// The local vantage point's name ("local" if the scenario declares none).
std::string LocalVantage(const Scenario& scenario);

}  // namespace pooltest
