// The reference pool's control port: a tiny HTTP/1.1 endpoint on loopback so
// a test (or an operator rehearsing a failover) can take one channel of the
// pool down and bring it back while the pool runs:
//   POST /control/channel/<address>/down   -> 200 "down <address>"
//   POST /control/channel/<address>/up     -> 200 "up <address>"
//   GET  /control/channels                 -> 200, one "address up|down" line each
// Anything else is 404/405. One request per connection; requests larger than
// 8 KiB are refused. Runs on the io_context given, like the other servers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/result.h"

namespace pooltest {

class RefpoolControl {
 public:
  // Returns an HTTP status and a plain-text body for one request.
  using Handler = std::function<std::pair<int, std::string>(const std::string& method,
                                                            const std::string& path)>;
  RefpoolControl(boost::asio::io_context& io, Handler handler);
  ~RefpoolControl();

  Result<uint16_t> Listen(const std::string& address, uint16_t port);
  void Stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace pooltest
