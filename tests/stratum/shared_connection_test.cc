// One connection per endpoint address (probes/endpoint/shared_connection.h)
// against the reference pool on loopback, conforming and broken: the three
// observations it gives have the facts the separate probes give against the
// same pool (tests/stratum/observed_facts.h), within the same deadline, on
// one connection where the pool lets it.
#include "probes/endpoint/shared_connection.h"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "probes/location/app_rtt_probe.h"
#include "probes/stratum/stratum_probe.h"
#include "probes/tcp/tcp_connect_probe.h"
#include "tests/stratum/observed_facts.h"
#include "tests/stratum/stratum_test_support.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using std::chrono::milliseconds;
using testing::MakeContext;
using testing::ObservedFacts;
using testing::ServerThread;
using Part = SharedConnection::Part;

constexpr int kSamples = 5;

StratumTarget Target(uint16_t port) {
  StratumTarget t;
  t.site = "primary";
  t.channel = "ch1";
  t.url = "stratum+tcp://127.0.0.11:" + std::to_string(port);
  t.address = "127.0.0.11";
  t.port = port;
  t.user = "demo.worker1";
  t.password = "x";
  return t;
}

struct Observed {
  std::map<Part, Observation> parts;
  uint64_t connections = 0;
  double seconds = 0;
};

// A reference pool with `b`; `listening` false: a port where nothing does.
class Pool {
 public:
  explicit Pool(const StratumBehaviour& b, bool listening = true)
      : server_(b, {"127.0.0.11"}),
        port_(listening ? server_.port() : testing::UnusedPort("127.0.0.11")) {}
  uint16_t port() const { return port_; }
  uint64_t accepted() const { return server_.accepted(); }

 private:
  ServerThread server_;
  uint16_t port_;
};

// The three parts asked for at once, as the runner's workers do.
Observed Shared(const Pool& pool, milliseconds budget) {
  asio::io_context io;
  auto conn =
      std::make_shared<SharedConnection>(SharedConnectionTarget{Target(pool.port()), kSamples});
  Observed out;
  const uint64_t before = pool.accepted();
  const auto t0 = std::chrono::steady_clock::now();
  for (Part p : {Part::kTcp, Part::kHandshake, Part::kRtt}) {
    asio::co_spawn(io, conn->Observe(MakeContext(io, budget), p),
                   [&out, p](std::exception_ptr e, Observation o) {
                     if (!e) out.parts[p] = std::move(o);
                   });
  }
  io.run();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.connections = pool.accepted() - before;
  return out;
}

// The same three observations from the separate probes.
Observed Separate(const Pool& pool, milliseconds budget) {
  const uint16_t port = pool.port();
  asio::io_context io;
  Observed out;
  auto keep = [&out](Part p) {
    return [&out, p](std::exception_ptr e, Observation o) {
      if (!e) out.parts[p] = std::move(o);
    };
  };
  const uint64_t before = pool.accepted();
  asio::co_spawn(
      io,
      ProbeTcpConnect(MakeContext(io, budget), {"primary", "ch1", "127.0.0.11", port, kSamples}),
      keep(Part::kTcp));
  asio::co_spawn(io, ProbeStratumHandshake(MakeContext(io, budget), Target(port)),
                 keep(Part::kHandshake));
  asio::co_spawn(
      io,
      ProbeStratumRtt(MakeContext(io, budget), {"primary", "ch1", "127.0.0.11", port, kSamples}),
      keep(Part::kRtt));
  io.run();
  out.connections = pool.accepted() - before;
  return out;
}

void ExpectSameFacts(const Observed& shared, const Observed& separate) {
  for (Part p : {Part::kTcp, Part::kHandshake, Part::kRtt}) {
    ASSERT_EQ(shared.parts.count(p), 1u);
    ASSERT_EQ(separate.parts.count(p), 1u);
    EXPECT_EQ(ObservedFacts(shared.parts.at(p)).dump(1),
              ObservedFacts(separate.parts.at(p)).dump(1))
        << shared.parts.at(p).detail << "\nvs\n"
        << separate.parts.at(p).detail;
    EXPECT_EQ(shared.parts.at(p).data["connection"], "shared");
  }
}

// The shared connection against a pool with `b`, its facts checked
// against the separate probes' on the same pool.
Observed SharedLikeSeparate(const StratumBehaviour& b, milliseconds budget, bool listening = true) {
  Pool pool(b, listening);
  Observed s = Shared(pool, budget);
  ExpectSameFacts(s, Separate(pool, budget));
  return s;
}

TEST(SharedConnection, AConformingPoolIsProbedOnOneConnection) {
  Pool pool({});
  const Observed s = Shared(pool, milliseconds(5000));
  const Observed sep = Separate(pool, milliseconds(5000));
  ExpectSameFacts(s, sep);
  EXPECT_EQ(s.connections, 1u);
  EXPECT_EQ(sep.connections, 2u * kSamples + 1);  // 5 connects, 1 handshake, 5 round trips
  const Observation& tcp = s.parts.at(Part::kTcp);
  EXPECT_EQ(tcp.status, ProbeStatus::kOk) << tcp.detail;
  EXPECT_EQ(tcp.data["attempts"], 1);
  EXPECT_EQ(tcp.data["samples_ms"].size(), 1u);
  const Observation& hs = s.parts.at(Part::kHandshake);
  EXPECT_EQ(hs.data["submit_result"], false) << hs.data;
  const Observation& rtt = s.parts.at(Part::kRtt);
  ASSERT_EQ(rtt.status, ProbeStatus::kOk) << rtt.detail;
  EXPECT_EQ(rtt.data["answered"], kSamples);
  ASSERT_EQ(rtt.data["samples"].size(), static_cast<size_t>(kSamples));
  std::set<int64_t> ids;
  for (size_t i = 0; i < rtt.data["samples"].size(); ++i) {
    const json& smp = rtt.data["samples"][i];
    EXPECT_EQ(smp["connection"], "shared") << smp;
    EXPECT_EQ(smp["method"], i == 0 ? "mining.subscribe" : "mining.submit") << smp;
    EXPECT_EQ(smp["answered"], true) << smp;
    ids.insert(smp["id"].get<int64_t>());
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kSamples)) << "each round trip has its own id";
  // The subscribe that is sample 1 carries an id the pool cannot guess.
  EXPECT_NE(rtt.data["samples"][0]["id"], 1);
}

