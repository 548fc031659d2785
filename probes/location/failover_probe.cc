#include "probes/location/failover_probe.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "probes/common/watchdog.h"
#include "probes/location/shell_command.h"

// GCC 12 misreads Asio's awaitable frame allocator (recycling operator new /
// sized delete) in this long coroutine as a mismatched pair; it is not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace pooltest {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr auto kRetryPause = std::chrono::milliseconds(250);
constexpr auto kCommandLimit = std::chrono::seconds(60);

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

bool Flag(const nlohmann::json& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->is_boolean() && it->get<bool>();
}

// A handshake that subscribed, authorized and received work.
bool Served(const Observation& o) {
  return o.status == ProbeStatus::kOk && Flag(o.data, "subscribed") && Flag(o.data, "authorized") &&
         Flag(o.data, "notify_received");
}

asio::awaitable<void> Pause(asio::any_io_executor ex, Clock::duration d) {
  asio::steady_timer t(ex);
  t.expires_after(d);
  boost::system::error_code ec;
  co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<Observation> Handshake(const ProbeContext& ctx, const StratumTarget& st,
                                       Clock::time_point until, std::chrono::milliseconds limit) {
  ProbeContext sub = ctx;
  sub.deadline = std::min(until, Clock::now() + limit);
  co_return co_await ProbeStratumHandshake(sub, st);
}

std::string Where(const StratumTarget& st) {
  return st.channel + " " + st.address + ":" + std::to_string(st.port);
}

}  // namespace

