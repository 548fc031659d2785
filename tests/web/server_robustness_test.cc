// The reference pool's web server must survive whatever a client sends:
// garbage, oversized headers and bodies, truncated requests. Raw sockets with
// receive timeouts, so a misbehaving server fails the test instead of
// hanging it.
#include <sys/socket.h>
#include <sys/time.h>

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Sends `bytes`, then reads until the server closes or 5 s pass; returns
// what came back.
std::string Exchange(uint16_t port, const std::string& bytes, bool half_close = false) {
  net::io_context io;
  tcp::socket s(io);
  boost::system::error_code ec;
  s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return "connect failed: " + ec.message();
  timeval tv{5, 0};
  setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  net::write(s, net::buffer(bytes), ec);
  if (half_close) s.shutdown(tcp::socket::shutdown_send, ec);
  std::string out;
  char buf[4096];
  for (int i = 0; i < 1000; ++i) {
    size_t n = s.read_some(net::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

bool Serves(const TestWebServer& server) {
  const std::string r =
      Exchange(server.port(), "GET /en/help HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  return r.rfind("HTTP/1.1 200", 0) == 0 && r.find("</html>") != std::string::npos;
}

TEST(WebServerRobustness, GarbageGets4xxAndServerKeepsServing) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  EXPECT_EQ(Exchange(server.port(), "\x16\x03\x01\x02\x00garbage\r\n\r\n").rfind("HTTP/1.1 400", 0),
            0u);
  EXPECT_EQ(Exchange(server.port(), "NOT HTTP AT ALL\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  std::string huge_header =
      "GET /kk/ HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(100000, 'a') + "\r\n\r\n";
  EXPECT_EQ(Exchange(server.port(), huge_header).rfind("HTTP/1.1 4", 0), 0u);
  std::string huge_body =
      "POST /api/support/tickets HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n{";
  EXPECT_EQ(Exchange(server.port(), huge_body, true).rfind("HTTP/1.1 413", 0), 0u);
  // Truncated request, then the client goes away.
  Exchange(server.port(), "GET /kk/ HT", true);
  Exchange(server.port(), std::string("\0\0\0\0\xff\xff", 6), true);
  EXPECT_TRUE(Serves(server));
}

TEST(WebServerRobustness, KeepAliveServesSeveralRequests) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  const std::string r = Exchange(server.port(),
                                 "GET /kk/ HTTP/1.1\r\nHost: t\r\n\r\n"
                                 "GET /ru/pricing HTTP/1.1\r\nHost: t\r\n\r\n"
                                 "GET /missing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u);
  size_t first = r.find("HTTP/1.1 200", 1);
  EXPECT_NE(first, std::string::npos);
  EXPECT_NE(r.find("HTTP/1.1 404", first), std::string::npos);
}

TEST(WebServerRobustness, StopClosesOpenConnections) {
  auto server = std::make_unique<TestWebServer>(UiBehaviour{});
  ASSERT_TRUE(server->ok()) << server->error();
  const uint16_t port = server->port();
  net::io_context io;
  tcp::socket idle(io);
  idle.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  timeval tv{5, 0};
  setsockopt(idle.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  server.reset();
  char c;
  boost::system::error_code ec;
  idle.read_some(net::buffer(&c, 1), ec);
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
}

TEST(WebServerRobustness, ListenReportsBadAddress) {
  net::io_context io;
  WebServer server(io, UiBehaviour{}, SupportBehaviour{});
  Result<uint16_t> r = server.Listen("not-an-ip", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not-an-ip"), std::string::npos);
}

TEST(WebServerRobustness, ServesOnAnyLoopbackAddress) {
  TestWebServer server(UiBehaviour{}, SupportBehaviour{}, {}, "127.0.0.21");
  ASSERT_TRUE(server.ok()) << server.error();
  EXPECT_EQ(server.url("/").rfind("http://127.0.0.21:", 0), 0u);
}

}  // namespace
}  // namespace pooltest
