// One stratum round trip on the connection a handshake left open, as
// latency.stratum takes it on a shared connection
// (probes/endpoint/shared_connection.h): one more invalid mining.submit of
// the job the handshake received, with an id the pool cannot guess, timed
// from the send to the line that answers that id (a share of a job the pool
// has since replaced is answered too, with an error).
//
// Why a submit: it is the request a pool answers every time on a connection
// it has authorized, because a miner must learn whether each share counted
// (ckpool: "result": false, "reject-reason": "Above target"); a second
// subscribe or authorize goes unanswered (subscribe_round_trip.h). Each
// sample's nonce differs, so no answer is a "duplicate share"; a share with
// a zero extranonce2 cannot meet the target, so none is credited.
//
// Bounded like TimeOneSubscribe: everything ends by `until` (the socket is
// closed then, and with it the connection for later samples), at most
// kMaxLinesPerRoundTrip lines are read, at most the reader's line limit
// each; the transcript keeps the request and the first received lines.
#pragma once

#include <cstdint>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "probes/location/subscribe_round_trip.h"
#include "probes/stratum/stratum_lines.h"

namespace pooltest {

// `request` is the mining.submit to send (its "id" is the sample's id);
// `reader` holds what the connection received before and keeps what
// arrives after the answer. `ctx`, `sock`, `reader` and `obs` must outlive
// the call. On return the socket is closed unless the sample was answered.
boost::asio::awaitable<SubscribeRoundTrip> TimeOneSubmit(
    const ProbeContext& ctx, boost::asio::ip::tcp::socket& sock, StratumLineReader& reader,
    nlohmann::json request, SubscribeRoundTrip::Clock::time_point until, int n,
    SubscribeRoundTrip::Clock::time_point probe_start, Observation& obs);

}  // namespace pooltest