TEST(SharedConnection, APoolRefusingTheWorkerGivesItsRoundTripsOnFreshConnections) {
  StratumBehaviour b;
  b.reject_authorization = true;
  const Observed s = SharedLikeSeparate(b, milliseconds(5000));
  EXPECT_EQ(s.parts.at(Part::kHandshake).data["authorized"], false);
  // Sample 1 on the shared connection, the other 4 each on its own.
  EXPECT_EQ(s.connections, static_cast<uint64_t>(kSamples));
  EXPECT_EQ(s.parts.at(Part::kRtt).data["samples"][1]["connection"], "fresh");
}

TEST(SharedConnection, APoolAcceptingAnyShareIsStillNamedForIt) {
  StratumBehaviour b;
  b.accept_any_share = true;
  const Observed s = SharedLikeSeparate(b, milliseconds(5000));
  EXPECT_EQ(s.parts.at(Part::kHandshake).data["submit_result"], true);
  EXPECT_EQ(s.connections, 1u);
}

// A pool that accepts and then stalls: each kind gets the observation it
// got before (connected; handshake timed out; no round trip answered) by
// the deadline.
TEST(SharedConnection, APoolThatStallsAfterConnectKeepsEachKindsObservationAndTheDeadline) {
  StratumBehaviour b;
  b.silent = true;
  const Observed s = SharedLikeSeparate(b, milliseconds(2000));
  EXPECT_LT(s.seconds, 2.0 + 1.5) << "the deadline holds";
  EXPECT_EQ(s.parts.at(Part::kTcp).status, ProbeStatus::kOk);
  EXPECT_EQ(s.parts.at(Part::kHandshake).status, ProbeStatus::kTimeout);
  const Observation& rtt = s.parts.at(Part::kRtt);
  EXPECT_EQ(rtt.status, ProbeStatus::kFailed) << rtt.detail;
  EXPECT_EQ(rtt.data["answered"], 0);
  EXPECT_NE(rtt.data["errors"][0].get<std::string>().find("was not answered"), std::string::npos)
      << rtt.data["errors"];
}

TEST(SharedConnection, APoolSendingGarbageFailsEachKindAsBefore) {
  StratumBehaviour b;
  b.garbage = true;
  const Observed s = SharedLikeSeparate(b, milliseconds(3000));
  EXPECT_EQ(s.parts.at(Part::kHandshake).status, ProbeStatus::kFailed);
}

TEST(SharedConnection, NothingListeningFailsEachKindAsBefore) {
  const Observed s = SharedLikeSeparate({}, milliseconds(3000), /*listening=*/false);
  EXPECT_EQ(s.parts.at(Part::kTcp).status, ProbeStatus::kFailed);
  EXPECT_EQ(s.parts.at(Part::kRtt).status, ProbeStatus::kFailed);
}

// One worker (thresholds.concurrency: 1) asks for the parts one after the
// other: the first opens the connection, none waits on a part nobody runs.
TEST(SharedConnection, OnePartAtATimeIsServedByTheOneConnection) {
  Pool pool({});
  asio::io_context io;
  auto conn =
      std::make_shared<SharedConnection>(SharedConnectionTarget{Target(pool.port()), kSamples});
  std::vector<Observation> got;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (Part p : {Part::kTcp, Part::kHandshake, Part::kRtt}) {
          got.push_back(co_await conn->Observe(MakeContext(io, milliseconds(5000)), p));
        }
      },
      asio::detached);
  io.run();
  ASSERT_EQ(got.size(), 3u);
  for (const Observation& o : got) EXPECT_EQ(o.status, ProbeStatus::kOk) << o.probe << o.detail;
  EXPECT_EQ(got[2].data["answered"], kSamples);
  EXPECT_EQ(pool.accepted(), 1u);
}

// The run is cancelled while the pool stalls: every part ends promptly.
TEST(SharedConnection, CancellationEndsEveryPart) {
  StratumBehaviour b;
  b.silent = true;
  ServerThread server(b, {"127.0.0.11"});
  asio::io_context io;
  auto hub = std::make_shared<CancelHub>();
  auto conn =
      std::make_shared<SharedConnection>(SharedConnectionTarget{Target(server.port()), kSamples});
  std::map<Part, Observation> parts;
  for (Part p : {Part::kTcp, Part::kHandshake, Part::kRtt}) {
    asio::co_spawn(io, conn->Observe(MakeContext(io, milliseconds(20000), hub), p),
                   [&parts, p](std::exception_ptr, Observation o) { parts[p] = std::move(o); });
  }
  asio::steady_timer later(io, milliseconds(300));
  later.async_wait([hub](const boost::system::error_code&) { hub->Cancel(); });
  const auto t0 = std::chrono::steady_clock::now();
  io.run();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[Part::kHandshake].status, ProbeStatus::kCancelled);
  EXPECT_EQ(parts[Part::kRtt].status, ProbeStatus::kCancelled) << parts[Part::kRtt].detail;
}

}  // namespace
}  // namespace pooltest
