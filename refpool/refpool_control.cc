#include "refpool/refpool_control.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace pooltest {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr size_t kMaxRequest = 8192;
constexpr auto kRequestTimeout = std::chrono::seconds(5);

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    default:
      return "Error";
  }
}

}  // namespace

struct RefpoolControl::Impl {
  asio::io_context& io;
  Handler handler;
  std::shared_ptr<tcp::acceptor> acceptor;
  bool stopped = false;
  Impl(asio::io_context& i, Handler h) : io(i), handler(std::move(h)) {}
};

namespace {

asio::awaitable<void> Serve(std::shared_ptr<RefpoolControl::Handler> handler,
                            std::shared_ptr<tcp::socket> sock) {
  // A client that never finishes its request is cut off.
  asio::steady_timer timer(sock->get_executor());
  timer.expires_after(kRequestTimeout);
  timer.async_wait([sock](const boost::system::error_code& ec) {
    boost::system::error_code ignored;
    if (!ec) sock->close(ignored);
  });
  asio::streambuf buf(kMaxRequest);
  boost::system::error_code ec;
  co_await asio::async_read_until(*sock, buf, "\r\n\r\n",
                                  asio::redirect_error(asio::use_awaitable, ec));
  int status = 400;
  std::string body = "bad request\n";
  if (!ec) {
    std::string head(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
    const size_t sp1 = head.find(' ');
    const size_t sp2 = sp1 == std::string::npos ? sp1 : head.find(' ', sp1 + 1);
    if (sp2 != std::string::npos) {
      std::tie(status, body) = (*handler)(head.substr(0, sp1), head.substr(sp1 + 1, sp2 - sp1 - 1));
    }
  }
  const std::string response =
      "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
      "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  co_await asio::async_write(*sock, asio::buffer(response),
                             asio::redirect_error(asio::use_awaitable, ec));
  timer.cancel();
  sock->shutdown(tcp::socket::shutdown_both, ec);
  sock->close(ec);
}

asio::awaitable<void> Accept(std::shared_ptr<RefpoolControl::Handler> handler,
                             std::shared_ptr<tcp::acceptor> acceptor) {
  boost::system::error_code ec;
  while (acceptor->is_open()) {
    auto sock = std::make_shared<tcp::socket>(acceptor->get_executor());
    co_await acceptor->async_accept(*sock, asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor->is_open()) break;
    if (ec) continue;
    asio::co_spawn(acceptor->get_executor(), Serve(handler, sock), asio::detached);
  }
}

}  // namespace

RefpoolControl::RefpoolControl(asio::io_context& io, Handler handler)
    : impl_(std::make_shared<Impl>(io, std::move(handler))) {}

RefpoolControl::~RefpoolControl() { Stop(); }

Result<uint16_t> RefpoolControl::Listen(const std::string& address, uint16_t port) {
  const std::string where = "refpool control listener " + address + ":" + std::to_string(port);
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) return Error{where + ": '" + address + "' is not an IP address literal"};
  if (!ip.is_loopback())
    return Error{where + ": the control port only listens on loopback (127.0.0.0/8, ::1)"};
  auto acceptor = std::make_shared<tcp::acceptor>(impl_->io);
  tcp::endpoint ep(ip, port);
  acceptor->open(ep.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(ep, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{where + ": " + ec.message()};
  const uint16_t bound = acceptor->local_endpoint(ec).port();
  impl_->acceptor = acceptor;
  asio::co_spawn(impl_->io, Accept(std::make_shared<Handler>(impl_->handler), acceptor),
                 asio::detached);
  return bound;
}

void RefpoolControl::Stop() {
  if (impl_->acceptor) {
    boost::system::error_code ec;
    impl_->acceptor->close(ec);
  }
}

}  // namespace pooltest
