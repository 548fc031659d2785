// latency.stratum against real servers on loopback: the reference pool
// behaving like ckpool (a repeated subscribe on one connection is ignored),
// a pool with a dead backend behind its load balancer (some samples are
// never answered), a silent pool (none are), and a hostile server that sends
// answers before it is asked and lines without end. Then the latency check
// on what the probe recorded.
#include "probes/location/app_rtt_probe.h"

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/steady_timer.hpp>

#include "checks/latency_bound.h"
#include "checks/location_check.h"
#include "probes/location/subscribe_round_trip.h"
#include "tests/checks/check_fixtures.h"
#include "tests/stratum/stratum_test_support.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using std::chrono::milliseconds;
using testing::MakeContext;
using testing::RunProbe;
using testing::ServerThread;

AppRttTarget Target(const std::string& address, uint16_t port, int samples) {
  return AppRttTarget{"primary", "ch1", address, port, samples};
}

Observation Probe(const StratumBehaviour& b, int samples, milliseconds budget) {
  ServerThread server(b, {"127.0.0.11"});
  asio::io_context io;
  return RunProbe(
      io, ProbeStratumRtt(MakeContext(io, budget), Target("127.0.0.11", server.port(), samples)));
}

// The world of the location check: the harness declares itself in Almaty
// with its loopback standing for the pool's network, and the database puts
// the primary's 127.0.0.11 in Astana, ~970 km away.
struct LatencyWorld {
  Scenario sc = testing::OneAddressScenario("127.0.0.11");
  testing::Evidence ev;
  explicit LatencyWorld(Observation rtt) {
    sc.vantage_points = {{"test", 43.24, 76.95, true, 0, /*loopback_evidence=*/true}};
    ev.GeoAt("geo-a", "primary", "ch1", "127.0.0.11", "KZ", "Astana", 51.18, 71.45);
    ev.Add(std::move(rtt));
  }
  std::vector<RttSample> Samples() const { return RttSamples({sc, ev.all()}); }
};

TEST(AppRttProbe, CkpoolLikePoolAnswersEverySample) {
  StratumBehaviour ckpool;  // the reference pool's default, spelled out
  ckpool.ignore_repeated_subscribe = true;
  Observation o = Probe(ckpool, 5, milliseconds(10000));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.probe, "latency.stratum");
  EXPECT_EQ(o.data["asked"], 5);
  EXPECT_EQ(o.data["answered"], 5);
  EXPECT_EQ(o.data["unanswered"], 0);
  EXPECT_TRUE(o.data["errors"].empty()) << o.data["errors"];
  ASSERT_EQ(o.data["samples_ms"].size(), 5u);
  ASSERT_EQ(o.data["samples"].size(), 5u);
  std::set<int64_t> ids;
  for (const json& s : o.data["samples"]) {
    EXPECT_EQ(s["answered"], true) << s;
    EXPECT_EQ(s["answer"], "result") << s;
    EXPECT_EQ(s["method"], "mining.subscribe");
    EXPECT_TRUE(s["connect_ms"].is_number()) << s;  // a fresh connection each
    EXPECT_LE(s["sent_ms"].get<double>(), s["received_ms"].get<double>()) << s;
    EXPECT_NEAR(s["rtt_ms"].get<double>(),
                s["received_ms"].get<double>() - s["sent_ms"].get<double>(), 1e-6);
#ifdef __linux__
    EXPECT_TRUE(s["kernel_rtt_ms"].is_number()) << s;
#endif
    ids.insert(s["id"].get<int64_t>());
  }
  EXPECT_EQ(ids.size(), 5u) << "each request carries its own id";
  EXPECT_EQ(o.data["connect_samples_ms"].size(), 5u);
  EXPECT_LE(o.data["min_ms"].get<double>(), o.data["median_ms"].get<double>());
  EXPECT_LE(o.data["median_ms"].get<double>(), o.data["max_ms"].get<double>());
  int sent = 0;
  for (const json& t : o.transcript) sent += t["dir"] == "sent";
  EXPECT_EQ(sent, 5);
}

