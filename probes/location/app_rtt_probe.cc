#include "probes/location/app_rtt_probe.h"

#include <algorithm>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "probes/common/admitted_endpoint.h"
#include "probes/location/rtt_summary.h"
#include "probes/location/subscribe_round_trip.h"

namespace pooltest {
namespace {

using Clock = std::chrono::steady_clock;

// Less time than this left before the deadline: no sample is started.
constexpr auto kMinWindow = std::chrono::milliseconds(5);

nlohmann::json MinOf(const std::vector<double>& v) {
  if (v.empty()) return nullptr;
  return *std::min_element(v.begin(), v.end());
}

// When sample `i` of `n` must end: its fair share of the time left, but at
// least kMinSampleWait unless less than that is left.
Clock::time_point SampleDeadline(Clock::time_point now, Clock::time_point deadline, int i, int n) {
  const Clock::duration left = deadline - now;
  const Clock::duration share = left / (n - i + 1);
  const Clock::duration floor = std::min<Clock::duration>(left, kMinSampleWait);
  return now + std::max(share, floor);
}

}  // namespace

boost::asio::awaitable<Observation> ProbeStratumRtt(ProbeContext ctx, AppRttTarget target) {
  Observation obs;
  obs.probe = "latency.stratum";
  obs.target = (target.address.find(':') != std::string::npos ? "[" + target.address + "]"
                                                              : target.address) +
               ":" + std::to_string(target.port);
  obs.site = target.site;
  obs.channel = target.channel;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  const Clock::time_point start = Clock::now();
  const int asked = std::clamp(target.samples, 1, kMaxRttSamples);
  obs.data = {{"address", target.address},
              {"port", target.port},
              {"method", "one mining.subscribe per fresh TCP connection"},
              {"asked", asked},
              {"attempted", 0},
              {"answered", 0},
              {"unanswered", 0},
              {"not_attempted", 0},
              {"samples_ms", nlohmann::json::array()},
              {"min_ms", nullptr},
              {"median_ms", nullptr},
              {"max_ms", nullptr},
              {"connect_samples_ms", nlohmann::json::array()},
              {"connect_min_ms", nullptr},
              {"kernel_rtt_min_ms", nullptr},
              {"samples", nlohmann::json::array()},
              {"errors", nlohmann::json::array()}};
  auto finish = [&obs](ProbeStatus status, std::string detail) {
    obs.status = status;
    obs.detail = std::move(detail);
    obs.finished = std::chrono::system_clock::now();
    return obs;
  };

  const AdmittedEndpoint admitted = AdmitEndpoint(ctx, target.address, target.port);
  if (!admitted.admitted) {
    obs.data["refused"] = admitted.refusal.reason;
    obs.data["not_attempted"] = asked;
    co_return finish(admitted.refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed,
                     "not connected: " + admitted.refusal.reason);
  }

  // Unpredictable ids: an answer cannot leave the server before the request
  // reaches it. 31 bits, because some pools parse ids as 32-bit integers.
  std::random_device seed;
  std::mt19937_64 rng(seed());
  std::uniform_int_distribution<int64_t> ids(1, 0x7fffffff);

  std::vector<double> rtts, connects, kernel;
  int attempted = 0;
  bool cancelled = false;
  for (int i = 1; i <= asked; ++i) {
    const Clock::time_point now = Clock::now();
    if (ctx.deadline - now < kMinWindow) break;
    ++attempted;
    SubscribeRoundTrip r = co_await TimeOneSubscribe(ctx, admitted.endpoint,
                                                     SampleDeadline(now, ctx.deadline, i, asked), i,
                                                     ids(rng), start, obs);
    obs.data["samples"].push_back(r.ToJson());
    if (r.connect_ms) connects.push_back(*r.connect_ms);
    if (r.kernel_rtt_ms) kernel.push_back(*r.kernel_rtt_ms);
    if (r.answered()) {
      rtts.push_back(*r.rtt_ms);
      obs.data["samples_ms"].push_back(*r.rtt_ms);
    } else {
      obs.data["errors"].push_back("sample " + std::to_string(i) + ": " + r.unanswered);
    }
    if (r.cancelled) {
      cancelled = true;
      break;
    }
  }
  const int answered = static_cast<int>(rtts.size());
  obs.data["attempted"] = attempted;
  obs.data["answered"] = answered;
  obs.data["unanswered"] = attempted - answered;
  obs.data["not_attempted"] = asked - attempted;
  PutRttSummary(obs.data, rtts);
  obs.data["connect_samples_ms"] = connects;
  obs.data["connect_min_ms"] = MinOf(connects);
  obs.data["kernel_rtt_min_ms"] = MinOf(kernel);

  std::string tally = std::to_string(answered) + " of " + std::to_string(asked) +
                      " stratum round trips to " + obs.target +
                      " answered (one mining.subscribe per fresh connection)";
  if (attempted > answered) {
    tally += "; " + std::to_string(attempted - answered) + " unanswered, first " +
             obs.data["errors"][0].get<std::string>();
  }
  if (attempted < asked && !cancelled) {
    tally += "; " + std::to_string(asked - attempted) + " not attempted: the deadline came first";
  }
  if (cancelled) co_return finish(ProbeStatus::kCancelled, "run cancelled; " + tally);
  if (attempted == 0) co_return finish(ProbeStatus::kTimeout, "deadline passed; " + tally);
  if (answered == 0) co_return finish(ProbeStatus::kFailed, tally);
  co_return finish(ProbeStatus::kOk, tally);
}

}  // namespace pooltest
