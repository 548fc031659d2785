// Every declared address is accounted for: an address of the scenario with
// no lookup, or a host name with no resolution, is named as unsettled by
// R4.1 and R4.3 (and leaves R4.4's provider open), never silently skipped.
#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "checks/backup_site_check.h"
#include "checks/channels_check.h"
#include "checks/declared_addresses.h"
#include "checks/location_check.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

// A good pool's evidence without the observations `drop` selects.
template <typename Pred>
std::vector<Observation> GoodPoolWithout(const Scenario& sc, Pred drop) {
  Evidence ev;
  ev.AddGoodPool(sc);
  std::vector<Observation> out;
  for (const Observation& o : ev.all())
    if (!drop(o)) out.push_back(o);
  return out;
}

bool GeoOf(const Observation& o, const std::string& address) {
  return o.probe == "geo.lookup" && o.target == address;
}

TEST(DeclaredAddresses, AnAddressNeverGeolocatedLeavesR41Unsettled) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs =
      GoodPoolWithout(sc, [](const Observation& o) { return GeoOf(o, "127.0.0.22"); });
  CheckResult r = CheckLocation({sc, obs});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  EXPECT_NE(r.summary.find("127.0.0.22 (backup): no geolocation lookup was made for it in geo-a"),
            std::string::npos)
      << r.summary;
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.reason.not_looked_up",
                         {{"databases", {"geo-a"}}});
  ASSERT_EQ(r.figures["declared_without_lookup"].size(), 1u);
  EXPECT_EQ(r.figures["declared_without_lookup"][0]["address"], "127.0.0.22");
}

TEST(DeclaredAddresses, EveryDeclaredDatabaseMustLookEachAddressUp) {
  Scenario sc = TwoSiteScenario();
  DataSource second;
  second.name = "geo-b";
  second.kind = DataSource::Kind::kGeolocation;
  sc.data_sources.push_back(second);
  Evidence ev;
  ev.AddGoodPool(sc);
  for (const Site& s : sc.sites)
    for (const Channel& ch : s.channels)
      if (ch.addresses[0] != "127.0.0.12")
        ev.Geo("geo-b", s.id, ch.id, ch.addresses[0], "KZ",
               s.role == SiteRole::kPrimary ? "Astana" : "Almaty");
  CheckResult r = CheckLocation({sc, ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  EXPECT_NE(r.summary.find("127.0.0.12 (primary): no geolocation lookup was made for it in geo-b"),
            std::string::npos)
      << r.summary;
}

TEST(DeclaredAddresses, AHostNameWithoutResolutionIsUnsettledAndOneResolvedIsFollowed) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].channels[1].addresses = {"backup2.pool.example"};
  std::vector<Observation> obs =
      GoodPoolWithout(sc, [](const Observation& o) { return GeoOf(o, "127.0.0.22"); });
  CheckResult r = CheckLocation({sc, obs});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  EXPECT_NE(r.summary.find("backup2.pool.example (backup): no DNS resolution was made for it"),
            std::string::npos)
      << r.summary;
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.reason.not_resolved");

  // Resolved to two addresses, one of which was never geolocated.
  Observation dns;
  dns.id = "obs-dns";
  dns.probe = "dns.resolve";
  dns.target = "backup2.pool.example";
  dns.status = ProbeStatus::kOk;
  dns.data = {{"addresses", {"127.0.0.23", "127.0.0.24"}}};
  obs.push_back(dns);
  Observation geo = obs.front();
  for (const Observation& o : obs)
    if (GeoOf(o, "127.0.0.21")) geo = o;
  geo.id = "obs-geo23";
  geo.target = "127.0.0.23";
  obs.push_back(geo);
  r = CheckLocation({sc, obs});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  EXPECT_NE(r.summary.find("127.0.0.24 (backup): declared as backup2.pool.example; no "
                           "geolocation lookup was made for it in geo-a"),
            std::string::npos)
      << r.summary;
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.1.reason.resolved_not_looked_up",
                         {{"host", "backup2.pool.example"}, {"databases", {"geo-a"}}});
  geo.id = "obs-geo24";
  geo.target = "127.0.0.24";
  obs.push_back(geo);
  r = CheckLocation({sc, obs});
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
}

