// One connection per address and port: the TCP connect, the Stratum V1
// handshake and the application round trips of one stratum endpoint address
// on a single connection, reported as the three observations the separate
// probes give (tcp.connect, stratum.handshake, latency.stratum) with the
// same data keys, so checks read them unchanged.
//
// How each is taken on the one connection:
// - tcp.connect: the connect of this connection, one sample (attempts 1);
//   published as soon as the connect ends.
// - stratum.handshake: exactly stratum_probe.h's, with ids the pool cannot
//   guess; published when the handshake ends.
// - latency.stratum (plain stratum only): sample 1 is the handshake's
//   mining.subscribe, timed from the request to the line answering it;
//   once the invalid share is answered, the others are further invalid
//   mining.submit on the same connection (submit_round_trip.h says why).
//   Whatever the connection cannot give (the pool refused the worker, sent
//   no work, stopped answering, closed) is taken as before, one
//   mining.subscribe per fresh connection, in the time left.
// Every observation notes "connection": "shared" in its data; the
// transcripts are each observation's part of the conversation.
//
// Each part is asked for by its own planned probe; the first one the
// runner starts opens the connection with its context (deadline and
// cancellation) and the others wait for their part, each until at most
// its own deadline (plus a second), so no worker waits on a probe nobody
// started. Not thread-safe: every call on one executor (the runner's single
// io thread).
#pragma once

#include <memory>
#include <optional>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "probes/stratum/stratum_probe.h"

namespace pooltest {

struct SharedConnectionTarget {
  StratumTarget stratum;
  int rtt_samples = 5;  // latency.stratum samples, and tcp.connect's when it falls back
};

class SharedConnection : public std::enable_shared_from_this<SharedConnection> {
 public:
  enum class Part { kTcp = 0, kHandshake = 1, kRtt = 2 };

  explicit SharedConnection(SharedConnectionTarget target) : target_(std::move(target)) {}

  // The observation of `part`; kRtt only for a plain stratum target.
  boost::asio::awaitable<Observation> Observe(ProbeContext ctx, Part part);

 private:
  // A part's observation from when it is published until its probe takes
  // it: moved out then, so a run of N endpoints keeps no transcripts here
  // while the plan (which holds this object) lives on.
  struct Slot {
    bool published = false;
    std::optional<Observation> obs;
    std::unique_ptr<boost::asio::steady_timer> wake;
  };
  static boost::asio::awaitable<void> Run(std::shared_ptr<SharedConnection> self, ProbeContext ctx);
  boost::asio::awaitable<void> Converse(const ProbeContext& ctx);
  void Publish(Part part, Observation obs);

  SharedConnectionTarget target_;
  bool started_ = false;
  Slot slots_[3];
};

}  // namespace pooltest
