#include "checks/location_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

TEST(LocationCheck, PassesWhenEveryAddressIsInKazakhstan) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.AddGoodPool(sc);
  CheckResult r = CheckLocation({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.1.pass_without_latency");
  EXPECT_EQ(r.clause, "R4.1");
  EXPECT_EQ(r.evidence.size(), 4u);  // the four geo lookups
}

TEST(LocationCheck, AnAddressLookedUpSeveralTimesHasOneOpinionPerDatabase) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.AddGoodPool(sc);
  // 127.0.0.11 is also the UI's and the support desk's host: looked up again.
  ev.Geo("geo-a", "ui", "", "127.0.0.11", "KZ", "Astana");
  ev.Geo("geo-a", "support", "", "127.0.0.11", "KZ", "Astana");
  CheckResult r = CheckLocation({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.1.pass_without_latency");
  EXPECT_EQ(r.evidence.size(), 6u) << "every lookup is cited";
  ASSERT_TRUE(r.figures["addresses"].is_array());
  for (const nlohmann::json& a : r.figures["addresses"]) {
    if (a["address"] != "127.0.0.11") continue;
    EXPECT_EQ(a["databases"].size(), 1u) << a.dump();
  }
}

TEST(LocationCheck, FailsWhenDatabasesAgreeAnAddressIsAbroad) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Geo("geo-a", "primary", "ch1", "127.0.0.11", "KZ", "Astana");
  Observation& abroad = ev.Geo("geo-a", "backup", "ch1", "127.0.0.21", "DE", "Frankfurt am Main");
  CheckResult r = CheckLocation({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.1.abroad");
  testing::ExpectFinding(r, Verdict::kFail, "R4.1.part.abroad");
  EXPECT_NE(r.summary.find("127.0.0.21"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("DE"), std::string::npos);
  EXPECT_NE(std::find(r.evidence.begin(), r.evidence.end(), abroad.id), r.evidence.end());
}

TEST(LocationCheck, InconclusiveWhenDatabasesDisagreeOnTheCountry) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Geo("geo-a", "primary", "ch1", "127.0.0.11", "KZ", "Astana");
  ev.Geo("geo-b", "primary", "ch1", "127.0.0.11", "RU", "Omsk");
  CheckResult r = CheckLocation({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.unsettled");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.reason.country_disputed");
  EXPECT_NE(r.summary.find("disagree"), std::string::npos) << r.summary;
  EXPECT_TRUE(r.figures["addresses"][0]["country_disputed"].get<bool>());
}

TEST(LocationCheck, InconclusiveWhenAnAddressIsUnknown) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Geo("geo-a", "primary", "ch1", "127.0.0.11", "KZ", "Astana");
  ev.GeoUnknown("geo-a", "primary", "127.0.0.12");
  testing::ExpectFinding(CheckLocation({sc, ev.all()}), Verdict::kInconclusive, "R4.1.unsettled");
  testing::ExpectFinding(CheckLocation({sc, ev.all()}), Verdict::kInconclusive,
                         "R4.1.reason.no_country");
}

TEST(LocationCheck, InconclusiveWithoutAnyGeolocationDatabase) {
  Scenario sc = TwoSiteScenario();
  sc.data_sources.clear();
  Evidence ev;
  CheckResult r = CheckLocation({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.no_database");
  EXPECT_NE(r.summary.find("data_sources.geolocation"), std::string::npos);
}

TEST(LocationCheck, InconclusiveWhenAHostDidNotResolve) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.AddGoodPool(sc);
  Observation dns;
  dns.probe = "dns.resolve";
  dns.target = "pool.example.kz";
  dns.status = ProbeStatus::kFailed;
  ev.Add(dns);
  CheckResult r = CheckLocation({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.host_unresolved");
  EXPECT_NE(r.summary.find("pool.example.kz"), std::string::npos);
}

}  // namespace
}  // namespace pooltest

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

// Primary placed in Astana by the database; a vantage point in Almaty. The
// scenario declares only `address`, so it is the whole of the evidence.
struct LatencyWorld {
  Scenario sc = testing::OneAddressScenario("127.0.0.11");
  Evidence ev;
  LatencyWorld(bool loopback_evidence, const std::string& address) {
    sc = testing::OneAddressScenario(address);
    sc.vantage_points = {{"almaty-lab", 43.24, 76.95, true, 0, loopback_evidence}};
    ev.GeoAt("geo-a", "primary", "ch1", address, "KZ", "Astana", 51.18, 71.45);
  }
};

TEST(LocationLatency, ContradictionWithTheDatabaseIsInconclusiveWithTheArithmetic) {
  LatencyWorld w(/*loopback_evidence=*/true, "127.0.0.11");
  const Observation& rtt = w.ev.Rtt("tcp.connect", "primary", "127.0.0.11", "almaty-lab", 0.5);
  CheckResult r = CheckLocation({w.sc, w.ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.latency_contradicts");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.part.contradicted");
  testing::ExpectFinding(r, Verdict::kInconclusive, "latency.arithmetic");
  testing::ExpectFinding(r, Verdict::kInconclusive, "latency.loopback_note");
  // 0.5 ms bounds the server to 50 km of Almaty; Astana is ~970 km away.
  EXPECT_NE(
      r.summary.find("RTT 0.500 ms from almaty-lab bounds 127.0.0.11 to 0.500 x 100 = 50.0 km"),
      std::string::npos)
      << r.summary;
  EXPECT_NE(r.summary.find("Astana is 97"), std::string::npos) << r.summary;
  EXPECT_NE(std::find(r.evidence.begin(), r.evidence.end(), rtt.id), r.evidence.end());
  ASSERT_EQ(r.figures["latency"]["contradictions"].size(), 1u);
  const double d = r.figures["latency"]["contradictions"][0]["distance_km"];
  EXPECT_GT(d, 950);
  EXPECT_LT(d, 990);
}

TEST(LocationLatency, PublicAddressesCountWithoutTheLoopbackDeclaration) {
  LatencyWorld w(/*loopback_evidence=*/false, "185.22.64.10");
  w.ev.Rtt("latency.stratum", "primary", "185.22.64.10", "almaty-lab", 0.5);
  CheckResult r = CheckLocation({w.sc, w.ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.latency_contradicts");
}

TEST(LocationLatency, LoopbackMeasurementsAreRecordedButNotEvidence) {
  LatencyWorld w(/*loopback_evidence=*/false, "127.0.0.11");
  w.ev.Rtt("tcp.connect", "primary", "127.0.0.11", "almaty-lab", 0.05);
  CheckResult r = CheckLocation({w.sc, w.ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.1.pass_without_latency");
  EXPECT_EQ(r.figures["latency"]["usable_samples"], 0);
  EXPECT_TRUE(r.figures["latency"]["loopback_evidence"].is_null());
  EXPECT_EQ(r.summary.find("loopback_evidence"), std::string::npos) << r.summary;
  ASSERT_EQ(r.figures["latency"]["samples"].size(), 1u);
  EXPECT_NE(r.figures["latency"]["samples"][0]["excluded_why"].get<std::string>().find(
                "loopback/private"),
            std::string::npos);
}

TEST(LocationLatency, ConsistentLatencyIsReportedInThePass) {
  Scenario sc = testing::OneAddressScenario("127.0.0.11");
  sc.vantage_points = {{"astana-lab", 51.17, 71.45, true, 0, true}};
  Evidence ev;
  ev.GeoAt("geo-a", "primary", "ch1", "127.0.0.11", "KZ", "Astana", 51.18, 71.45);
  ev.Rtt("tcp.connect", "primary", "127.0.0.11", "astana-lab", 0.05);
  CheckResult r = CheckLocation({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.1.pass_with_latency");
  testing::ExpectFinding(r, Verdict::kPass, "latency.loopback_note");
  EXPECT_NE(r.summary.find("consistent with 1 latency bound test"), std::string::npos) << r.summary;
  // The pass rests on a loopback RTT: the result says so, and names where.
  EXPECT_NE(r.summary.find("counted only because vantage point(s) astana-lab declare "
                           "loopback_evidence: true"),
            std::string::npos)
      << r.summary;
  EXPECT_EQ(r.figures["latency"]["loopback_evidence"]["vantage_points"],
            nlohmann::json::array({"astana-lab"}));
}

TEST(LocationLatency, ImportedAtlasResultFromAnUndeclaredProbeIsNotEvidence) {
  LatencyWorld w(/*loopback_evidence=*/false, "185.22.64.10");
  w.ev.Rtt("latency.import", "primary", "185.22.64.10", "atlas-probe-6001", 0.5);
  CheckResult r = CheckLocation({w.sc, w.ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.1.pass_without_latency");
  EXPECT_NE(r.figures["latency"]["samples"][0]["excluded_why"].get<std::string>().find(
                "no declared coordinates"),
            std::string::npos);
}

}  // namespace
}  // namespace pooltest
