// Executes plans on Boost.Asio: at most `concurrency` probes at once, each
// with its own deadline, the whole run with an absolute deadline. SIGINT and
// SIGTERM cancel the run cleanly. Every observation goes to the evidence
// store the moment it arrives; probes that never started are recorded as
// cancelled, so the evidence always accounts for the whole plan.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "harness/runner/evidence_store.h"
#include "harness/runner/plan.h"

namespace pooltest {

struct ProgressEvent {
  size_t done = 0;
  size_t total = 0;
  const Observation* observation = nullptr;  // the one just recorded
  std::string label;
};

struct RunOptions {
  int concurrency = 16;
  std::chrono::milliseconds probe_timeout{5000};
  std::chrono::steady_clock::time_point run_deadline;
  std::string vantage;
  bool handle_signals = true;
  std::string evidence_dir;  // passed to probes as ProbeContext::evidence_dir
  // Tabs of the run's one Chromium at once (ui.render_concurrency): the
  // runner owns the browser pool for the run (ProbeContext::browsers), so
  // every phase's renders share one browser, ended when the runner goes.
  int render_concurrency = 4;
  std::function<void(const ProgressEvent&)> on_progress;  // may be empty
};

class Runner {
 public:
  Runner(RunOptions options, EvidenceStore& store);
  ~Runner();

  // Runs one phase to completion (or to the run deadline / an interrupt);
  // when it returns, the phase's evidence is durable (EvidenceStore::Flush).
  // Returns false when the run was cut short; later phases should not start.
  // Each probe's closure (and what it holds: targets, shared connections)
  // is released once its observation is recorded, so a long plan's memory
  // goes down as the evidence goes up; pass the plan with std::move when
  // it is not needed afterwards.
  bool Execute(Plan plan);
  // Probes planned from the evidence as it comes: `next_wave` is called on
  // the io thread once before any probe starts, then each time every probe
  // of the wave it last returned has been recorded (the store then holds
  // their observations), until it returns an empty plan or the run is cut
  // short. A wave's probes run alongside what is left of `plan`, so a UI
  // crawl does not wait for a slow support ticket. Empty `next_wave`: the
  // same as Execute(plan).
  bool Execute(Plan plan, const std::function<Plan()>& next_wave);
  // Where the probes of later Execute calls may connect (ProbeContext::targets);
  // until set, nowhere.
  void SetTargets(std::shared_ptr<const TargetPolicy> targets);

  bool interrupted() const;
  bool deadline_hit() const;
  // Write errors from the evidence store; the run continues in memory.
  const std::vector<std::string>& store_errors() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
