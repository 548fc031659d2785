// TCP connect probe: `samples` sequential connects to address:port, each timed
// from SYN to established, for reachability (does this channel work on its
// own?) and latency evidence (RTT bounds distance). Observation data:
// attempts, connected, samples_ms [..], min_ms, median_ms, max_ms, errors [..].
#pragma once

#include <cstdint>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"

namespace pooltest {

struct TcpTarget {
  std::string site;
  std::string channel;
  std::string address;
  uint16_t port = 0;
  int samples = 5;
};

boost::asio::awaitable<Observation> ProbeTcpConnect(ProbeContext ctx, TcpTarget target);

// For a connection shared with other probes (probes/endpoint): the
// observation before any connect, and its figures, status and detail from
// the connect times (`times`, one per success) of `attempts` connects;
// `how` ends the detail, e.g. " (one connection ...)".
Observation StartTcpConnect(const ProbeContext& ctx, const TcpTarget& target);
Observation FinishTcpConnect(Observation obs, int attempts, const std::vector<double>& times,
                             bool cancelled, bool timed_out, const std::string& how = "");

}  // namespace pooltest
