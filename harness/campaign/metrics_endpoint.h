// A small HTTP/1.1 endpoint that serves the last published metrics text at
// GET /metrics (Prometheus text exposition format), on a thread of its own,
// for `pooltest campaign --metrics-listen`. Bounded: a request head of at
// most 8 KiB and no body, 5 s to send it, at most 16 connections at once,
// at most 1000 requests per kept-alive connection. Anything but GET/HEAD
// is 405, any other path 404. Keep Beast out of this header: it is slow to
// compile.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace pooltest {

// "127.0.0.1:9464", "[::1]:9464", or a bare port (loopback, 127.0.0.1).
// The address must be an IP literal; port 0 picks a free one.
Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view text);

class MetricsEndpoint {
 public:
  static Result<std::unique_ptr<MetricsEndpoint>> Start(const std::string& address, uint16_t port);
  ~MetricsEndpoint();  // stops serving and joins the thread

  uint16_t port() const;
  // Replaces what /metrics serves; safe from any thread.
  void Publish(std::string text);

  struct Impl;  // the server's state, shared with its coroutines (.cc only)

 private:
  MetricsEndpoint();
  std::shared_ptr<Impl> impl_;
};

}  // namespace pooltest
