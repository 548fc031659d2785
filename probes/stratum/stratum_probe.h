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
//
// stratum+ssl (tls): the same exchange inside TLS. The certificate is
// verified by default (system trust store, or tls_ca_file instead) against
// server_name: SNI and host-name check for a DNS name, the IP SANs for an IP
// literal. A refused certificate is a kFailed observation, nothing is sent
// over it. Extra data for TLS only: server_name, tls_handshake {version,
// cipher, certificate {subject, issuer, san, not_before, not_after, sha256},
// chain_length, verify (was verification on), ca_file, verified,
// verify_code, verify_result, handshake_ms}, tls_error (why TLS failed, e.g.
// "certificate has expired"; null when it did not).
#pragma once

#include <cstdint>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
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
  // TLS only. The name the certificate must be valid for; empty: the URL's
  // host, else `address`.
  std::string server_name;
  // false: the certificate is described but not enforced (recorded as
  // tls_handshake.verify = false).
  bool verify_tls = true;
  std::string tls_ca_file;  // PEM bundle trusted instead of the system store
};

boost::asio::awaitable<Observation> ProbeStratumHandshake(ProbeContext ctx, StratumTarget target);

}  // namespace pooltest
