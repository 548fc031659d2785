#include "probes/endpoint/shared_connection.h"

#include <random>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "probes/common/admitted_endpoint.h"
#include "probes/common/unpredictable_ids.h"
#include "probes/common/watchdog.h"
#include "probes/location/app_rtt_probe.h"
#include "probes/location/submit_round_trip.h"
#include "probes/location/subscribe_round_trip.h"
#include "probes/stratum/stratum_handshake.h"
#include "probes/tcp/tcp_connect_probe.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// A waiting part gives the connection this long past its own deadline
// before it reports that nothing came (the connection honours the first
// part's deadline, which is never later than the others').
constexpr auto kWaitGrace = std::chrono::seconds(1);

constexpr char kShared[] = "shared";
constexpr char kRttMethod[] =
    "the handshake's mining.subscribe, then one invalid mining.submit per sample, on the "
    "connection shared with tcp.connect and stratum.handshake; one mining.subscribe per fresh "
    "TCP connection for what it could not give";

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

const char* KindOf(SharedConnection::Part part) {
  switch (part) {
    case SharedConnection::Part::kTcp:
      return "tcp.connect";
    case SharedConnection::Part::kHandshake:
      return "stratum.handshake";
    case SharedConnection::Part::kRtt:
      return "latency.stratum";
  }
  return "";
}

// An observation of `part` when the connection gave none.
Observation Missing(const ProbeContext& ctx, SharedConnection::Part part,
                    const StratumTarget& target, ProbeStatus status, const std::string& why) {
  Observation o;
  o.probe = KindOf(part);
  o.target = target.address + ":" + std::to_string(target.port);
  o.site = target.site;
  o.channel = target.channel;
  o.vantage = ctx.vantage;
  o.started = o.finished = std::chrono::system_clock::now();
  o.status = status;
  o.detail = why;
  o.data["connection"] = kShared;
  return o;
}

}  // namespace

asio::awaitable<Observation> SharedConnection::Observe(ProbeContext ctx, Part part) {
  if (!started_) {
    started_ = true;
    asio::co_spawn(ctx.executor, Run(shared_from_this(), ctx), asio::detached);
  }
  Slot& slot = slots_[static_cast<int>(part)];
  if (!slot.published) {
    slot.wake = std::make_unique<asio::steady_timer>(ctx.executor);
    slot.wake->expires_at(ctx.deadline + kWaitGrace);
    boost::system::error_code ec;
    co_await slot.wake->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    slot.wake.reset();
  }
  if (!slot.obs) {
    co_return Missing(
        ctx, part, target_.stratum, ProbeStatus::kTimeout,
        "deadline passed: the shared connection reported nothing for " + std::string(KindOf(part)));
  }
  Observation out = std::move(*slot.obs);
  slot.obs.reset();
  co_return out;
}

void SharedConnection::Publish(Part part, Observation obs) {
  Slot& slot = slots_[static_cast<int>(part)];
  if (slot.published) return;
  slot.published = true;
  obs.data["connection"] = kShared;
  slot.obs = std::move(obs);
  if (slot.wake) slot.wake->cancel();
}

asio::awaitable<void> SharedConnection::Run(std::shared_ptr<SharedConnection> self,
                                            ProbeContext ctx) {
  try {
    co_await self->Converse(ctx);
  } catch (const std::exception& e) {
    for (Part p : {Part::kTcp, Part::kHandshake, Part::kRtt}) {
      self->Publish(p, Missing(ctx, p, self->target_.stratum, ProbeStatus::kError,
                               std::string("probe failed inside the harness: ") + e.what()));
    }
  }
}

