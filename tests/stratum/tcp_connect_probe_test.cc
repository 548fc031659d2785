// The TCP connect probe against a real listener and a port where nothing
// listens, on loopback.
#include "probes/tcp/tcp_connect_probe.h"

#include <chrono>

#include <gtest/gtest.h>
#include <boost/asio/ip/tcp.hpp>

#include "tests/stratum/stratum_test_support.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using testing::MakeContext;
using testing::RunProbe;

TcpTarget Target(const std::string& address, uint16_t port, int samples) {
  TcpTarget t;
  t.site = "primary";
  t.channel = "a";
  t.address = address;
  t.port = port;
  t.samples = samples;
  return t;
}

TEST(TcpConnectProbe, RecordsEverySample) {
  asio::io_context io;
  // The kernel completes handshakes into the backlog; nobody needs to accept.
  asio::ip::tcp::acceptor acceptor(
      io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.21"), 0));
  Observation o =
      RunProbe(io, ProbeTcpConnect(MakeContext(io, milliseconds(10000)),
                                   Target("127.0.0.21", acceptor.local_endpoint().port(), 4)));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.probe, "tcp.connect");
  EXPECT_EQ(o.data["attempts"], 4);
  EXPECT_EQ(o.data["connected"], 4);
  ASSERT_EQ(o.data["samples_ms"].size(), 4u);
  double min = o.data["min_ms"], median = o.data["median_ms"], max = o.data["max_ms"];
  EXPECT_LE(min, median);
  EXPECT_LE(median, max);
  EXPECT_GE(min, 0.0);
  EXPECT_TRUE(o.data["errors"].empty());
  EXPECT_EQ(o.transcript.size(), 4u);
}

TEST(TcpConnectProbe, RefusedAddressFails) {
  asio::io_context io;
  uint16_t port = testing::UnusedPort("127.0.0.22");
  Observation o = RunProbe(
      io, ProbeTcpConnect(MakeContext(io, milliseconds(10000)), Target("127.0.0.22", port, 3)));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["attempts"], 3);
  EXPECT_EQ(o.data["connected"], 0);
  EXPECT_EQ(o.data["errors"].size(), 3u);
  EXPECT_TRUE(o.data["min_ms"].is_null());
  EXPECT_TRUE(o.data["median_ms"].is_null());
}

TEST(TcpConnectProbe, SampleCountIsBounded) {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(
      io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.21"), 0));
  acceptor.listen(200);
  Observation o =
      RunProbe(io, ProbeTcpConnect(MakeContext(io, milliseconds(10000)),
                                   Target("127.0.0.21", acceptor.local_endpoint().port(), 100000)));
  EXPECT_EQ(o.data["attempts"], 50);
  EXPECT_EQ(o.status, ProbeStatus::kOk) << o.detail;
}

TEST(TcpConnectProbe, BadAddressIsAHarnessError) {
  asio::io_context io;
  Observation o = RunProbe(
      io, ProbeTcpConnect(MakeContext(io, milliseconds(1000)), Target("pool.example", 3333, 1)));
  EXPECT_EQ(o.status, ProbeStatus::kError);
  EXPECT_NE(o.detail.find("pool.example"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
