#include "checks/backup_site_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

void AddSite(Evidence& ev, const std::string& site, const std::string& a1, const std::string& a2,
             const std::string& country, const std::string& city, bool serves = true) {
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
  EXPECT_EQ(rs[0].verdict, Verdict::kPass) << rs[0].summary;
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
  EXPECT_EQ(rs[0].verdict, Verdict::kFail);
  EXPECT_NE(rs[0].summary.find("same settlement"), std::string::npos) << rs[0].summary;
}

TEST(BackupSiteCheck, FailsForABackupAbroad) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "DE", "Frankfurt am Main");
  auto rs = CheckBackupSites({sc, ev.all()});
  EXPECT_EQ(rs[0].verdict, Verdict::kFail);
  EXPECT_NE(rs[0].summary.find("DE"), std::string::npos);
}

TEST(BackupSiteCheck, FailsWhenTheBackupDoesNotServeMiners) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Almaty", /*serves=*/false);
  auto rs = CheckBackupSites({sc, ev.all()});
  EXPECT_EQ(rs[0].verdict, Verdict::kFail);
  EXPECT_NE(rs[0].summary.find("does not serve miners"), std::string::npos) << rs[0].summary;
}

TEST(BackupSiteCheck, InconclusiveWhenTheDatabaseHasNoCity) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "");
  auto rs = CheckBackupSites({sc, ev.all()});
  EXPECT_EQ(rs[0].verdict, Verdict::kInconclusive);
  EXPECT_NE(rs[0].summary.find("no database gives a city"), std::string::npos) << rs[0].summary;
}

TEST(BackupSiteCheck, InconclusiveWhenTwoDatabasesDisagreeOnTheCity) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Almaty");
  ev.Geo("geo-b", "backup", "ch1", "127.0.0.21", "KZ", "Astana");
  auto rs = CheckBackupSites({sc, ev.all()});
  EXPECT_EQ(rs[0].verdict, Verdict::kInconclusive) << rs[0].summary;
}

TEST(BackupSiteCheck, InconclusiveWhenDeclaredAndObservedSettlementDiffer) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = "Shymkent";
  Evidence ev;
  AddSite(ev, "primary", "127.0.0.11", "127.0.0.12", "KZ", "Astana");
  AddSite(ev, "backup", "127.0.0.21", "127.0.0.22", "KZ", "Almaty");
  auto rs = CheckBackupSites({sc, ev.all()});
  EXPECT_EQ(rs[0].verdict, Verdict::kInconclusive);
  EXPECT_NE(rs[0].summary.find("Shymkent"), std::string::npos);
}

TEST(BackupSiteCheck, FailsWhenNoBackupIsDeclared) {
  Scenario sc = TwoSiteScenario();
  sc.sites.pop_back();
  Evidence ev;
  auto rs = CheckBackupSites({sc, ev.all()});
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].verdict, Verdict::kFail);
}

}  // namespace
}  // namespace pooltest
