// The reference pool's HTTP server (Boost.Beast): a small pool web UI in
// Kazakh, Russian and English under /kk/, /ru/, /en/ (pages "/", "/pricing",
// "/help"), with <html lang>, hreflang links and a language switcher; and a
// support ticket API:
//   POST /api/support/tickets  {"subject":..., "message":...} -> 201 {"id":...}
//   GET  /api/support/tickets/{id} -> {"id":..., "replies":[{"text","at","auto"}]}
// Replies appear after SupportBehaviour::reply_delay. UiBehaviour and
// SupportBehaviour break it on purpose. Keep Beast out of this header: it is
// included by code that must compile fast.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "harness/core/result.h"
#include "refpool/refpool_config.h"

namespace pooltest {

class WebServer {
 public:
  WebServer(boost::asio::io_context& io, UiBehaviour ui, SupportBehaviour support);
  ~WebServer();

  // Binds address:port (0 picks a free port); returns the bound port.
  Result<uint16_t> Listen(const std::string& address, uint16_t port);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
