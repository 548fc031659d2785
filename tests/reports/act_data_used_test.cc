// The act's "data used" from a run's observations: each database the
// scenario names with the file, type and build date its lookups read, the
// one that failed to open marked so (no path of the lab's machine), and the
// gazetteer with its digest and as-of date.
#include "reports/act_data_used.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

Observation Obs(const char* id, const char* probe, const std::string& target, nlohmann::json data,
                ProbeStatus status = ProbeStatus::kOk) {
  Observation o;
  o.id = id;
  o.probe = probe;
  o.target = target;
  o.status = status;
  o.data = std::move(data);
  return o;
}

TEST(ActDataUsed, EachDatabaseWithItsBuildDate) {
  Scenario sc;
  DataSource geo_a{"geo-a",
                   DataSource::Kind::kGeolocation,
                   DataSource::Format::kMaxMindDb,
                   "/lab/data/a.mmdb",
                   {}};
  DataSource geo_b{"geo-b",
                   DataSource::Kind::kGeolocation,
                   DataSource::Format::kMaxMindDb,
                   "/lab/data/b.mmdb",
                   {}};
  DataSource asn{"asn", DataSource::Kind::kAsn, DataSource::Format::kCsv, "/lab/data/asn.csv", {}};
  sc.data_sources = {geo_a, geo_b, asn};
  std::vector<Observation> obs = {
      Obs("obs-0001", "geo.open", "/lab/data/b.mmdb", nullptr, ProbeStatus::kError),
      Obs("obs-0002", "gazetteer.load", "kz-settlements.json",
          {{"file", "kz-settlements.json"},
           {"sha256", "ab12"},
           {"gazetteer", {{"as_of", "2026-01-01"}, {"settlements", nlohmann::json::array()}}}}),
      Obs("obs-0003", "geo.lookup", "10.0.0.1",
          {{"database", "geo-a"},
           {"file", "a.mmdb"},
           {"database_type", "GeoLite2-City"},
           {"database_build", 1759806000u}}),
      Obs("obs-0004", "asn.lookup", "10.0.0.1",
          {{"database", "asn"}, {"file", "asn.csv"}, {"format", "csv"}}),
  };
  const nlohmann::json used = DataUsedSection(sc, obs);
  ASSERT_EQ(used.size(), 4u) << used.dump(1);
  EXPECT_EQ(used[0]["name"], "geo-a");
  EXPECT_EQ(used[0]["kind"], "geolocation");
  EXPECT_EQ(used[0]["file"], "a.mmdb");
  EXPECT_EQ(used[0]["type"], "GeoLite2-City");
  EXPECT_EQ(used[0]["built"], "2025-10-07");
  EXPECT_EQ(used[0]["evidence"], "obs-0003");
  EXPECT_EQ(used[1]["name"], "geo-b");
  EXPECT_EQ(used[1]["problem"], "open_failed");
  EXPECT_EQ(used[1]["evidence"], "obs-0001");
  EXPECT_TRUE(used[1]["built"].is_null());
  EXPECT_EQ(used[2]["kind"], "asn");
  EXPECT_EQ(used[2]["type"], "csv");
  EXPECT_TRUE(used[2]["built"].is_null());
  EXPECT_EQ(used[3]["kind"], "gazetteer");
  EXPECT_EQ(used[3]["as_of"], "2026-01-01");
  EXPECT_EQ(used[3]["sha256"], "ab12");
  // No path of the lab's machine.
  EXPECT_EQ(used.dump().find("/lab/"), std::string::npos);
}

TEST(ActDataUsed, AGazetteerThatFailedToLoadIsSaidSo) {
  Scenario sc;
  std::vector<Observation> obs = {
      Obs("obs-0001", "gazetteer.load", "g.json", nullptr, ProbeStatus::kError)};
  const nlohmann::json used = DataUsedSection(sc, obs);
  ASSERT_EQ(used.size(), 1u);
  EXPECT_EQ(used[0]["problem"], "load_failed");
}

// GeoNames' populated places come with the credit line their licence asks
// the act to carry.
TEST(ActDataUsed, ThePlacesDatasetCarriesItsAttribution) {
  Scenario sc;
  std::vector<Observation> obs = {Obs(
      "obs-0002", "places.load", "kz-places.json",
      {{"sha256", "cd34"},
       {"populated_places",
        {{"source", {{"licence", "CC BY 4.0"}, {"attribution", "Populated places: GeoNames"}}}}}})};
  const nlohmann::json used = DataUsedSection(sc, obs);
  ASSERT_EQ(used.size(), 1u);
  EXPECT_EQ(used[0]["kind"], "places");
  EXPECT_EQ(used[0]["licence"], "CC BY 4.0");
  EXPECT_EQ(used[0]["attribution"], "Populated places: GeoNames");
}

}  // namespace
}  // namespace pooltest
