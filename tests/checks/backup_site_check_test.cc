#include "checks/backup_site_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

void AddSite(Evidence& ev, const std::string& site, const std::string& a1, const std::string& a2,
             const std::string& country, const std::string& city, bool serves = true) {
  if (site == "primary") ev.GazetteerLoad();
  ev.Geo("geo-a", site, "ch1", a1, country, city);
  ev.Geo("geo-a", site, "ch2", a2, country, city);
  ev.Handshake(site, "ch1", a1, serves);
  ev.Handshake(site, "ch2", a2, serves);
}

TEST(BackupSiteCheck, PassesForABackupInAnotherKazakhCity) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Almaty");
  auto rs = CheckBackupSites({sc, ev.all()});
  ASSERT_EQ(rs.size(), 1u);
  testing::ExpectFinding(rs[0], Verdict::kPass, "R4.3.pass");
  testing::ExpectFinding(rs[0], Verdict::kPass, "settlement.kind.capital");
  testing::ExpectFinding(rs[0], Verdict::kPass, "settlement.kind.republican");
  EXPECT_EQ(rs[0].id, "R4.3.backup.backup");
  EXPECT_EQ(rs[0].figures["observed_city"], "Almaty");
  EXPECT_EQ(rs[0].figures["primary_city"], "Astana");
}

TEST(BackupSiteCheck, FailsForABackupInTheSameCity) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Astana");
  auto rs = CheckBackupSites({sc, ev.all()});
  testing::ExpectFinding(rs[0], Verdict::kFail, "R4.3.same_settlement");
  EXPECT_NE(rs[0].summary.find("same settlement"), std::string::npos) << rs[0].summary;
}

TEST(BackupSiteCheck, FailsForABackupAbroad) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "DE", "Frankfurt am Main");
  auto rs = CheckBackupSites({sc, ev.all()});
  testing::ExpectFinding(rs[0], Verdict::kFail, "R4.3.abroad");
  EXPECT_NE(rs[0].summary.find("DE"), std::string::npos);
}

TEST(BackupSiteCheck, FailsWhenTheBackupDoesNotServeMiners) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Almaty", /*serves=*/false);
  auto rs = CheckBackupSites({sc, ev.all()});
  testing::ExpectFinding(rs[0], Verdict::kFail, "R4.3.not_serving");
  EXPECT_NE(rs[0].summary.find("does not serve miners"), std::string::npos) << rs[0].summary;
}

TEST(BackupSiteCheck, InconclusiveWhenTheDatabaseHasNoCity) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "");
  auto rs = CheckBackupSites({sc, ev.all()});
  testing::ExpectFinding(rs[0], Verdict::kInconclusive, "R4.3.settlement_open");
  testing::ExpectFinding(rs[0], Verdict::kInconclusive, "R4.3.reason.no_city");
  EXPECT_NE(rs[0].summary.find("no database gives a city"), std::string::npos) << rs[0].summary;
}

TEST(BackupSiteCheck, InconclusiveWhenTwoDatabasesDisagreeOnTheCity) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Almaty");
  ev.Geo("geo-b", "backup", "ch1", "127.0.0.21", "KZ", "Astana");
  auto rs = CheckBackupSites({sc, ev.all()});
  testing::ExpectFinding(rs[0], Verdict::kInconclusive, "R4.3.settlement_open");
  testing::ExpectFinding(rs[0], Verdict::kInconclusive, "R4.3.reason.databases_disagree");
  testing::ExpectFinding(rs[0], Verdict::kInconclusive, "R4.3.part.opinion");
}

TEST(BackupSiteCheck, InconclusiveWhenDeclaredAndObservedSettlementDiffer) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = "Shymkent";
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Almaty");
  auto rs = CheckBackupSites({sc, ev.all()});
  testing::ExpectFinding(rs[0], Verdict::kInconclusive, "R4.3.declared_elsewhere");
  EXPECT_NE(rs[0].summary.find("Shymkent"), std::string::npos);
}

TEST(BackupSiteCheck, FailsWhenNoBackupIsDeclared) {
  Scenario sc = TwoSiteScenario();
  sc.sites.pop_back();
  Evidence ev;
  auto rs = CheckBackupSites({sc, ev.all()});
  ASSERT_EQ(rs.size(), 1u);
  testing::ExpectFinding(rs[0], Verdict::kFail, "R4.3.no_backup");
}

}  // namespace
}  // namespace pooltest

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

void Site2(Evidence& ev, const std::string& site, const std::string& a1, const std::string& a2,
           const std::string& city, double lat, double lon) {
  ev.GeoAt("geo-a", site, "ch1", a1, "KZ", city, lat, lon);
  ev.GeoAt("geo-a", site, "ch2", a2, "KZ", city, lat, lon);
  ev.Handshake(site, "ch1", a1, true);
  ev.Handshake(site, "ch2", a2, true);
}

