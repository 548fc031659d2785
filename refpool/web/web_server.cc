// Beast plumbing for WebServer: accept loops and keep-alive sessions as
// coroutines on one strand; every request is answered by WebRouter.
#include "refpool/web_server.h"

#include <zlib.h>

#include <algorithm>
#include <map>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "refpool/web/web_router.h"

namespace pooltest {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// Bounds on what a client can make us hold or do.
constexpr size_t kHeaderLimit = 16 * 1024;
constexpr size_t kBodyLimit = 64 * 1024;
constexpr auto kIdleTimeout = 30s;
constexpr int kMaxRequestsPerConnection = 1000;
constexpr size_t kMaxConnections = 512;

}  // namespace

// Shared with the coroutines so they stay valid if the WebServer object goes
// away first; all members are touched only on `strand`.
struct ServerState {
  ServerState(net::io_context& io, UiBehaviour ui, SupportBehaviour support, WebServer::Clock clock)
      : strand(net::make_strand(io)), router(std::move(ui), support, std::move(clock)) {}

  net::strand<net::io_context::executor_type> strand;
  WebRouter router;
  std::vector<std::shared_ptr<tcp::acceptor>> acceptors;
  std::map<uint64_t, beast::tcp_stream*> sessions;
  uint64_t next_session = 1;
  bool stopped = false;
};

struct WebServer::Impl {
  std::shared_ptr<ServerState> state;
};

namespace {

// gzip-compresses `in` (RFC 1952 framing); empty on failure.
std::string Gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

// "gzip" listed and not refused with q=0 (or q=0.0, q=0.00...).
bool AcceptsGzip(const std::string& accept_encoding) {
  const size_t g = accept_encoding.find("gzip");
  if (g == std::string::npos) return false;
  std::string rest = accept_encoding.substr(g + 4, accept_encoding.find(',', g) - g - 4);
  rest.erase(std::remove(rest.begin(), rest.end(), ' '), rest.end());
  if (rest.rfind(";q=0", 0) != 0) return true;
  return rest.find_first_not_of("0.", 3) != std::string::npos;
}

// UI pages (200, HTML) go out the way real sites send them: gzip when the
// client accepts it and chunked on HTTP/1.1, so probes meet both.
http::response<http::string_body> ToBeast(WebResponse r, unsigned version, bool keep_alive,
                                          bool head, bool gzip = false) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "dala-pool-refpool");
  if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
  for (auto& [name, value] : r.headers) res.set(name, value);
  res.keep_alive(keep_alive);
  const bool page = r.status == 200 && r.content_type.rfind("text/html", 0) == 0;
  if (page && gzip) {
    std::string z = Gzip(r.body);
    if (!z.empty()) {
      r.body = std::move(z);
      res.set(http::field::content_encoding, "gzip");
    }
  }
  const size_t size = r.body.size();
  if (!head) res.body() = std::move(r.body);
  if (page && !head && version >= 11) {
    res.chunked(true);
  } else {
    res.content_length(size);
  }
  return res;
}

net::awaitable<void> Session(std::shared_ptr<ServerState> st, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  const uint64_t id = st->next_session++;
  st->sessions.emplace(id, &stream);
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  try {
    for (int n = 0; n < kMaxRequestsPerConnection && !st->stopped; ++n) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(kHeaderLimit);
      parser.body_limit(kBodyLimit);
      stream.expires_after(kIdleTimeout);
      co_await http::async_read(stream, buffer, parser,
                                net::redirect_error(net::use_awaitable, ec));
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == net::error::operation_aborted || st->stopped)
        break;
      if (ec) {
        // Malformed or oversized: say so once, then drop the connection.
        const bool too_big = ec == http::error::body_limit || ec == http::error::header_limit ||
                             ec == http::error::buffer_overflow;
        WebResponse bad;
        bad.status = too_big ? 413 : 400;
        bad.content_type = "text/plain; charset=utf-8";
        bad.body = too_big ? "request too large\n" : "bad request\n";
        auto res = ToBeast(std::move(bad), 11, false, false);
        stream.expires_after(5s);
        co_await http::async_write(stream, res, net::redirect_error(net::use_awaitable, ec));
        break;
      }
      auto& req = parser.get();
      WebRequest wr;
      wr.method = std::string(req.method_string());
      wr.target = std::string(req.target());
      wr.body = std::move(req.body());
      LanguageHeaders lh{
          std::string(req[http::field::host]), std::string(req[http::field::accept_language]),
          std::string(req[http::field::cookie]), std::string(req[http::field::referer])};
      const bool keep_alive = req.keep_alive();
      auto res = ToBeast(st->router.Handle(wr, lh), req.version(), keep_alive,
                         req.method() == http::verb::head,
                         AcceptsGzip(std::string(req[http::field::accept_encoding])));
      co_await http::async_write(stream, res, net::redirect_error(net::use_awaitable, ec));
      if (ec || !keep_alive) break;
    }
  } catch (const std::exception&) {
    // A bug in one connection must not take the server down.
  }
  st->sessions.erase(id);
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
}

net::awaitable<void> AcceptLoop(std::shared_ptr<ServerState> st,
                                std::shared_ptr<tcp::acceptor> acceptor) {
  boost::system::error_code ec;
  while (!st->stopped) {
    tcp::socket socket(st->strand);
    co_await acceptor->async_accept(socket, net::redirect_error(net::use_awaitable, ec));
    if (st->stopped || ec == net::error::operation_aborted || !acceptor->is_open()) break;
    if (ec) continue;  // e.g. EMFILE or a reset before accept: keep serving
    if (st->sessions.size() >= kMaxConnections) {
      socket.close(ec);
      continue;
    }
    net::co_spawn(st->strand, Session(st, std::move(socket)), net::detached);
  }
}

}  // namespace

WebServer::WebServer(net::io_context& io, UiBehaviour ui, SupportBehaviour support, Clock clock)
    : impl_(std::make_unique<Impl>()) {
  impl_->state = std::make_shared<ServerState>(io, std::move(ui), support, std::move(clock));
}

WebServer::~WebServer() { Stop(); }

Result<uint16_t> WebServer::Listen(const std::string& address, uint16_t port) {
  auto st = impl_->state;
  boost::system::error_code ec;
  const auto ip = net::ip::make_address(address, ec);
  if (ec) return Error{"web server: '" + address + "' is not an IP address: " + ec.message()};
  auto acceptor = std::make_shared<tcp::acceptor>(st->strand);
  const tcp::endpoint ep(ip, port);
  const std::string where = "web server " + address + ":" + std::to_string(port);
  acceptor->open(ep.protocol(), ec);
  if (!ec) acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(ep, ec);
  if (ec)
    return Error{where + ": cannot bind (" + ec.message() +
                 "); pick another port or stop whatever listens there"};
  acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Error{where + ": cannot listen (" + ec.message() + ")"};
  const uint16_t bound = acceptor->local_endpoint(ec).port();
  net::dispatch(st->strand, [st, acceptor] {
    if (st->stopped) return;
    st->acceptors.push_back(acceptor);
    net::co_spawn(st->strand, AcceptLoop(st, acceptor), net::detached);
  });
  return bound;
}

void WebServer::Stop() {
  auto st = impl_->state;
  net::dispatch(st->strand, [st] {
    if (st->stopped) return;
    st->stopped = true;
    boost::system::error_code ec;
    for (auto& a : st->acceptors) a->close(ec);
    for (auto& [id, stream] : st->sessions) stream->socket().close(ec);
  });
}

}  // namespace pooltest
