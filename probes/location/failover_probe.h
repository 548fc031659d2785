// The witnessed failover step ("failover.step", R4.4): once the site's other
// probes have finished, one channel is taken down (the scenario's command is
// run, or the operator is asked at the terminal), then stratum handshakes
// through the site's other channels are retried until one serves miners or
// the deadline passes; a handshake through the downed channel confirms it is
// really down; the restore command (if any) runs last. Observes only: the
// outcome is recorded for the R4.4 check.
//
// Observation data: channel, method ("command" | "prompt"), command,
// command_exit, command_output, served, served_via, served_after_ms,
// deadline_ms, attempts [{target, served, detail, after_ms}], last_error,
// down_confirmed, down_checks [...], restore_command, restore_exit.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "probes/stratum/stratum_probe.h"
#include "scenarios/scenario.h"

namespace pooltest {

struct FailoverTarget {
  std::string site;
  FailoverStep step;
  std::vector<StratumTarget> down;    // through the channel taken down
  std::vector<StratumTarget> others;  // through the site's other channels
  // Probes of this site still running; the step waits for zero so it never
  // disturbs them. May be null.
  std::shared_ptr<std::atomic<int>> pending;
  std::chrono::milliseconds handshake_timeout{5000};
  bool interactive = false;  // stdin is a terminal: the operator can be asked
};

boost::asio::awaitable<Observation> ProbeFailover(ProbeContext ctx, FailoverTarget target);

}  // namespace pooltest