TEST(BackupSettlements, PassNamesTheLegalKindsFromTheGazetteer) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  const std::string gaz = ev.GazetteerLoad().id;  // the vector grows below
  Site2(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", 51.18, 71.45);
  Site2(ev, "backup", "127.0.0.21", "127.0.0.22", "Almaty", 43.26, 76.93);
  CheckResult r = CheckBackupSites({sc, ev.all()})[0];
  testing::ExpectFinding(r, Verdict::kPass, "R4.3.pass");
  EXPECT_NE(r.summary.find("city of republican significance"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("the capital"), std::string::npos) << r.summary;
  EXPECT_EQ(r.figures["backup_settlement"]["id"], "almaty");
  EXPECT_NE(std::find(r.evidence.begin(), r.evidence.end(), gaz), r.evidence.end());
}

TEST(BackupSettlements, SameSettlementUnderAnotherSpellingFails) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.GazetteerLoad();
  Site2(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", 51.18, 71.45);
  Site2(ev, "backup", "127.0.0.21", "127.0.0.22", "Nur-Sultan", 51.18, 71.45);
  CheckResult r = CheckBackupSites({sc, ev.all()})[0];
  testing::ExpectFinding(r, Verdict::kFail, "R4.3.same_settlement");
  EXPECT_NE(r.summary.find("same settlement"), std::string::npos) << r.summary;
}

TEST(BackupSettlements, DeclaredOldNameMatchesTheDatabasesNewName) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = "Ust-Kamenogorsk";
  Evidence ev;
  ev.GazetteerLoad();
  Site2(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", 51.18, 71.45);
  Site2(ev, "backup", "127.0.0.21", "127.0.0.22", "Oskemen", 49.95, 82.63);
  CheckResult r = CheckBackupSites({sc, ev.all()})[0];
  testing::ExpectFinding(r, Verdict::kPass, "R4.3.pass");
  EXPECT_NE(r.summary.find("Oskemen (a city of regional significance)"), std::string::npos)
      << r.summary;
}

TEST(BackupSettlements, CityMissingFromTheGazetteerIsInconclusive) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = "Zhuldyzdy";
  Evidence ev;
  ev.GazetteerLoad();
  Site2(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", 51.18, 71.45);
  Site2(ev, "backup", "127.0.0.21", "127.0.0.22", "Zhuldyzdy", 47.0, 70.0);
  CheckResult r = CheckBackupSites({sc, ev.all()})[0];
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.backup_not_in_gazetteer");
  EXPECT_NE(r.summary.find("'Zhuldyzdy', which is not in the settlement gazetteer"),
            std::string::npos)
      << r.summary;
}

TEST(BackupSettlements, WithoutAGazetteerTheKindIsUnknown) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Site2(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", 51.18, 71.45);
  Site2(ev, "backup", "127.0.0.21", "127.0.0.22", "Almaty", 43.26, 76.93);
  CheckResult r = CheckBackupSites({sc, ev.all()})[0];
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.no_gazetteer");
  EXPECT_NE(r.summary.find("gazetteer"), std::string::npos) << r.summary;
}

TEST(BackupSettlements, LatencyContradictingTheDatabaseIsInconclusive) {
  Scenario sc = TwoSiteScenario();
  // A lab in Almaty whose loopback stands for the pool's network (test world).
  sc.vantage_points = {{"almaty-lab", 43.24, 76.95, true, 0, true}};
  Evidence ev;
  ev.GazetteerLoad();
  Site2(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", 51.18, 71.45);
  Site2(ev, "backup", "127.0.0.21", "127.0.0.22", "Almaty", 43.26, 76.93);
  const Observation& rtt = ev.Rtt("tcp.connect", "primary", "127.0.0.11", "almaty-lab", 0.4);
  CheckResult r = CheckBackupSites({sc, ev.all()})[0];
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.latency_contradicts");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.part.contradicted");
  testing::ExpectFinding(r, Verdict::kInconclusive, "latency.arithmetic");
  EXPECT_NE(r.summary.find("0.400 x 100 = 40.0 km"), std::string::npos) << r.summary;
  EXPECT_NE(std::find(r.evidence.begin(), r.evidence.end(), rtt.id), r.evidence.end());
  ASSERT_EQ(r.figures["latency_contradictions"].size(), 1u);
}

TEST(BackupSettlements, DatabasesDisagreeingOnTheCityAreShown) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.GazetteerLoad();
  Site2(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", 51.18, 71.45);
  Site2(ev, "backup", "127.0.0.21", "127.0.0.22", "Almaty", 43.26, 76.93);
  ev.GeoAt("geo-b", "backup", "ch1", "127.0.0.21", "KZ", "Karaganda", 49.80, 73.10);
  CheckResult r = CheckBackupSites({sc, ev.all()})[0];
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.settlement_open");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.reason.databases_disagree");
  EXPECT_NE(r.summary.find("127.0.0.21: geo-a says Almaty KZ, geo-b says Karaganda KZ"),
            std::string::npos)
      << r.summary;
}

}  // namespace
}  // namespace pooltest