asio::awaitable<void> SharedConnection::Converse(const ProbeContext& ctx) {
  const StratumTarget& st = target_.stratum;
  const bool rtt = !st.tls;  // the round trips speak plain stratum only
  const TcpTarget tcp_target{st.site, st.channel, st.address, st.port, target_.rtt_samples};
  const AppRttTarget rtt_target{st.site, st.channel, st.address, st.port, target_.rtt_samples};
  RttTally tally(ctx, rtt_target, kRttMethod);

  // Unpredictable ids (app_rtt_probe.h): 31 bits, the handshake's three
  // included, because some pools parse ids as 32-bit integers.
  std::mt19937_64 rng = UnpredictableIdSource();
  std::uniform_int_distribution<int64_t> ids(1, 0x7fffffff - 2);

  SharedStratumConnection hooks;
  hooks.first_id = ids(rng);
  std::optional<double> connect_ms;
  bool subscribe_timed = false;
  Observation tcp = StartTcpConnect(ctx, tcp_target);  // started now, with the connection
  hooks.connected = [&](const boost::system::error_code& ec, double ms, const Watchdog& dog) {
    Observation o = std::move(tcp);
    std::vector<double> times;
    const bool interrupted = dog.timed_out() || dog.cancelled();
    if (interrupted) {
      AddTranscript(
          o, "event",
          std::string("sample 1: ") + (dog.cancelled() ? "cancelled" : "deadline passed"));
    } else if (ec) {
      o.data["errors"].push_back("sample 1: " + ec.message());
      AddTranscript(o, "event", "sample 1: connect failed: " + ec.message());
    } else {
      connect_ms = ms;
      times.push_back(ms);
      o.data["samples_ms"].push_back(ms);
      AddTranscript(o, "event", "sample 1: connected in " + std::to_string(ms) + " ms");
    }
    Publish(Part::kTcp, FinishTcpConnect(std::move(o), 1, times, dog.cancelled(), dog.timed_out(),
                                         " (the connection shared with stratum.handshake" +
                                             std::string(rtt ? " and latency.stratum)" : ")")));
  };
  hooks.subscribe_answered = [&](Clock::time_point sent, Clock::time_point got, bool error,
                                 int fd) {
    SubscribeRoundTrip r;
    r.n = 1;
    r.id = hooks.first_id;
    r.shared_connection = true;
    r.wait_ms = Ms(ctx.deadline - sent);
    r.connect_ms = connect_ms;
    r.sent_ms = Ms(sent - tally.start());
    r.received_ms = Ms(got - tally.start());
    r.rtt_ms = Ms(got - sent);
    r.kernel_rtt_ms = KernelRttMs(fd);
    r.answer = error ? "error" : "result";
    r.lines = 1;
    AddTranscript(tally.obs(), "event",
                  "sample 1: mining.subscribe (id " + std::to_string(r.id) +
                      ") of the shared connection answered in " + std::to_string(*r.rtt_ms) +
                      " ms");
    tally.Add(r);
    subscribe_timed = true;
  };
  hooks.finished = [&](const Observation& o) { Publish(Part::kHandshake, o); };
  if (rtt) {
    hooks.more = [&](asio::ip::tcp::socket& sock, StratumLineReader& reader,
                     const StratumHandshake& hs) -> asio::awaitable<void> {
      while (sock.is_open() && !tally.cancelled()) {
        const std::optional<Clock::time_point> until = tally.NextSampleDeadline(ctx.deadline);
        if (!until) break;
        const int n = tally.attempted() + 1;
        tally.Add(co_await TimeOneSubmit(ctx, sock, reader,
                                         hs.InvalidShare(ids(rng), static_cast<uint32_t>(n)),
                                         *until, n, tally.start(), tally.obs()));
      }
    };
  }

  Observation handshake = co_await ProbeStratumHandshake(ctx, st, &hooks);
  const bool connected = handshake.data.value("connected", false);
  const bool handshake_cancelled = handshake.status == ProbeStatus::kCancelled;
  const std::string handshake_detail = handshake.detail;
  Publish(Part::kHandshake, std::move(handshake));  // unless `finished` published it
  // Refused by the target policy, or TLS could not be set up: no
  // connection was made, so the connect is probed on its own.
  if (!slots_[static_cast<int>(Part::kTcp)].published) {
    Publish(Part::kTcp, co_await ProbeTcpConnect(ctx, tcp_target));
  }
  if (!rtt) co_return;

  const AdmittedEndpoint admitted = AdmitEndpoint(ctx, st.address, st.port);
  if (!admitted.admitted) {
    Publish(Part::kRtt, tally.Refused(admitted.refusal.reason, admitted.refusal.harness_fault));
    co_return;
  }
  if (connected && !subscribe_timed) {
    // The subscribe went out on the shared connection and nothing answered
    // it: that is sample 1, unanswered, with the handshake's reason.
    SubscribeRoundTrip r;
    r.n = 1;
    r.id = hooks.first_id;
    r.shared_connection = true;
    r.connect_ms = connect_ms;
    r.cancelled = handshake_cancelled;
    r.unanswered = "mining.subscribe (id " + std::to_string(r.id) +
                   ") on the shared connection was not answered: " + handshake_detail;
    AddTranscript(tally.obs(), "event", "sample 1: " + r.unanswered);
    tally.Add(r);
  }
  while (!tally.cancelled()) {
    const std::optional<Clock::time_point> until = tally.NextSampleDeadline(ctx.deadline);
    if (!until) break;
    tally.Add(co_await TimeOneSubscribe(ctx, admitted.endpoint, *until, tally.attempted() + 1,
                                        ids(rng), tally.start(), tally.obs()));
  }
  Publish(Part::kRtt, tally.Finish());
}

}  // namespace pooltest
