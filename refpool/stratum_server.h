// The reference pool's Stratum V1 server: newline-delimited JSON-RPC over TCP
// (mining.subscribe, mining.authorize, mining.notify, mining.set_difficulty,
// mining.submit) with the error codes real pools use (20 other, 21 job not
// found, 22 duplicate share, 23 low difficulty share, 24 unauthorized worker,
// 25 not subscribed). Like ckpool, it ignores a second mining.subscribe on
// one connection. Every job_interval it sends each session that has work a
// new job (refpool/stratum_jobs.h); shares are judged against every job still
// valid, and a share on replaced work is rejected as stale (21). Behaviour
// can be broken on purpose (StratumBehaviour). With a log, each session event
// (connect, subscribe, authorize, disconnect), each share's verdict and each
// new job is one line, prefixed with the UTC time and the session number.
// Optionally the same service inside TLS on further ports (ListenTls), for
// stratum+ssl endpoints. All I/O runs on the io_context given; Listen and Stop are called from the
// thread that runs it or before it runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

namespace boost::asio::ssl {
class context;  // kept out of this header: it pulls in OpenSSL
}

#include "core/result.h"
#include "refpool/refpool_config.h"

namespace pooltest {

// Receives one log line (no newline); called on the io thread.
using StratumLog = std::function<void(const std::string& line)>;

class StratumServer {
 public:
  // `log` empty: nothing is logged.
  StratumServer(boost::asio::io_context& io, StratumBehaviour behaviour, StratumLog log = {});
  ~StratumServer();

  // Binds address:port (port 0 picks a free one) and starts accepting.
  // Returns the bound port; the error names the address and the reason.
  Result<uint16_t> Listen(const std::string& address, uint16_t port);
  // Same, with TLS (stratum+ssl): the PEM certificate chain (server
  // certificate first) and its key. A client that does not finish the TLS
  // handshake within 10 s is dropped. The error names the file and reason.
  Result<uint16_t> ListenTls(const std::string& address, uint16_t port,
                             const std::string& certificate_file, const std::string& key_file);
  // Closes listeners and every open session.
  void Stop();
  // Takes one address off the air (a channel going down): closes its
  // listeners and the sessions accepted on it. Returns how many listeners
  // were closed. Listen() on the address brings it back.
  int CloseAddress(const std::string& address);
  // Connections accepted so far, on every listener; safe from any thread.
  uint64_t accepted() const;

 private:
  Result<uint16_t> Bind(const std::string& address, uint16_t port,
                        std::shared_ptr<boost::asio::ssl::context> tls);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
