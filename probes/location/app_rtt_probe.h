// Application round trip on an open stratum connection ("latency.stratum"):
// connects once, then sends `samples` mining.subscribe requests one after the
// other and times each request to its response (matched by id). Unlike a TCP
// connect, this round trip runs through the pool's own software, so a
// front-end proxy near the vantage point cannot fake it as easily.
//
// Observation data: address, port, connect_ms, samples_ms [..], min_ms,
// median_ms, max_ms, errors [..]. Transcript: each request and response.
#pragma once

#include <cstdint>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"

namespace pooltest {

struct AppRttTarget {
  std::string site;
  std::string channel;
  std::string address;  // IP literal
  uint16_t port = 0;
  int samples = 5;
};

boost::asio::awaitable<Observation> ProbeStratumRtt(ProbeContext ctx, AppRttTarget target);

}  // namespace pooltest
