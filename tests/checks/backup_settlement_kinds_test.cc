// R4.3 beyond one city per site: a backup in a village the populated-places
// dataset knows (fail), in a place next to a listed city (inconclusive), and
// a primary whose addresses lie in several settlements (pass when the backup
// is in none of them, inconclusive when it shares one).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "checks/backup_site_check.h"
#include "checks/populated_places.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

// A small GeoNames-like dataset: a village far from any city, one beside
// Almaty, and a city's GeoNames spelling the gazetteer does not list.
nlohmann::json Places() {
  return nlohmann::json::parse(R"({
    "source": {"licence": "CC BY 4.0",
               "attribution": "Populated places: GeoNames (geonames.org), licensed under CC BY 4.0"},
    "places": [
      {"geonameid": 1, "name": "Shubarshi", "names": ["Шубарши"], "latitude": 48.58,
       "longitude": 57.18, "feature": "PPL"},
      {"geonameid": 2, "name": "Boralday", "names": [], "latitude": 43.33,
       "longitude": 76.86, "feature": "PPL"},
      {"geonameid": 3, "name": "Qaraghandy-Oblys-Town", "names": ["Temirtau"],
       "latitude": 45.0, "longitude": 60.0, "feature": "PPL"}
    ]})");
}

void Site(Evidence& ev, const std::string& site, const std::string& a1, const std::string& a2,
          const std::string& city1, const std::string& city2) {
  ev.GeoAt("geo-a", site, "ch1", a1, "KZ", city1, 45, 70);
  ev.GeoAt("geo-a", site, "ch2", a2, "KZ", city2, 45, 70);
  ev.Handshake(site, "ch1", a1, true);
  ev.Handshake(site, "ch2", a2, true);
}

CheckResult Judge(Scenario sc, const std::string& backup_city, bool with_places = true) {
  Evidence ev;
  ev.GazetteerLoad();
  if (with_places) ev.PlacesLoad(Places());
  Site(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", "Astana");
  Site(ev, "backup", "127.0.0.21", "127.0.0.22", backup_city, backup_city);
  return CheckBackupSites({sc, ev.all()})[0];
}

TEST(BackupSettlementKinds, ABackupInAKnownVillageFailsNamingIt) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = "Shubarshi";
  CheckResult r = Judge(sc, "Shubarshi");
  testing::ExpectFinding(r, Verdict::kFail, "R4.3.backup_in_village",
                         {{"city", "Shubarshi"}, {"place", "Shubarshi"}});
  EXPECT_NE(r.summary.find("GeoNames"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("CC BY 4.0"), std::string::npos) << r.summary;
  EXPECT_EQ(r.figures["backup_place"]["geonameid"], 1);
  EXPECT_NE(r.figures["backup_place"]["attribution"].get<std::string>().find("GeoNames"),
            std::string::npos);
  // Found under its Cyrillic spelling too.
  testing::ExpectFinding(Judge(sc, "Шубарши"), Verdict::kFail, "R4.3.backup_in_village");
}

TEST(BackupSettlementKinds, APlaceNoSourceKnowsStaysInconclusive) {
  Scenario sc = TwoSiteScenario();
  testing::ExpectFinding(Judge(sc, "Zhuldyzdy"), Verdict::kInconclusive,
                         "R4.3.backup_not_in_gazetteer");
  // Against a partial gazetteer (no bureau_counts) a name it lacks may be a
  // city it omits: never a fail.
  Evidence ev;
  ev.GazetteerLoad().data["gazetteer"].erase("bureau_counts");
  ev.PlacesLoad(Places());
  Site(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", "Astana");
  Site(ev, "backup", "127.0.0.21", "127.0.0.22", "Shubarshi", "Shubarshi");
  testing::ExpectFinding(CheckBackupSites({sc, ev.all()})[0], Verdict::kInconclusive,
                         "R4.3.backup_not_in_gazetteer");
  // Without the dataset a known village is unknown too: never a fail.
  testing::ExpectFinding(Judge(sc, "Shubarshi", /*with_places=*/false), Verdict::kInconclusive,
                         "R4.3.backup_not_in_gazetteer");
}

TEST(BackupSettlementKinds, APlaceBesideAListedCityIsInconclusive) {
  Scenario sc = TwoSiteScenario();
  CheckResult r = Judge(sc, "Boralday");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.backup_near_city",
                         {{"settlement", "Almaty"}});
  // A place whose other spelling is a listed city's is that city's, not a village.
  testing::ExpectFinding(Judge(sc, "Qaraghandy-Oblys-Town"), Verdict::kInconclusive,
                         "R4.3.backup_near_city", {{"settlement", "Temirtau"}});
}

TEST(BackupSettlementKinds, ABackupInAlatauPasses) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = "Alatau";
  CheckResult r = Judge(sc, "Alatau");
  testing::ExpectFinding(r, Verdict::kPass, "R4.3.pass");
  EXPECT_NE(r.summary.find("city of regional significance"), std::string::npos) << r.summary;
}

