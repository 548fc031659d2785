#include "probes/tcp/tcp_connect_probe.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "probes/common/admitted_endpoint.h"
#include "probes/common/watchdog.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Latency evidence needs a handful of samples, not a flood.
constexpr int kMaxSamples = 50;

Observation Finish(Observation& obs, ProbeStatus status, std::string detail) {
  obs.status = status;
  obs.detail = std::move(detail);
  obs.finished = std::chrono::system_clock::now();
  return obs;
}

}  // namespace

Observation StartTcpConnect(const ProbeContext& ctx, const TcpTarget& target) {
  Observation obs;
  obs.probe = "tcp.connect";
  obs.target = target.address + ":" + std::to_string(target.port);
  obs.site = target.site;
  obs.channel = target.channel;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  obs.data = nlohmann::json{{"attempts", 0},
                            {"connected", 0},
                            {"samples_ms", nlohmann::json::array()},
                            {"min_ms", nullptr},
                            {"median_ms", nullptr},
                            {"max_ms", nullptr},
                            {"errors", nlohmann::json::array()}};
  return obs;
}

Observation FinishTcpConnect(Observation obs, int attempts, const std::vector<double>& times,
                             bool cancelled, bool timed_out, const std::string& how) {
  obs.data["attempts"] = attempts;
  obs.data["connected"] = times.size();
  if (!times.empty()) {
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    size_t mid = sorted.size() / 2;
    obs.data["min_ms"] = sorted.front();
    obs.data["max_ms"] = sorted.back();
    obs.data["median_ms"] = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  const std::string tally = std::to_string(times.size()) + " of " + std::to_string(attempts) +
                            " connects to " + obs.target + " succeeded" + how;
  if (cancelled) return Finish(obs, ProbeStatus::kCancelled, "run cancelled; " + tally);
  if (timed_out) return Finish(obs, ProbeStatus::kTimeout, "deadline passed; " + tally);
  if (times.empty()) return Finish(obs, ProbeStatus::kFailed, tally);
  return Finish(obs, ProbeStatus::kOk, tally);
}

asio::awaitable<Observation> ProbeTcpConnect(ProbeContext ctx, TcpTarget target) {
  Observation obs = StartTcpConnect(ctx, target);
  const int samples = std::clamp(target.samples, 1, kMaxSamples);

  boost::system::error_code ec;
  const AdmittedEndpoint admitted = AdmitEndpoint(ctx, target.address, target.port);
  if (!admitted.admitted) {
    obs.data["refused"] = admitted.refusal.reason;
    co_return Finish(obs,
                     admitted.refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed,
                     "not connected: " + admitted.refusal.reason);
  }
  const tcp::endpoint ep = admitted.endpoint;

  tcp::socket sock(ctx.executor);
  Watchdog dog(ctx, [&sock] {
    boost::system::error_code ignored;
    sock.close(ignored);
  });
  std::vector<double> times;
  int attempts = 0;
  for (int i = 1; i <= samples && !dog.timed_out() && !dog.cancelled(); ++i) {
    ++attempts;
    const Clock::time_point t0 = Clock::now();
    co_await sock.async_connect(ep, asio::redirect_error(asio::use_awaitable, ec));
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    const std::string label = "sample " + std::to_string(i) + ": ";
    if (dog.timed_out() || dog.cancelled()) {
      AddTranscript(obs, "event", label + (dog.cancelled() ? "cancelled" : "deadline passed"));
      break;
    }
    if (ec) {
      obs.data["errors"].push_back(label + ec.message());
      AddTranscript(obs, "event", label + "connect failed: " + ec.message());
    } else {
      times.push_back(ms);
      obs.data["samples_ms"].push_back(ms);
      AddTranscript(obs, "event", label + "connected in " + std::to_string(ms) + " ms");
    }
    sock.close(ec);
  }
  co_return FinishTcpConnect(std::move(obs), attempts, times, dog.cancelled(), dog.timed_out());
}

}  // namespace pooltest
