// Application round trip to a stratum endpoint ("latency.stratum"): up to
// `samples` round trips, each one mining.subscribe on a fresh TCP connection
// (subscribe_round_trip.h says why), timed from the request to the response
// that echoes its id. Unlike a TCP connect, this round trip runs through the
// pool's own software, so a front-end proxy near the vantage point cannot
// fake it as easily; the connect time and the kernel's TCP_INFO RTT of each
// connection are kept beside it as cross-checks.
//
// A sample the server leaves unanswered is recorded with why and the next one
// is taken; answered samples are always kept. Each sample gets a fair share
// of the time left before the deadline (at least kMinSampleWait, when that
// much is left), so one silence cannot eat the whole probe.
//
// Status: kOk when at least one sample was answered, kFailed when none was
// (the detail says why), kCancelled when the run was cancelled, kTimeout when
// the deadline left no time for a single sample.
//
// Observation data: address, port, method, asked (samples requested),
// attempted, answered, unanswered, not_attempted, samples_ms [answered RTTs],
// min_ms, median_ms, max_ms, connect_samples_ms [..], connect_min_ms,
// kernel_rtt_min_ms, samples [per sample: n, id, wait_ms, connect_ms, sent_ms,
// received_ms, rtt_ms, kernel_rtt_ms, lines, answered, answer | unanswered],
// errors [why each unanswered sample was]. Transcript: each request, the
// first received lines of each sample, events.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"

namespace pooltest {

// Latency evidence needs a handful of samples, not a flood.
inline constexpr int kMaxRttSamples = 50;
// A sample is given at least this long (or all the time left, if less):
// connect plus subscribe is two round trips, and a pool far away may need
// several hundred milliseconds for each.
inline constexpr std::chrono::milliseconds kMinSampleWait{1000};

struct AppRttTarget {
  std::string site;
  std::string channel;
  std::string address;  // IP literal
  uint16_t port = 0;
  int samples = 5;
};

boost::asio::awaitable<Observation> ProbeStratumRtt(ProbeContext ctx, AppRttTarget target);

struct SubscribeRoundTrip;

// The latency.stratum observation as its samples come in, for
// ProbeStratumRtt and for a connection shared with the handshake
// (probes/endpoint/shared_connection.h): the data above, each sample added,
// the tally, summary and status at the end. `method` says how the samples
// were taken.
class RttTally {
 public:
  using Clock = std::chrono::steady_clock;
  RttTally(const ProbeContext& ctx, const AppRttTarget& target, std::string method);

  Observation& obs() { return obs_; }
  int asked() const { return asked_; }
  int attempted() const { return attempted_; }
  // When the probe began: the origin of each sample's sent_ms and received_ms.
  Clock::time_point start() const { return start_; }
  // When the next sample must end: its fair share of the time left before
  // `deadline`, at least kMinSampleWait when that much is left; nullopt
  // when too little is left to start one.
  std::optional<Clock::time_point> NextSampleDeadline(Clock::time_point deadline) const;

  // The target policy refused the address (harness_fault: the harness's
  // own doing): nothing was attempted. Hands the observation over (moved
  // out), as Finish does: either ends the tally.
  Observation Refused(const std::string& reason, bool harness_fault);
  void Add(const SubscribeRoundTrip& r);
  bool cancelled() const { return cancelled_; }
  Observation Finish();

 private:
  Observation obs_;
  Clock::time_point start_;
  std::string method_;
  int asked_ = 0;
  int attempted_ = 0;
  bool cancelled_ = false;
  std::vector<double> rtts_, connects_, kernel_;
};

}  // namespace pooltest
