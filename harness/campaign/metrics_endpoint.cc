#include "harness/campaign/metrics_endpoint.h"

#include <atomic>
#include <charconv>
#include <mutex>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "harness/campaign/campaign_metrics.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr size_t kMaxRequestHead = 8 * 1024;
constexpr auto kRequestTimeout = std::chrono::seconds(5);
constexpr int kMaxConnections = 16;
constexpr int kMaxRequestsPerConnection = 1000;

}  // namespace

struct MetricsEndpoint::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  uint16_t port = 0;
  std::thread thread;
  std::atomic<int> connections{0};
  std::mutex mu;
  std::string text;  // guarded by mu

  std::string Text() {
    std::lock_guard lock(mu);
    return text;
  }
};

namespace {

// The coroutines and the thread hold a plain pointer: Impl owns the
// io_context, whose destruction (with Impl's) destroys every suspended frame.
// A shared_ptr in a frame would keep Impl, and so the frame, alive forever.
asio::awaitable<void> Serve(MetricsEndpoint::Impl* impl, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer(kMaxRequestHead);
  boost::system::error_code ec;
  for (int served = 0; served < kMaxRequestsPerConnection; ++served) {
    http::request_parser<http::empty_body> parser;
    parser.header_limit(kMaxRequestHead);
    parser.body_limit(0);
    stream.expires_after(kRequestTimeout);
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    const auto& req = parser.get();
    http::response<http::string_body> res;
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    res.set(http::field::server, "pooltest campaign");
    std::string_view target(req.target().data(), req.target().size());
    target = target.substr(0, target.find('?'));
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
      res.result(http::status::method_not_allowed);
      res.set(http::field::allow, "GET, HEAD");
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.body() = "use GET /metrics\n";
    } else if (target == "/metrics") {
      res.result(http::status::ok);
      res.set(http::field::content_type, kPrometheusTextType);
      res.body() = impl->Text();
    } else {
      res.result(http::status::not_found);
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.body() = "the campaign's metrics are at /metrics\n";
    }
    res.prepare_payload();
    if (req.method() == http::verb::head) res.body().clear();
    stream.expires_after(kRequestTimeout);
    co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
  --impl->connections;
}

asio::awaitable<void> Accept(MetricsEndpoint::Impl* impl) {
  boost::system::error_code ec;
  while (impl->acceptor.is_open()) {
    tcp::socket socket(impl->io);
    co_await impl->acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (!impl->acceptor.is_open()) break;
    if (ec) continue;
    if (impl->connections.load() >= kMaxConnections) {
      socket.close(ec);
      continue;
    }
    ++impl->connections;
    asio::co_spawn(impl->io, Serve(impl, std::move(socket)), asio::detached);
  }
}

}  // namespace

Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view text) {
  std::string address = "127.0.0.1";
  std::string_view port_text = text;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return Error{"'" + std::string(text) + "' is not [IPv6]:PORT"};
    address = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else if (const size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    address = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [end, err] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (err != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty())
    return Error{"'" + std::string(text) + "' has no port 0..65535 (give ADDRESS:PORT or PORT)"};
  boost::system::error_code ec;
  asio::ip::make_address(address, ec);
  if (ec) return Error{"'" + address + "' is not an IP address literal"};
  return std::make_pair(address, static_cast<uint16_t>(port));
}

MetricsEndpoint::MetricsEndpoint() : impl_(std::make_shared<Impl>()) {}

MetricsEndpoint::~MetricsEndpoint() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_.get()] {
    boost::system::error_code ec;
    impl->acceptor.close(ec);
    impl->io.stop();
  });
  impl_->thread.join();
}

Result<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& address,
                                                                uint16_t port) {
  const std::string where = "metrics endpoint " + address + ":" + std::to_string(port);
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) return Error{where + ": '" + address + "' is not an IP address literal"};
  std::unique_ptr<MetricsEndpoint> e(new MetricsEndpoint());
  Impl& s = *e->impl_;
  tcp::endpoint ep(ip, port);
  s.acceptor.open(ep.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(ep, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) s.port = s.acceptor.local_endpoint(ec).port();
  if (ec) return Error{where + ": " + ec.message() + " (is the port free?)"};
  asio::co_spawn(s.io, Accept(&s), asio::detached);
  s.thread = std::thread([impl = &s] {
    auto guard = asio::make_work_guard(impl->io);
    impl->io.run();
  });
  return e;
}

uint16_t MetricsEndpoint::port() const { return impl_->port; }

void MetricsEndpoint::Publish(std::string text) {
  std::lock_guard lock(impl_->mu);
  impl_->text = std::move(text);
}

}  // namespace pooltest
