// One stratum round trip as latency.stratum takes it: a fresh TCP connection
// to an admitted endpoint, one mining.subscribe with an id the server cannot
// guess, timed from the send to the line that answers that id.
//
// Why a fresh connection per sample: mining.subscribe is the one request
// every stratum server answers, but only once per connection. ckpool ignores
// a second one without a reply (stratifier.c: "trying to subscribe twice"),
// ignores a second mining.authorize the same way, and drops an unsubscribed
// client that sends a method it does not know; mining.authorize also costs a
// credential check at the pool. A random id means no answer can be sent
// before the request arrives, so a hostile server cannot fake a short trip.
//
// Bounded: everything ends by `until` (the socket is closed then, or when the
// run is cancelled); at most kMaxLinesPerRoundTrip lines of at most
// kMaxRoundTripLineBytes each are read; the transcript keeps the request and
// the first few received lines, cut to a budget.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"

namespace pooltest {

// Lines a server may send (notifications, banners) before it answers.
inline constexpr int kMaxLinesPerRoundTrip = 32;
inline constexpr size_t kMaxRoundTripLineBytes = 64 * 1024;

struct SubscribeRoundTrip {
  using Clock = std::chrono::steady_clock;

  int n = 0;  // sample number, from 1
  std::string method = "mining.subscribe";
  bool shared_connection = false;       // on the handshake's connection, not a fresh one
  int64_t id = 0;                       // the request id sent
  double wait_ms = 0;                   // the time this sample was given
  std::optional<double> connect_ms;     // TCP handshake: connect to established
  std::optional<double> sent_ms;        // since the probe began
  std::optional<double> received_ms;    // since the probe began
  std::optional<double> rtt_ms;         // answered: received_ms - sent_ms
  std::optional<double> kernel_rtt_ms;  // TCP_INFO smoothed RTT after the exchange
  // "result", or "error": an error reply still went through the pool.
  std::string answer;
  int lines = 0;           // lines received on this connection
  std::string unanswered;  // why there was no answer; empty when answered
  bool cancelled = false;  // the run was cancelled during this sample

  bool answered() const { return rtt_ms.has_value(); }
  nlohmann::json ToJson() const;
};

// `ctx` and `obs` (whose transcript gets the exchange) must outlive the call;
// `probe_start` is the origin of sent_ms and received_ms.
boost::asio::awaitable<SubscribeRoundTrip> TimeOneSubscribe(
    const ProbeContext& ctx, boost::asio::ip::tcp::endpoint endpoint,
    SubscribeRoundTrip::Clock::time_point until, int n, int64_t id,
    SubscribeRoundTrip::Clock::time_point probe_start, Observation& obs);

// The kernel's smoothed RTT of a connected TCP socket (Linux TCP_INFO), in
// ms; nullopt where unavailable.
std::optional<double> KernelRttMs(int fd);

// For the round trips of submit_round_trip.h, which read the same way:
// One received line of sample `r`, whose request left at `sent`: counted,
// kept in obs's transcript within the budget, and when it answers r.id the
// answer, received_ms and rtt_ms are filled in (true).
bool TakeRoundTripLine(SubscribeRoundTrip& r, std::string line,
                       SubscribeRoundTrip::Clock::time_point got_at,
                       SubscribeRoundTrip::Clock::time_point sent,
                       SubscribeRoundTrip::Clock::time_point probe_start, Observation& obs);
// Records why sample `r` went unanswered: the run was cancelled, its time
// ran out (timed_out), or `ec` ended `what` it was doing.
void GiveUpRoundTrip(SubscribeRoundTrip& r, bool cancelled, bool timed_out, const std::string& what,
                     const boost::system::error_code& ec, Observation& obs);

}  // namespace pooltest
