#include "tests/web/web_test_env.h"

namespace pooltest {

TestWebServer::TestWebServer(UiBehaviour ui, SupportBehaviour support, WebServer::Clock clock,
                             const std::string& address)
    : server_(io_, std::move(ui), support, std::move(clock)), address_(address) {
  Result<uint16_t> port = server_.Listen(address, 0);
  if (!port) {
    error_ = port.error().message;
    return;
  }
  port_ = *port;
  thread_ = std::thread([this] { io_.run(); });
}

TestWebServer::~TestWebServer() {
  server_.Stop();
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string TestWebServer::url(const std::string& path) const {
  const std::string host =
      address_.find(':') != std::string::npos ? "[" + address_ + "]" : address_;
  return "http://" + host + ":" + std::to_string(port_) + path;
}

}  // namespace pooltest
