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

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

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

class StratumHandshake;
class StratumLineReader;
class Watchdog;

// What a handshake on a connection shared with tcp.connect and
// latency.stratum (probes/endpoint/shared_connection.h) reports, and what it
// lets the sharer do on the connection. Every callback may be empty.
struct SharedStratumConnection {
  using Clock = std::chrono::steady_clock;
  // The id of mining.subscribe (authorize and submit follow it): one the
  // pool cannot guess makes the subscribe a round trip nobody can fake.
  int64_t first_id = 1;
  // The TCP connect ended after `ms`: `ec` is set when it failed, `dog`
  // says whether the deadline or the run's cancellation ended it.
  std::function<void(const boost::system::error_code& ec, double ms, const Watchdog& dog)>
      connected;
  // The line answering mining.subscribe arrived at `answered` (read from
  // the socket then), the request having been sent at `sent`; `error`: the
  // answer was an error reply; `fd` the connected socket (for TCP_INFO).
  std::function<void(Clock::time_point sent, Clock::time_point answered, bool error, int fd)>
      subscribe_answered;
  // The handshake's observation as soon as it is finished, before `more`.
  std::function<void(const Observation&)> finished;
  // Plain stratum only, once the invalid share was answered: more round
  // trips on the still open connection (`reader` holds what arrived after
  // the handshake's last line) before the probe closes it. The probe's
  // deadline and cancellation still close the socket.
  std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket&, StratumLineReader&,
                                             const StratumHandshake&)>
      more;
};

boost::asio::awaitable<Observation> ProbeStratumHandshake(ProbeContext ctx, StratumTarget target);
// The same on a connection it shares; `shared` must outlive the call.
boost::asio::awaitable<Observation> ProbeStratumHandshake(ProbeContext ctx, StratumTarget target,
                                                          SharedStratumConnection* shared);

}  // namespace pooltest
