#include "checks/location_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

TEST(LocationCheck, PassesWhenEveryAddressIsInKazakhstan) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.AddGoodPool(sc);
  CheckResult r = CheckLocation({sc, ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(r.clause, "R4.1");
  EXPECT_EQ(r.evidence.size(), 4u);  // the four geo lookups
}

TEST(LocationCheck, FailsWhenDatabasesAgreeAnAddressIsAbroad) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Geo("geo-a", "primary", "ch1", "127.0.0.11", "KZ", "Astana");
  Observation& abroad = ev.Geo("geo-a", "backup", "ch1", "127.0.0.21", "DE", "Frankfurt am Main");
  CheckResult r = CheckLocation({sc, ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kFail);
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
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_NE(r.summary.find("disagree"), std::string::npos) << r.summary;
  EXPECT_TRUE(r.figures["addresses"][0]["country_disputed"].get<bool>());
}

TEST(LocationCheck, InconclusiveWhenAnAddressIsUnknown) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Geo("geo-a", "primary", "ch1", "127.0.0.11", "KZ", "Astana");
  ev.GeoUnknown("geo-a", "primary", "127.0.0.12");
  EXPECT_EQ(CheckLocation({sc, ev.all()}).verdict, Verdict::kInconclusive);
}

TEST(LocationCheck, InconclusiveWithoutAnyGeolocationDatabase) {
  Scenario sc = TwoSiteScenario();
  sc.data_sources.clear();
  Evidence ev;
  CheckResult r = CheckLocation({sc, ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
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
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_NE(r.summary.find("pool.example.kz"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