TEST(AppRttProbe, TheLatencyCheckReachesAVerdictOnACkpoolLikePool) {
  LatencyWorld w(Probe({}, 5, milliseconds(10000)));
  const std::vector<RttSample> samples = w.Samples();
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_TRUE(samples[0].usable) << samples[0].excluded_why;
  EXPECT_EQ(samples[0].answered, 5);
  // A loopback round trip bounds the server to a few km of Almaty.
  CheckResult r = CheckLocation({w.sc, w.ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  EXPECT_NE(r.summary.find("from test bounds 127.0.0.11 to"), std::string::npos) << r.summary;
  EXPECT_EQ(r.figures["latency"]["usable_samples"], 1);
  EXPECT_NE(std::find(r.evidence.begin(), r.evidence.end(), w.ev.all().back().id),
            r.evidence.end());
}

TEST(AppRttProbe, UnansweredSamplesAreRecordedAndTheAnsweredKept) {
  StratumBehaviour b;
  b.silent_every = 2;  // connections 2 and 4 land on the dead backend
  Observation o = Probe(b, 5, milliseconds(3000));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["attempted"], 5);
  EXPECT_EQ(o.data["answered"], 3);
  EXPECT_EQ(o.data["unanswered"], 2);
  ASSERT_EQ(o.data["samples"].size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(o.data["samples"][i]["answered"], i % 2 == 0) << o.data["samples"][i];
  }
  EXPECT_NE(o.data["samples"][1]["unanswered"].get<std::string>().find("no answer to id"),
            std::string::npos)
      << o.data["samples"][1];
  ASSERT_EQ(o.data["errors"].size(), 2u);
  EXPECT_NE(o.detail.find("3 of 5"), std::string::npos) << o.detail;
  // Three answers are enough for the bound to count.
  LatencyWorld w(o);
  ASSERT_EQ(w.Samples().size(), 1u);
  EXPECT_TRUE(w.Samples()[0].usable) << w.Samples()[0].excluded_why;
  EXPECT_EQ(CheckLocation({w.sc, w.ev.all()}).verdict, Verdict::kInconclusive);
}

TEST(AppRttProbe, TooFewAnswersAreListedButDecideNothing) {
  StratumBehaviour b;
  b.silent_every = 2;
  Observation o = Probe(b, 2, milliseconds(3000));
  EXPECT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["answered"], 1);
  LatencyWorld w(o);
  const std::vector<RttSample> samples = w.Samples();
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_FALSE(samples[0].usable);
  EXPECT_NE(samples[0].excluded_why.find("only 1 of 2 round trips were answered; at least 2"),
            std::string::npos)
      << samples[0].excluded_why;
  EXPECT_TRUE(TestPlace(samples, "127.0.0.11", "geo-a: Astana", {51.18, 71.45}).empty());
  CheckResult r = CheckLocation({w.sc, w.ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;  // the database alone decides
  EXPECT_EQ(r.figures["latency"]["usable_samples"], 0);
}

TEST(AppRttProbe, SilentPoolFailsWithTheReasonAndGivesNoBound) {
  StratumBehaviour b;
  b.silent = true;
  const auto t0 = std::chrono::steady_clock::now();
  Observation o = Probe(b, 3, milliseconds(3000));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  ASSERT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["answered"], 0);
  EXPECT_EQ(o.data["unanswered"], 3);
  EXPECT_TRUE(o.data["min_ms"].is_null());
  EXPECT_NE(o.detail.find("0 of 3"), std::string::npos) << o.detail;
  EXPECT_NE(o.detail.find("no answer to id"), std::string::npos) << o.detail;
  LatencyWorld w(o);
  const std::vector<RttSample> samples = w.Samples();
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_FALSE(samples[0].usable);
  EXPECT_EQ(samples[0].excluded_why.rfind("no round trip was answered (0 of 3", 0), 0u)
      << samples[0].excluded_why;
  const json j = samples[0].ToJson();
  EXPECT_TRUE(j["rtt_ms"].is_null()) << j;
  EXPECT_TRUE(j["bound_km"].is_null()) << j;
  EXPECT_EQ(j["probe_status"], "failed");
  EXPECT_TRUE(TestPlace(samples, "127.0.0.11", "geo-a: Astana", {51.18, 71.45}).empty());
}

TEST(AppRttProbe, TheDeadlineBoundsTheProbeAndSkippedSamplesAreCounted) {
  StratumBehaviour b;
  b.silent = true;
  const auto t0 = std::chrono::steady_clock::now();
  Observation o = Probe(b, kMaxRttSamples + 100, milliseconds(1500));
  // 1.5 s budget; generous slack for a loaded machine.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(6));
  EXPECT_EQ(o.data["asked"], kMaxRttSamples);
  EXPECT_GE(o.data["attempted"].get<int>(), 1);
  EXPECT_GT(o.data["not_attempted"].get<int>(), 0);
  EXPECT_EQ(o.data["attempted"].get<int>() + o.data["not_attempted"].get<int>(), kMaxRttSamples);
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_NE(o.detail.find("not attempted"), std::string::npos) << o.detail;
}

TEST(AppRttProbe, CancellationEndsTheProbe) {
  StratumBehaviour b;
  b.silent = true;
  ServerThread server(b, {"127.0.0.11"});
  asio::io_context io;
  auto hub = std::make_shared<CancelHub>();
  asio::steady_timer t(io, milliseconds(200));
  t.async_wait([hub](const boost::system::error_code&) { hub->Cancel(); });
  const auto t0 = std::chrono::steady_clock::now();
  Observation o = RunProbe(io, ProbeStratumRtt(MakeContext(io, milliseconds(20000), hub),
                                               Target("127.0.0.11", server.port(), 5)));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(o.status, ProbeStatus::kCancelled) << o.detail;
  EXPECT_EQ(o.data["attempted"], 1);
}

TEST(AppRttProbe, RefusedAddressConnectsNowhere) {
  asio::io_context io;
  Observation o = RunProbe(io, ProbeStratumRtt(MakeContext(io, milliseconds(1000)),
                                               Target("127.0.0.99", 3333, 3)));  // undeclared
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_TRUE(o.data.contains("refused"));
  EXPECT_EQ(o.data["attempted"], 0);
  EXPECT_EQ(o.data["not_attempted"], 3);
}

// A hostile stratum server on 127.0.0.1: on every connection it sends
// `before` at once (answers to ids it guesses, say), then reads the request
// line and, after `delay`, sends `reply(id)`; serves at most `connections`.
class ScriptedServer {
 public:
  ScriptedServer(std::string before, milliseconds delay, std::function<std::string(json)> reply,
                 int connections)
      : before_(std::move(before)), delay_(delay), reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    ::listen(fd_, 16);
    socklen_t len = sizeof sa;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.sin_port);
    thread_ = std::thread([this, connections] {
      for (int i = 0; i < connections && !stop_; ++i) Serve();
    });
  }
  ~ScriptedServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  uint16_t port() const { return port_; }

 private:
  void Serve() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1 || stop_) return;
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    timeval tv{5, 0};
    ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    Send(c, before_);
    std::string got;
    char chunk[4096];
    for (int reads = 0; reads < 100 && got.find('\n') == std::string::npos; ++reads) {
      ssize_t n = ::recv(c, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      got.append(chunk, static_cast<size_t>(n));
    }
    std::this_thread::sleep_for(delay_);
    json req = json::parse(got.substr(0, got.find('\n')), nullptr, false);
    if (req.is_object()) Send(c, reply_(req.value("id", json())));
    // Wait for the client to hang up (bounded by the receive timeout).
    for (int reads = 0; reads < 100 && ::recv(c, chunk, sizeof chunk, 0) > 0; ++reads) {
    }
    ::close(c);
  }
  static void Send(int c, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::send(c, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  std::string before_;
  milliseconds delay_;
  std::function<std::string(json)> reply_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string SubscribeResult(const json& id) {
  return json{{"id", id}, {"result", {json::array(), "00000001", 4}}, {"error", nullptr}}.dump() +
         "\n";
}

TEST(AppRttProbe, AnswersSentBeforeTheRequestDoNotCount) {
  // Answers for the small ids a naive client would use (the old probe sent
  // 101, 102, ...), pushed on connect; the real answer comes 80 ms after the
  // request. Had a guess counted, the RTT would be ~0.
  std::string guesses;
  for (int id = 95; id < 120; ++id) guesses += SubscribeResult(id);
  ASSERT_LT(120 - 95, kMaxLinesPerRoundTrip);
  ScriptedServer server(guesses, milliseconds(80), SubscribeResult, 2);
  asio::io_context io;
  Observation o = RunProbe(io, ProbeStratumRtt(MakeContext(io, milliseconds(8000)),
                                               Target("127.0.0.1", server.port(), 2)));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["answered"], 2) << o.data["errors"];
  for (const json& s : o.data["samples"]) {
    EXPECT_GE(s["rtt_ms"].get<double>(), 79.0) << s;
    EXPECT_EQ(s["lines"], 26) << s;  // 25 guesses, then the answer
  }
  EXPECT_GE(o.data["min_ms"].get<double>(), 79.0);
}

TEST(AppRttProbe, ALineWithoutEndIsUnansweredNotBuffered) {
  ScriptedServer server(std::string(kMaxRoundTripLineBytes + 1000, 'x'), milliseconds(0),
                        SubscribeResult, 1);
  asio::io_context io;
  Observation o = RunProbe(io, ProbeStratumRtt(MakeContext(io, milliseconds(5000)),
                                               Target("127.0.0.1", server.port(), 1)));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  ASSERT_EQ(o.data["errors"].size(), 1u);
  EXPECT_NE(o.data["errors"][0].get<std::string>().find("a line longer than"), std::string::npos)
      << o.data["errors"];
  // The transcript keeps a cut of what was received, not 64 KiB.
  for (const json& t : o.transcript) EXPECT_LT(t["text"].get<std::string>().size(), 2000u);
}

}  // namespace
}  // namespace pooltest
