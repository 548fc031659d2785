// Stratum V1 handshake probe: connects to one address of a stratum endpoint,
// sends mining.subscribe and mining.authorize, waits for work
// (mining.notify) and sends one deliberately invalid mining.submit to see the
// pool judge shares. Matches responses by id (servers interleave their own
// notifications and requests). Records the full transcript. Observes only:
// "authorized": false is an ok observation, not a failure of the probe.
//
// Observation data: connected, connect_ms, subscribed, extranonce1,
// extranonce2_size, authorized, authorize_error, notify_received, job_id,
// difficulty, submit_result (true/false/null), submit_error, handshake_ms.
#pragma once

#include <cstdint>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "harness/core/observation.h"
#include "probes/common/probe_context.h"

namespace pooltest {

struct StratumTarget {
  std::string site;
  std::string channel;
  std::string url;      // as declared, for the record
  std::string address;  // IP literal to connect to
  uint16_t port = 0;
  bool tls = false;
  std::string user;
  std::string password;
};

boost::asio::awaitable<Observation> ProbeStratumHandshake(ProbeContext ctx, StratumTarget target);

}  // namespace pooltest
