// Planning a site's stratum probes: every address and port once, N
// endpoints of distinct hosts in N probes of each kind (it was (N-1)^2+1
// over all kinds: each endpoint's host probed on every endpoint).
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "harness/runner/plan.h"
#include "harness/runner/plan_latency.h"

namespace pooltest {
namespace {

std::map<std::string, int> CountByKind(const Plan& plan) {
  std::map<std::string, int> n;
  for (const PlannedProbe& p : plan.probes) ++n[p.kind];
  return n;
}

StratumEndpoint Endpoint(const std::string& host, uint16_t port, bool tls = false) {
  StratumEndpoint ep;
  ep.url =
      std::string(tls ? "stratum+ssl://" : "stratum+tcp://") + host + ":" + std::to_string(port);
  ep.tls = tls;
  ep.host = host;
  ep.port = port;
  return ep;
}

// One primary site with `n` stratum endpoints on distinct loopback hosts.
Scenario ManyEndpoints(int n) {
  Scenario sc;
  Site site;
  site.id = "primary";
  site.role = SiteRole::kPrimary;
  for (int i = 0; i < n; ++i) {
    site.stratum.push_back(
        Endpoint("127.0." + std::to_string(3 + i / 250) + "." + std::to_string(1 + i % 250), 3333));
  }
  sc.sites.push_back(site);
  return sc;
}

TEST(PlanSites, DistinctHostsGiveOneProbeOfEachKindPerEndpoint) {
  for (int n : {1, 2, 50, 200}) {
    SCOPED_TRACE(n);
    const std::map<std::string, int> kinds = CountByKind(PlanProbes(ManyEndpoints(n), {}, {}));
    EXPECT_EQ(kinds.at("tcp.connect"), n);
    EXPECT_EQ(kinds.at("stratum.handshake"), n);
    EXPECT_EQ(kinds.at("latency.stratum"), n);
    // The rest is the run-level evidence of the primary site, whatever n.
    EXPECT_EQ(kinds.at("gazetteer.load"), 1);
    EXPECT_EQ(kinds.at("places.load"), 1);
    int stratum = 0;
    for (const auto& [kind, count] : kinds) stratum += count;
    EXPECT_EQ(stratum, 3 * n + 2);
    const std::map<std::string, int> measure = CountByKind(PlanLatency(ManyEndpoints(n), {}));
    EXPECT_EQ(measure.at("tcp.connect"), n);
    EXPECT_EQ(measure.at("latency.stratum"), n);
  }
}

TEST(PlanSites, AnAddressAndPortIsProbedOnce) {
  Scenario sc = ManyEndpoints(0);
  // The same endpoint twice, and a name resolving to the same address.
  sc.sites[0].stratum = {Endpoint("127.0.0.11", 3333), Endpoint("127.0.0.11", 3333),
                         Endpoint("pool.example", 3333), Endpoint("127.0.0.11", 4444)};
  const AddressBook book = {{"pool.example", {"127.0.0.11"}}};
  const std::map<std::string, int> kinds = CountByKind(PlanProbes(sc, book, {}));
  EXPECT_EQ(kinds.at("tcp.connect"), 2);  // :3333 and :4444
  EXPECT_EQ(kinds.at("stratum.handshake"), 2);
  EXPECT_EQ(kinds.at("latency.stratum"), 2);
}

TEST(PlanSites, ChannelAddressesAreProbedOnEveryEndpointsPort) {
  Scenario sc = ManyEndpoints(3);  // 127.0.3.1-3, not on a channel
  Channel a;
  a.id = "ch1";
  a.addresses = {"127.0.0.11"};
  Channel b;
  b.id = "ch2";
  b.addresses = {"127.0.0.12", "127.0.3.1"};  // the first endpoint's host is on ch2
  sc.sites[0].channels = {a, b};
  sc.sites[0].stratum.push_back(Endpoint("127.0.3.1", 443, true));
  const Plan plan = PlanProbes(sc, {}, {});
  const std::map<std::string, int> kinds = CountByKind(plan);
  // Channel addresses (3) on both ports (3333, 443): 6; the two endpoints'
  // hosts off the channels on their own port: 2.
  EXPECT_EQ(kinds.at("tcp.connect"), 8);
  EXPECT_EQ(kinds.at("stratum.handshake"), 8);
  EXPECT_EQ(kinds.at("latency.stratum"), 5);  // plain stratum only: not on 443
  int on_ch2 = 0;
  for (const PlannedProbe& p : plan.probes) {
    if (p.kind == "tcp.connect" && p.label.rfind("primary/ch2 ", 0) == 0) ++on_ch2;
  }
  EXPECT_EQ(on_ch2, 4);
}

}  // namespace
}  // namespace pooltest
