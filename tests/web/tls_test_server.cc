#include "tests/web/tls_test_server.h"

#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "refpool/web/web_router.h"
#include "tests/web/test_certificates.h"

namespace pooltest {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

}  // namespace

struct TlsTestServer::Impl {
  testing::TestCertificates certs;
  std::string error;
  uint16_t port = 0;
  net::io_context io;
  net::ssl::context ssl{net::ssl::context::tls_server};
  tcp::acceptor acceptor{io};
  WebRouter router{UiBehaviour{}, SupportBehaviour{}, {}};
  std::thread thread;

  explicit Impl(UiBehaviour ui) : router(std::move(ui), SupportBehaviour{}, {}) {}

  net::awaitable<void> Serve() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(io);
      co_await acceptor.async_accept(socket, net::redirect_error(net::use_awaitable, ec));
      if (ec) co_return;
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), ssl);
      stream.next_layer().expires_after(std::chrono::seconds(10));
      co_await stream.async_handshake(net::ssl::stream_base::server,
                                      net::redirect_error(net::use_awaitable, ec));
      if (ec) continue;  // the client refused our certificate: that is the test
      beast::flat_buffer buffer;
      http::request<http::string_body> req;
      co_await http::async_read(stream, buffer, req, net::redirect_error(net::use_awaitable, ec));
      if (ec) continue;
      WebRequest wr{std::string(req.method_string()), std::string(req.target()), req.body()};
      LanguageHeaders lh{
          std::string(req[http::field::host]), std::string(req[http::field::accept_language]),
          std::string(req[http::field::cookie]), std::string(req[http::field::referer])};
      WebResponse r = router.Handle(wr, lh);
      http::response<http::string_body> res{static_cast<http::status>(r.status), req.version()};
      res.set(http::field::content_type, r.content_type);
      for (auto& [n, v] : r.headers) res.set(n, v);
      res.body() = r.body;
      res.prepare_payload();
      res.keep_alive(false);
      co_await http::async_write(stream, res, net::redirect_error(net::use_awaitable, ec));
      co_await stream.async_shutdown(net::redirect_error(net::use_awaitable, ec));
    }
  }
};

TlsTestServer::TlsTestServer(UiBehaviour ui) : impl_(std::make_unique<Impl>(std::move(ui))) {
  Impl& m = *impl_;
  auto issued = m.certs.Issue("server", "localhost", "DNS:localhost,IP:127.0.0.1");
  if (!issued) {
    m.error = m.certs.error();
    return;
  }
  boost::system::error_code ec;
  m.ssl.use_certificate_chain_file(issued->certificate, ec);
  if (!ec) m.ssl.use_private_key_file(issued->key, net::ssl::context::pem, ec);
  if (ec) {
    m.error = "cannot load the test certificate: " + ec.message();
    return;
  }
  const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  m.acceptor.open(ep.protocol(), ec);
  if (!ec) m.acceptor.bind(ep, ec);
  if (!ec) m.acceptor.listen(16, ec);
  if (ec) {
    m.error = "cannot listen: " + ec.message();
    return;
  }
  m.port = m.acceptor.local_endpoint().port();
  net::co_spawn(m.io, m.Serve(), net::detached);
  m.thread = std::thread([&m] { m.io.run(); });
}

TlsTestServer::~TlsTestServer() {
  Impl& m = *impl_;
  net::post(m.io, [&m] {
    boost::system::error_code ec;
    m.acceptor.close(ec);
  });
  m.io.stop();
  if (m.thread.joinable()) m.thread.join();
}

bool TlsTestServer::ok() const { return impl_->port != 0; }
const std::string& TlsTestServer::error() const { return impl_->error; }
uint16_t TlsTestServer::port() const { return impl_->port; }
std::string TlsTestServer::url(const std::string& path) const {
  return "https://localhost:" + std::to_string(impl_->port) + path;
}
std::string TlsTestServer::ca_file() const { return impl_->certs.ca_file(); }

}  // namespace pooltest
