// Resolution probe: resolves one declared host name to all its addresses
// (A and AAAA). Observation (probe "dns.resolve", target = host) data:
// host, addresses [..], elapsed_ms, error (null on success). NXDOMAIN and
// timeouts are observations (status kFailed / kTimeout), not crashes.
// This first version uses the system resolver through Boost.Asio; it keeps
// no TTLs or server identity, which the c-ares version will record.
#pragma once

#include <string>

#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "harness/core/observation.h"
#include "probes/common/probe_context.h"

namespace pooltest {

boost::asio::awaitable<Observation> ProbeResolve(ProbeContext ctx, std::string host);

}  // namespace pooltest
