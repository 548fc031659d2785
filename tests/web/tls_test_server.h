// An HTTPS server for tests: the reference pool's WebRouter behind Beast and
// boost::asio::ssl on an ephemeral loopback port, with a test CA and a
// server certificate for "localhost"/127.0.0.1 made by the openssl CLI in a
// temporary folder. Serves one connection at a time; Beast stays in the .cc.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "refpool/refpool_config.h"

namespace pooltest {

class TlsTestServer {
 public:
  explicit TlsTestServer(UiBehaviour ui);
  ~TlsTestServer();

  bool ok() const;
  const std::string& error() const;
  uint16_t port() const;
  std::string url(const std::string& path) const;  // https://localhost:PORT/path
  std::string ca_file() const;                     // PEM of the CA that signed the server

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
