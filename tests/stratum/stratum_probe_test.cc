// The Stratum handshake probe against the real reference-pool server (and a
// few hand-made misbehaving peers) on loopback.
#include "probes/stratum/stratum_probe.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "tests/stratum/stratum_test_support.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using std::chrono::milliseconds;
using testing::MakeContext;
using testing::RunProbe;
using testing::ServerThread;

StratumTarget Target(const std::string& address, uint16_t port) {
  StratumTarget t;
  t.site = "primary";
  t.channel = "a";
  t.url = "stratum+tcp://" + address + ":" + std::to_string(port);
  t.address = address;
  t.port = port;
  t.user = "pooltest.worker1";
  t.password = "x";
  return t;
}

bool TranscriptHas(const Observation& o, const std::string& dir, const std::string& needle) {
  for (const auto& rec : o.transcript) {
    if (rec["dir"] == dir && rec["text"].get<std::string>().find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

Observation Probe(const StratumTarget& t, milliseconds budget = milliseconds(10000)) {
  asio::io_context io;
  return RunProbe(io, ProbeStratumHandshake(MakeContext(io, budget), t));
}

void ExpectEveryField(const Observation& o) {
  for (const char* key :
       {"connected", "connect_ms", "subscribed", "extranonce1", "extranonce2_size", "authorized",
        "authorize_error", "notify_received", "job_id", "difficulty", "submit_result",
        "submit_error", "handshake_ms"}) {
    EXPECT_TRUE(o.data.contains(key)) << "missing data field " << key;
  }
}

TEST(StratumProbe, FullHandshakeAgainstReferencePool) {
  ServerThread server({}, {"127.0.0.11"});
  Observation o = Probe(Target("127.0.0.11", server.port()));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail << "\n" << o.data.dump(1);
  ExpectEveryField(o);
  EXPECT_EQ(o.probe, "stratum.handshake");
  EXPECT_EQ(o.site, "primary");
  EXPECT_EQ(o.vantage, "test");
  EXPECT_EQ(o.data["connected"], true);
  EXPECT_TRUE(o.data["connect_ms"].is_number());
  EXPECT_EQ(o.data["subscribed"], true);
  EXPECT_EQ(o.data["extranonce1"].get<std::string>().size(), 8u);
  EXPECT_EQ(o.data["extranonce2_size"], 4);
  EXPECT_EQ(o.data["authorized"], true);
  EXPECT_TRUE(o.data["authorize_error"].is_null());
  EXPECT_EQ(o.data["notify_received"], true);
  EXPECT_TRUE(o.data["job_id"].is_string());
  EXPECT_EQ(o.data["difficulty"], 1024);
  EXPECT_EQ(o.data["submit_result"], false);
  ASSERT_TRUE(o.data["submit_error"].is_array());
  EXPECT_EQ(o.data["submit_error"][0], 23);
  EXPECT_TRUE(o.data["handshake_ms"].is_number());
  EXPECT_TRUE(TranscriptHas(o, "sent", "mining.subscribe"));
  EXPECT_TRUE(TranscriptHas(o, "sent", "mining.authorize"));
  EXPECT_TRUE(TranscriptHas(o, "sent", "mining.submit"));
  EXPECT_TRUE(TranscriptHas(o, "received", "mining.notify"));
  EXPECT_TRUE(TranscriptHas(o, "received", "Low difficulty share"));
  EXPECT_TRUE(TranscriptHas(o, "event", "connected"));
  EXPECT_GT(o.finished, o.started - std::chrono::seconds(1));
}

TEST(StratumProbe, AuthorizeResultBeforeNotifyAlsoWorks) {
  StratumBehaviour b;
  b.notify_before_authorize_result = false;
  b.extranonce2_size = 2;
  ServerThread server(b, {"127.0.0.12"});
  Observation o = Probe(Target("127.0.0.12", server.port()));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["authorized"], true);
  EXPECT_EQ(o.data["extranonce2_size"], 2);
  EXPECT_EQ(o.data["submit_error"][0], 23);  // extranonce2 of the right size was sent
}

TEST(StratumProbe, RejectedAuthorizationIsAnOkObservation) {
  StratumBehaviour b;
  b.reject_authorization = true;
  ServerThread server(b, {"127.0.0.11"});
  Observation o = Probe(Target("127.0.0.11", server.port()));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  ExpectEveryField(o);
  EXPECT_EQ(o.data["authorized"], false);
  EXPECT_EQ(o.data["authorize_error"][0], 24);
  EXPECT_EQ(o.data["notify_received"], false);
  EXPECT_TRUE(o.data["submit_result"].is_null());
}

TEST(StratumProbe, SilentPoolTimesOutWithPartialTranscript) {
  StratumBehaviour b;
  b.silent = true;
  ServerThread server(b, {"127.0.0.11"});
  auto t0 = std::chrono::steady_clock::now();
  Observation o = Probe(Target("127.0.0.11", server.port()), milliseconds(500));
  EXPECT_EQ(o.status, ProbeStatus::kTimeout) << o.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(8));  // no hang
  EXPECT_EQ(o.data["connected"], true);
  EXPECT_TRUE(o.data["subscribed"].is_null());
  EXPECT_TRUE(TranscriptHas(o, "sent", "mining.subscribe"));
  EXPECT_TRUE(TranscriptHas(o, "event", "deadline"));
}

TEST(StratumProbe, GarbagePoolFails) {
  StratumBehaviour b;
  b.garbage = true;
  ServerThread server(b, {"127.0.0.11"});
  Observation o = Probe(Target("127.0.0.11", server.port()));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_TRUE(o.data["protocol_error"].is_string());
  EXPECT_NE(o.detail.find("Stratum"), std::string::npos);
  EXPECT_TRUE(TranscriptHas(o, "received", "pool offline"));
  // The garbage holds invalid UTF-8; the evidence must still serialise.
  EXPECT_NO_THROW(ToJson(o).dump());
}

TEST(StratumProbe, RefusedPortFails) {
  uint16_t port = testing::UnusedPort("127.0.0.13");
  Observation o = Probe(Target("127.0.0.13", port));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["connected"], false);
  EXPECT_TRUE(o.data["connect_error"].is_string());
  EXPECT_NE(o.detail.find("127.0.0.13"), std::string::npos);
}

