// Resolution probe: resolves one declared host name to all its A and AAAA
// records with c-ares (ares_resolve.h says what the Observation holds), on
// the context's blocking executor so the io thread stays free. Asks the
// servers in `dns` (or the system's configuration when it names none) and
// finishes by the context's deadline or promptly after cancellation.
// NXDOMAIN, SERVFAIL, REFUSED, timeouts and empty answers are observations
// (status kFailed / kTimeout, data.error and data.rcode say which).
#pragma once

#include <string>

#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "scenarios/scenario.h"

namespace pooltest {

boost::asio::awaitable<Observation> ProbeResolve(ProbeContext ctx, std::string host,
                                                 DnsSettings dns);

}  // namespace pooltest