asio::awaitable<Observation> ProbeFailover(ProbeContext ctx, FailoverTarget t) {
  Observation obs;
  obs.probe = "failover.step";
  obs.target = t.site + "/" + t.step.channel;
  obs.site = t.site;
  obs.channel = t.step.channel;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  const FailoverStep& step = t.step;
  obs.data = {{"channel", step.channel},
              {"method", step.command.empty() ? "prompt" : "command"},
              {"command", step.command},
              {"deadline_ms", step.deadline.count()},
              {"served", false},
              {"down_confirmed", false},
              {"attempts", nlohmann::json::array()},
              {"down_checks", nlohmann::json::array()},
              {"restore_command", step.restore}};
  auto finish = [&obs](ProbeStatus status, std::string detail) {
    obs.status = status;
    obs.detail = std::move(detail);
    obs.finished = std::chrono::system_clock::now();
    return obs;
  };
  auto stopped = [&ctx] { return ctx.cancel->cancelled() || Clock::now() >= ctx.deadline; };

  // 1. Let the site's own probes finish: taking a channel down under them
  // would turn the step into a false "dead channel".
  while (t.pending && t.pending->load() > 0) {
    if (stopped())
      co_return finish(ctx.cancel->cancelled() ? ProbeStatus::kCancelled : ProbeStatus::kTimeout,
                       "the site's other probes did not finish in time");
    co_await Pause(ctx.executor, std::chrono::milliseconds(20));
  }
  if (t.others.empty())
    co_return finish(ProbeStatus::kError, "site '" + t.site + "' has no channel other than " +
                                              step.channel + " to fail over to");

  // 2. Take the channel down.
  if (!step.command.empty()) {
    AddTranscript(obs, "event", "running take-down command: " + step.command);
    CommandOutcome c = co_await RunShellCommand(
        ctx.executor, step.command, std::min(ctx.deadline, Clock::now() + kCommandLimit));
    obs.data["command_exit"] = c.exit_code;
    obs.data["command_output"] = c.output;
    AddTranscript(obs, "event",
                  "take-down command exited " + std::to_string(c.exit_code) +
                      (c.output.empty() ? "" : ": " + c.output));
    if (!c.started) co_return finish(ProbeStatus::kError, c.error);
    if (c.timed_out)
      co_return finish(ProbeStatus::kTimeout, "the take-down command did not finish in time");
    if (c.exit_code != 0)
      co_return finish(ProbeStatus::kError,
                       "the take-down command failed (exit " + std::to_string(c.exit_code) + ")");
  } else if (!t.interactive) {
    co_return finish(ProbeStatus::kError,
                     "no take-down command is declared and stdin is not a terminal, so the "
                     "operator cannot be asked; add sites[].failover.command");
  } else {
    const std::string ask = step.prompt.empty() ? "Take channel '" + step.channel + "' of site '" +
                                                      t.site + "' down now, then press Enter."
                                                : step.prompt;
    std::cerr << "\n[pooltest] " << ask << std::endl;
    AddTranscript(obs, "event", "operator asked: " + ask);
    asio::posix::stream_descriptor in(ctx.executor, ::dup(STDIN_FILENO));
    Watchdog dog(ctx, [&in] {
      boost::system::error_code ignored;
      in.close(ignored);
    });
    asio::streambuf line;
    boost::system::error_code ec;
    co_await asio::async_read_until(in, line, '\n', asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      co_return finish(dog.cancelled() ? ProbeStatus::kCancelled : ProbeStatus::kTimeout,
                       "the operator did not confirm the take-down");
    AddTranscript(obs, "event", "operator confirmed the take-down");
  }

  // 3. Miners must be served through another channel within the deadline.
  const Clock::time_point down_at = Clock::now();
  const Clock::time_point until = std::min(ctx.deadline, down_at + step.deadline);
  std::string last_error;
  bool served = false;
  while (!served && Clock::now() < until && !ctx.cancel->cancelled()) {
    for (const StratumTarget& st : t.others) {
      Observation h = co_await Handshake(ctx, st, until, t.handshake_timeout);
      const double after = Ms(Clock::now() - down_at);
      const bool ok = Served(h);
      obs.data["attempts"].push_back(
          {{"target", Where(st)}, {"served", ok}, {"detail", h.detail}, {"after_ms", after}});
      AddTranscript(obs, "event", Where(st) + (ok ? " served miners" : ": " + h.detail));
      if (ok) {
        served = true;
        obs.data["served"] = true;
        obs.data["served_via"] = Where(st);
        obs.data["served_after_ms"] = after;
        break;
      }
      last_error = Where(st) + ": " + h.detail;
    }
    if (!served) co_await Pause(ctx.executor, kRetryPause);
  }
  if (!last_error.empty()) obs.data["last_error"] = last_error;

  // 4. The downed channel must really be down, or nothing was witnessed.
  bool still_up = false;
  for (const StratumTarget& st : t.down) {
    Observation h = co_await Handshake(ctx, st, ctx.deadline, t.handshake_timeout);
    const bool ok = Served(h);
    still_up = still_up || ok;
    obs.data["down_checks"].push_back(
        {{"target", Where(st)}, {"served", ok}, {"detail", h.detail}});
    AddTranscript(obs, "event",
                  Where(st) + (ok ? " still serves miners" : " is down: " + h.detail));
  }
  obs.data["down_confirmed"] = !t.down.empty() && !still_up;

  // 5. Restore.
  if (!step.restore.empty()) {
    CommandOutcome r =
        co_await RunShellCommand(ctx.executor, step.restore, Clock::now() + kCommandLimit);
    obs.data["restore_exit"] = r.exit_code;
    AddTranscript(obs, "event", "restore command exited " + std::to_string(r.exit_code));
  } else if (step.command.empty() && t.interactive) {
    std::cerr << "[pooltest] Failover step done: bring channel '" << step.channel << "' back up."
              << std::endl;
  }
  if (ctx.cancel->cancelled()) co_return finish(ProbeStatus::kCancelled, "run cancelled");
  co_return finish(ProbeStatus::kOk, served ? "with " + step.channel +
                                                  " down, miners were served via " +
                                                  obs.data["served_via"].get<std::string>()
                                            : "with " + step.channel +
                                                  " down, no other channel served miners "
                                                  "before the deadline");
}

}  // namespace pooltest