TEST(StratumProbe, CancellationEndsTheProbePromptly) {
  StratumBehaviour b;
  b.silent = true;
  ServerThread server(b, {"127.0.0.11"});
  asio::io_context io;
  auto hub = std::make_shared<CancelHub>();
  // Cancel 200 ms in, long before the 60 s deadline.
  asio::steady_timer cancel_at(io, milliseconds(200));
  cancel_at.async_wait([hub](const boost::system::error_code&) { hub->Cancel(); });
  auto t0 = std::chrono::steady_clock::now();
  Observation o = RunProbe(io, ProbeStratumHandshake(MakeContext(io, milliseconds(60000), hub),
                                                     Target("127.0.0.11", server.port())));
  EXPECT_EQ(o.status, ProbeStatus::kCancelled) << o.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30));
  EXPECT_EQ(o.data["connected"], true);
  EXPECT_TRUE(TranscriptHas(o, "sent", "mining.subscribe"));
}

// stratum+ssl is probed for real (stratum_tls_test.cc); a closed port fails
// like a plain one, before any TLS.
TEST(StratumProbe, TlsToAClosedPortIsAConnectFailure) {
  StratumTarget t = Target("127.0.0.11", testing::UnusedPort("127.0.0.11"));
  t.tls = true;
  Observation o = Probe(t);
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["connected"], false);
  EXPECT_TRUE(o.data["connect_error"].is_string());
  EXPECT_TRUE(o.data["tls_error"].is_null());
}

// A hand-written pool that behaves like some real ones: string ids, a
// mining.ping request with an id, an unrelated notification, and notify
// carrying an id. Returns what the probe sent in reply to the ping.
asio::awaitable<void> QuirkyPool(asio::ip::tcp::acceptor& acceptor, std::string* ping_reply) {
  boost::system::error_code ec;
  asio::ip::tcp::socket s(acceptor.get_executor());
  co_await acceptor.async_accept(s, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  std::string buf;
  auto read_line = [&]() -> asio::awaitable<std::string> {
    char chunk[1024];
    for (int i = 0; i < 100; ++i) {
      size_t nl = buf.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        co_return line;
      }
      size_t n = co_await s.async_read_some(asio::buffer(chunk),
                                            asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return std::string();
      buf.append(chunk, n);
    }
    co_return std::string();
  };
  auto write = [&](std::string text) -> asio::awaitable<void> {
    co_await asio::async_write(s, asio::buffer(text),
                               asio::redirect_error(asio::use_awaitable, ec));
  };
  co_await read_line();  // subscribe
  co_await write(
      "{\"id\":42,\"method\":\"mining.ping\",\"params\":[]}\n"
      "{\"id\":\"1\",\"result\":[[[\"mining.notify\",\"ab\"]],\"0102030405\",3],\"error\":null}\n");
  *ping_reply = co_await read_line();
  co_await read_line();  // authorize
  co_await write(
      "{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"hello\"]}\n"
      "{\"id\":7,\"method\":\"mining.notify\",\"params\":[\"j1\",\"" +
      std::string(64, '0') +
      "\",\"01\",\"02\",[],\"20000000\",\"1d00ffff\",\"5f5e1000\",true]}\n"
      "{\"id\":\"2\",\"result\":true,\"error\":null}\n");
  std::string submit = co_await read_line();
  json j = json::parse(submit, nullptr, false);
  bool shaped = j.is_object() && j["params"][1] == "j1" && j["params"][2] == "000000" &&
                j["params"][3] == "5f5e1000";
  co_await write(std::string("{\"id\":3,\"result\":false,\"error\":null,\"reject-reason\":\"") +
                 (shaped ? "Above target" : "Malformed") + "\"}\n");
}

TEST(StratumProbe, QuirkyButValidPoolIsUnderstood) {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(
      io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.14"), 0));
  std::string ping_reply;
  asio::co_spawn(io, QuirkyPool(acceptor, &ping_reply), asio::detached);
  Observation o =
      RunProbe(io, ProbeStratumHandshake(MakeContext(io, milliseconds(10000)),
                                         Target("127.0.0.14", acceptor.local_endpoint().port())));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail << "\n" << o.transcript.dump(1);
  EXPECT_EQ(o.data["extranonce1"], "0102030405");
  EXPECT_EQ(o.data["extranonce2_size"], 3);
  EXPECT_EQ(o.data["authorized"], true);
  EXPECT_EQ(o.data["job_id"], "j1");
  EXPECT_EQ(o.data["submit_result"], false);
  EXPECT_EQ(o.data["submit_reject_reason"], "Above target");
  EXPECT_EQ(o.data["server_requests"], json::array({"mining.ping"}));
  EXPECT_EQ(o.data["other_notifications"], json::array({"client.show_message"}));
  json reply = json::parse(ping_reply, nullptr, false);
  EXPECT_EQ(reply.value("id", json()), 42);
  EXPECT_EQ(reply.value("result", json()), "pong");
}

}  // namespace
}  // namespace pooltest