TEST(BackupSettlementKinds, EmbaAndZhemAreTwoSettlements) {
  Scenario sc = TwoSiteScenario();
  sc.sites[0].settlement = "Emba";
  sc.sites[1].settlement = "Zhem";
  Evidence ev;
  ev.GazetteerLoad();
  Site(ev, "primary", "127.0.0.11", "127.0.0.12", "Emba", "Emba");
  Site(ev, "backup", "127.0.0.21", "127.0.0.22", "Жем", "Жем");
  testing::ExpectFinding(CheckBackupSites({sc, ev.all()})[0], Verdict::kPass, "R4.3.pass");
}

CheckResult RunSeveral(const std::string& backup_city) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = backup_city;
  Evidence ev;
  ev.GazetteerLoad();
  Site(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", "Karaganda");
  Site(ev, "backup", "127.0.0.21", "127.0.0.22", backup_city, backup_city);
  return CheckBackupSites({sc, ev.all()})[0];
}

TEST(BackupSettlementKinds, APrimaryInSeveralSettlementsPassesWhenTheBackupIsInNone) {
  CheckResult r = RunSeveral("Almaty");
  testing::ExpectFinding(r, Verdict::kPass, "R4.3.pass_primary_several");
  EXPECT_NE(r.summary.find("Astana"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("Karaganda"), std::string::npos) << r.summary;
  EXPECT_EQ(r.figures["primary_settlements"], nlohmann::json({"Astana", "Karaganda"}));
}

TEST(BackupSettlementKinds, APrimaryInSeveralSettlementsIsInconclusiveWhenTheBackupSharesOne) {
  CheckResult r = RunSeveral("Karaganda");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.3.shares_primary_settlement",
                         {{"settlement", "Karaganda"}});
  // One of the primary's cities unknown to the gazetteer could be the
  // backup's under another spelling.
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.GazetteerLoad();
  Site(ev, "primary", "127.0.0.11", "127.0.0.12", "Astana", "Zhuldyzdy");
  Site(ev, "backup", "127.0.0.21", "127.0.0.22", "Almaty", "Almaty");
  testing::ExpectFinding(CheckBackupSites({sc, ev.all()})[0], Verdict::kInconclusive,
                         "R4.3.primary_not_in_gazetteer", {{"city", "Zhuldyzdy"}});
}

TEST(PopulatedPlaces, ClassifiesByNameAndDistance) {
  Result<PopulatedPlaces> p = PopulatedPlaces::FromJson(Places());
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->licence(), "CC BY 4.0");
  EXPECT_EQ(p->FindAll("shubarshi").size(), 1u);
  EXPECT_TRUE(p->FindAll("Springfield").empty());
  EXPECT_FALSE(PopulatedPlaces::FromJson(nlohmann::json::parse(R"({"places": []})")).ok());
  EXPECT_FALSE(PopulatedPlaces::FromJson(
                   nlohmann::json::parse(R"({"places": [{"name": "X", "latitude": 99}]})"))
                   .ok());
}

// The places built from the pinned GeoNames package (ci/install-deps.sh),
// against the bundled gazetteer.
TEST(PopulatedPlaces, TheBuiltDatasetAgreesWithTheGazetteer) {
  if (!std::filesystem::exists(POOLTEST_PLACES_FILE))
    GTEST_SKIP() << POOLTEST_PLACES_FILE << " not built: run ci/install-deps.sh";
  auto read = [](const char* path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return nlohmann::json::parse(ss.str());
  };
  Result<PopulatedPlaces> p = PopulatedPlaces::FromJson(read(POOLTEST_PLACES_FILE));
  ASSERT_TRUE(p.ok()) << p.error().message;
  Result<Gazetteer> g = Gazetteer::FromJson(read(POOLTEST_GAZETTEER_FILE));
  ASSERT_TRUE(g.ok());
  EXPECT_GT(p->places().size(), 250u);
  EXPECT_EQ(p->licence(), "CC BY 4.0");
  EXPECT_NE(p->attribution().find("GeoNames"), std::string::npos);
  EXPECT_EQ(ClassifyPlace(*p, *g, "Shubarshi").kind, PlaceVerdict::Kind::kNotACity);
  // Tyuratam lies beside Baikonur: it may be part of it, never a village verdict.
  const PlaceVerdict tyuratam = ClassifyPlace(*p, *g, "Tyuratam");
  EXPECT_EQ(tyuratam.kind, PlaceVerdict::Kind::kCityNearby);
  ASSERT_NE(tyuratam.city, nullptr);
  EXPECT_EQ(tyuratam.city->id, "baikonur");
  // GeoNames' spelling of a district town is one of the gazetteer's.
  EXPECT_EQ(ClassifyPlace(*p, *g, "Qarqaraly").kind, PlaceVerdict::Kind::kCityNearby);
  EXPECT_EQ(g->Find("Qarqaraly")->id, "karkaraly");
  EXPECT_EQ(g->Find("Taiynsha")->id, "tayynsha");
}

}  // namespace
}  // namespace pooltest
