#include "probes/location/app_rtt_probe.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "probes/common/admitted_endpoint.h"
#include "probes/common/watchdog.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr int kMaxSamples = 50;
// Lines a server may interleave (notifications) before our response.
constexpr int kMaxLinesPerSample = 32;
constexpr size_t kMaxLineBytes = 64 * 1024;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

asio::awaitable<Observation> ProbeStratumRtt(ProbeContext ctx, AppRttTarget target) {
  Observation obs;
  obs.probe = "latency.stratum";
  obs.target = (target.address.find(':') != std::string::npos ? "[" + target.address + "]"
                                                              : target.address) +
               ":" + std::to_string(target.port);
  obs.site = target.site;
  obs.channel = target.channel;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  obs.data = {{"address", target.address}, {"port", target.port},
              {"connect_ms", nullptr},     {"samples_ms", nlohmann::json::array()},
              {"min_ms", nullptr},         {"median_ms", nullptr},
              {"max_ms", nullptr},         {"errors", nlohmann::json::array()}};
  auto finish = [&obs](ProbeStatus status, std::string detail) {
    obs.status = status;
    obs.detail = std::move(detail);
    obs.finished = std::chrono::system_clock::now();
    return obs;
  };

  boost::system::error_code ec;
  const AdmittedEndpoint admitted = AdmitEndpoint(ctx, target.address, target.port);
  if (!admitted.admitted) {
    obs.data["refused"] = admitted.refusal.reason;
    co_return finish(admitted.refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed,
                     "not connected: " + admitted.refusal.reason);
  }
  tcp::socket sock(ctx.executor);
  Watchdog dog(ctx, [&sock] {
    boost::system::error_code ignored;
    sock.close(ignored);
  });
  const Clock::time_point c0 = Clock::now();
  co_await sock.async_connect(admitted.endpoint, asio::redirect_error(asio::use_awaitable, ec));
  if (dog.cancelled()) co_return finish(ProbeStatus::kCancelled, "run cancelled while connecting");
  if (dog.timed_out()) co_return finish(ProbeStatus::kTimeout, "deadline passed while connecting");
  if (ec) {
    AddTranscript(obs, "event", "connect failed: " + ec.message());
    co_return finish(ProbeStatus::kFailed, "connect to " + obs.target + " failed: " + ec.message());
  }
  obs.data["connect_ms"] = Ms(Clock::now() - c0);
  AddTranscript(obs, "event", "connected");

  asio::streambuf buf(kMaxLineBytes);
  std::vector<double> times;
  const int samples = std::clamp(target.samples, 1, kMaxSamples);
  std::string error;
  for (int i = 1; i <= samples && error.empty(); ++i) {
    const nlohmann::json req = {{"id", 100 + i},
                                {"method", "mining.subscribe"},
                                {"params", nlohmann::json::array({"pooltest-rtt/1"})}};
    const std::string line = req.dump() + "\n";
    AddTranscript(obs, "sent", req.dump());
    const Clock::time_point t0 = Clock::now();
    co_await asio::async_write(sock, asio::buffer(line),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      error = "send failed: " + ec.message();
      break;
    }
    bool matched = false;
    for (int n = 0; n < kMaxLinesPerSample && !matched; ++n) {
      co_await asio::async_read_until(sock, buf, '\n',
                                      asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        error = "read failed: " + ec.message();
        break;
      }
      const double ms = Ms(Clock::now() - t0);
      std::string got(
          asio::buffers_begin(buf.data()),
          asio::buffers_begin(buf.data()) + static_cast<std::ptrdiff_t>(buf.data().size()));
      const size_t nl = got.find('\n');
      got.resize(nl);
      buf.consume(nl + 1);
      AddTranscript(obs, "received", got);
      nlohmann::json resp = nlohmann::json::parse(got, nullptr, false);
      if (resp.is_object() && resp.value("id", nlohmann::json()) == req["id"]) {
        matched = true;
        times.push_back(ms);
        obs.data["samples_ms"].push_back(ms);
      }
    }
    if (!matched && error.empty()) error = "no response to request " + req["id"].dump();
  }
  if (!error.empty()) {
    obs.data["errors"].push_back(error);
    AddTranscript(obs, "event", error);
  }
  if (!times.empty()) {
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    const size_t mid = sorted.size() / 2;
    obs.data["min_ms"] = sorted.front();
    obs.data["max_ms"] = sorted.back();
    obs.data["median_ms"] = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  sock.close(ec);
  const std::string tally = std::to_string(times.size()) + " of " + std::to_string(samples) +
                            " stratum round trips to " + obs.target + " answered";
  if (dog.cancelled()) co_return finish(ProbeStatus::kCancelled, "run cancelled; " + tally);
  if (dog.timed_out()) co_return finish(ProbeStatus::kTimeout, "deadline passed; " + tally);
  if (times.empty())
    co_return finish(ProbeStatus::kFailed, tally + (error.empty() ? "" : ": " + error));
  co_return finish(ProbeStatus::kOk, tally);
}

}  // namespace pooltest
