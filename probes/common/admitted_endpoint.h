// The TCP endpoint an Asio probe (TCP connect, stratum, latency, failover)
// connects to, obtained only through the run's target policy: the address
// must be one the scenario declares or a declared name resolved to in this
// run. Every such probe takes its endpoint from here and nowhere else, so a
// planning mistake or a hostile answer cannot send it elsewhere.
#pragma once

#include <cstdint>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "probes/common/probe_context.h"

namespace pooltest {

struct AdmittedEndpoint {
  bool admitted = false;
  boost::asio::ip::tcp::endpoint endpoint;
  Refusal refusal;  // when not admitted: why, and whose fault
};

// `address` must be an IP literal; a name is refused (resolve it first).
AdmittedEndpoint AdmitEndpoint(const ProbeContext& ctx, const std::string& address, uint16_t port);

}  // namespace pooltest
