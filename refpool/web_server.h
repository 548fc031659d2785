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

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/result.h"
#include "refpool/refpool_config.h"

namespace pooltest {

class WebServer {
 public:
  // What "now" is for the support desk (office hours, reply times); tests
  // pass a shifted clock to simulate nights and weekends. Empty: the system
  // clock.
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  WebServer(boost::asio::io_context& io, UiBehaviour ui, SupportBehaviour support,
            Clock clock = {});
  ~WebServer();

  // Binds address:port (0 picks a free port); returns the bound port. May be
  // called once per address; all listeners share one support desk.
  Result<uint16_t> Listen(const std::string& address, uint16_t port);
  // Closes listeners and open connections. Safe from any thread; takes
  // effect on the io_context. Idempotent; the destructor calls it.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
