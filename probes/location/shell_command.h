// Runs an operator-supplied shell command (`/bin/sh -c`) without blocking the
// io thread: the child is spawned, polled until it exits, and killed when the
// deadline passes. Its combined stdout/stderr is kept (first 4 KiB) as
// evidence. Used by the witnessed failover step to take a channel down and
// restore it.
#pragma once

#include <chrono>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace pooltest {

struct CommandOutcome {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // -1 when killed by a signal or not started
  std::string output;  // combined stdout and stderr, truncated
  double elapsed_ms = 0;
  std::string error;  // why it could not be started
};

boost::asio::awaitable<CommandOutcome> RunShellCommand(
    boost::asio::any_io_executor executor, std::string command,
    std::chrono::steady_clock::time_point deadline);

}  // namespace pooltest
