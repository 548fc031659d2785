#include "probes/location/app_rtt_probe.h"

#include <algorithm>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_object.h"
#include "probes/common/admitted_endpoint.h"
#include "probes/common/unpredictable_ids.h"
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

}  // namespace

RttTally::RttTally(const ProbeContext& ctx, const AppRttTarget& target, std::string method)
    : start_(Clock::now()),
      method_(std::move(method)),
      asked_(std::clamp(target.samples, 1, kMaxRttSamples)) {
  obs_.probe = "latency.stratum";
  obs_.target = (target.address.find(':') != std::string::npos ? "[" + target.address + "]"
                                                               : target.address) +
                ":" + std::to_string(target.port);
  obs_.site = target.site;
  obs_.channel = target.channel;
  obs_.vantage = ctx.vantage;
  obs_.started = std::chrono::system_clock::now();
  obs_.data = JsonObject({{"address", target.address},
                          {"port", target.port},
                          {"method", method_},
                          {"asked", asked_},
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
                          {"errors", nlohmann::json::array()}});
}

std::optional<Clock::time_point> RttTally::NextSampleDeadline(Clock::time_point deadline) const {
  const Clock::time_point now = Clock::now();
  if (attempted_ >= asked_ || deadline - now < kMinWindow) return std::nullopt;
  const Clock::duration left = deadline - now;
  const Clock::duration share = left / (asked_ - attempted_);
  const Clock::duration floor = std::min<Clock::duration>(left, kMinSampleWait);
  return now + std::max(share, floor);
}

Observation RttTally::Refused(const std::string& reason, bool harness_fault) {
  obs_.data["refused"] = reason;
  obs_.data["not_attempted"] = asked_;
  obs_.status = harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed;
  obs_.detail = "not connected: " + reason;
  obs_.finished = std::chrono::system_clock::now();
  return std::move(obs_);
}

void RttTally::Add(const SubscribeRoundTrip& r) {
  ++attempted_;
  obs_.data["samples"].push_back(r.ToJson());
  if (r.connect_ms) connects_.push_back(*r.connect_ms);
  if (r.kernel_rtt_ms) kernel_.push_back(*r.kernel_rtt_ms);
  if (r.answered()) {
    rtts_.push_back(*r.rtt_ms);
    obs_.data["samples_ms"].push_back(*r.rtt_ms);
  } else {
    obs_.data["errors"].push_back("sample " + std::to_string(r.n) + ": " + r.unanswered);
  }
  cancelled_ = cancelled_ || r.cancelled;
}

Observation RttTally::Finish() {
  const int answered = static_cast<int>(rtts_.size());
  obs_.data["attempted"] = attempted_;
  obs_.data["answered"] = answered;
  obs_.data["unanswered"] = attempted_ - answered;
  obs_.data["not_attempted"] = asked_ - attempted_;
  PutRttSummary(obs_.data, rtts_);
  obs_.data["connect_samples_ms"] = connects_;
  obs_.data["connect_min_ms"] = MinOf(connects_);
  obs_.data["kernel_rtt_min_ms"] = MinOf(kernel_);

  std::string tally = std::to_string(answered) + " of " + std::to_string(asked_) +
                      " stratum round trips to " + obs_.target + " answered (" + method_ + ")";
  if (attempted_ > answered) {
    tally += "; " + std::to_string(attempted_ - answered) + " unanswered, first " +
             obs_.data["errors"][0].get<std::string>();
  }
  if (attempted_ < asked_ && !cancelled_) {
    tally += "; " + std::to_string(asked_ - attempted_) + " not attempted: the deadline came first";
  }
  ProbeStatus status = ProbeStatus::kOk;
  if (cancelled_) {
    status = ProbeStatus::kCancelled;
    tally = "run cancelled; " + tally;
  } else if (attempted_ == 0) {
    status = ProbeStatus::kTimeout;
    tally = "deadline passed; " + tally;
  } else if (answered == 0) {
    status = ProbeStatus::kFailed;
  }
  obs_.status = status;
  obs_.detail = std::move(tally);
  obs_.finished = std::chrono::system_clock::now();
  return std::move(obs_);
}

boost::asio::awaitable<Observation> ProbeStratumRtt(ProbeContext ctx, AppRttTarget target) {
  RttTally tally(ctx, target, "one mining.subscribe per fresh TCP connection");
  const AdmittedEndpoint admitted = AdmitEndpoint(ctx, target.address, target.port);
  if (!admitted.admitted) {
    co_return tally.Refused(admitted.refusal.reason, admitted.refusal.harness_fault);
  }

  // Unpredictable ids: an answer cannot leave the server before the request
  // reaches it. 31 bits, because some pools parse ids as 32-bit integers.
  std::mt19937_64 rng = UnpredictableIdSource();
  std::uniform_int_distribution<int64_t> ids(1, 0x7fffffff);

  while (!tally.cancelled()) {
    const std::optional<Clock::time_point> until = tally.NextSampleDeadline(ctx.deadline);
    if (!until) break;
    tally.Add(co_await TimeOneSubscribe(ctx, admitted.endpoint, *until, tally.attempted() + 1,
                                        ids(rng), tally.start(), tally.obs()));
  }
  co_return tally.Finish();
}

}  // namespace pooltest