// R4.3 with one address of `site_address` never geolocated: unsettled, named.
CheckResult BackupWithoutGeoOf(const std::string& address) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs =
      GoodPoolWithout(sc, [&address](const Observation& o) { return GeoOf(o, address); });
  std::vector<CheckResult> rs = CheckBackupSites({sc, obs});
  EXPECT_EQ(rs.size(), 1u);
  return rs.empty() ? CheckResult{} : rs[0];
}

TEST(DeclaredAddresses, ABackupOrPrimaryAddressNeverGeolocatedLeavesR43Unsettled) {
  CheckResult backup = BackupWithoutGeoOf("127.0.0.22");
  EXPECT_EQ(backup.verdict, Verdict::kInconclusive) << backup.summary;
  EXPECT_NE(backup.summary.find("127.0.0.22: no geolocation lookup was made for it in geo-a"),
            std::string::npos)
      << backup.summary;
  EXPECT_EQ(backup.figures["backup_without_lookup"].size(), 1u);

  CheckResult primary = BackupWithoutGeoOf("127.0.0.12");
  EXPECT_EQ(primary.verdict, Verdict::kInconclusive) << primary.summary;
  EXPECT_NE(primary.summary.find("127.0.0.12: no geolocation lookup was made for it in geo-a"),
            std::string::npos)
      << primary.summary;
  EXPECT_EQ(primary.figures["primary_without_lookup"].size(), 1u);
  testing::ExpectFinding(primary, Verdict::kInconclusive, "R4.3.primary_unsettled");
  testing::ExpectFinding(primary, Verdict::kInconclusive, "R4.3.reason.not_looked_up",
                         {{"address", "127.0.0.12"}, {"databases", {"geo-a"}}});
}

TEST(DeclaredAddresses, AChannelAddressWithoutAsnLookupLeavesItsProviderOpen) {
  Scenario sc = TwoSiteScenario();
  sc.sites[0].channels[1].addresses.push_back("127.0.0.13");
  Evidence ev;
  ev.AddGoodPool(sc);  // looks up each channel's first address only
  std::vector<CheckResult> rs = CheckChannels({sc, ev.all()});
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].verdict, Verdict::kInconclusive) << rs[0].summary;
  EXPECT_NE(rs[0].summary.find("no ASN lookup was made for 127.0.0.13 of channel ch2"),
            std::string::npos)
      << rs[0].summary;
  testing::ExpectFinding(rs[0], Verdict::kInconclusive, "R4.4.not_looked_up",
                         {{"address", "127.0.0.13"}, {"channel", "ch2"}});
  EXPECT_EQ(rs[1].verdict, Verdict::kPass) << rs[1].summary;
}

TEST(DeclaredAddresses, LiteralsAreMatchedCanonically) {
  Scenario sc = TwoSiteScenario();
  sc.sites[0].channels[0].addresses = {"[::0001]"};
  Evidence ev;
  SiteDeclarations d = DeclaredAddressesOf({sc, ev.all()});
  ASSERT_FALSE(d.addresses.empty());
  EXPECT_EQ(d.addresses[0].address, "::1");
  EXPECT_EQ(d.addresses[0].declared_as, "[::0001]");
  EXPECT_TRUE(IsAddressLiteral("10.0.0.1"));
  EXPECT_FALSE(IsAddressLiteral("pool.example"));
  ev.Geo("geo-a", "primary", "ch1", "::1", "KZ", "Astana");
  EXPECT_TRUE(
      MissingLookups({sc, ev.all()}, DataSource::Kind::kGeolocation, "geo.lookup", "::1").empty());
}

}  // namespace
}  // namespace pooltest
