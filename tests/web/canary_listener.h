// A listener that only counts: it accepts TCP connections on a loopback
// address and port of its own choosing, closes each at once and counts it.
// Tests point a hostile pool's redirects at it and assert it was never
// reached: the target policy must stop the harness before a packet leaves.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace pooltest::testing {

class CanaryListener {
 public:
  explicit CanaryListener(const std::string& address) : acceptor_(io_) {
    namespace ip = boost::asio::ip;
    boost::system::error_code ec;
    const ip::tcp::endpoint ep(ip::make_address(address, ec), 0);
    if (ec) return;
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(16, ec);
    if (ec) return;
    port_ = acceptor_.local_endpoint().port();
    host_ = ep.address().is_v6() ? "[" + address + "]" : address;
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~CanaryListener() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }
  CanaryListener(const CanaryListener&) = delete;
  CanaryListener& operator=(const CanaryListener&) = delete;

  bool ok() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  // "http://127.0.0.2:40123", "http://[::1]:40123"
  std::string origin() const { return "http://" + host_ + ":" + std::to_string(port_); }
  int accepted() const { return accepted_.load(); }

 private:
  void Accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
      if (ec) return;
      ++accepted_;
      s.close(ec);
      Accept();
    });
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::string host_;
  uint16_t port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace pooltest::testing
