// The example scenarios on the real lab data ci/fetch-lab-data.sh installs
// (pinned npm builds of GeoLite2 City and ASN, DB-IP Lite City and
// ip-location-db's ASN table, in POOLTEST_LAB_DATA_DIR): each example loads
// with ${POOLTEST_LAB_DATA} pointing there, and every database it names
// opens and places a Kazakhtelecom address (AS9198) in Kazakhstan, so the
// examples are runnable as shipped, not just well-formed.
// Lookups only: nothing is sent to the addresses looked up.
#include <gtest/gtest.h>

#include "probes/geo/asn_lookup.h"
#include "probes/geo/geo_lookup.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {
namespace {

const std::string kScenarios = std::string(POOLTEST_SOURCE_DIR) + "/scenarios";

LoadOutcome LoadExample(const std::string& name) {
  LoadOptions options;
  options.variables["POOLTEST_DATA"] = POOLTEST_DATA_DIR;
  options.variables["POOLTEST_LAB_DATA"] = POOLTEST_LAB_DATA_DIR;
  return LoadScenarioFile(kScenarios + "/" + name, options);
}

std::string Dump(const LoadOutcome& o) {
  std::string s;
  for (const Diagnostic& d : o.diagnostics) s += FormatDiagnostic(d) + "\n";
  return s;
}

class LabDataExample : public ::testing::TestWithParam<const char*> {};

TEST_P(LabDataExample, LoadsAndEveryDatabasePlacesKazakhtelecomInKazakhstan) {
  LoadOutcome o = LoadExample(GetParam());
  ASSERT_TRUE(o.ok()) << Dump(o) << "run: bash ci/fetch-lab-data.sh";
  ASSERT_FALSE(o.scenario->data_sources.empty());
  int geo = 0, asn = 0;
  for (const DataSource& s : o.scenario->data_sources) {
    SCOPED_TRACE(s.name + " " + s.path);
    // 95.56.0.0/14 is Kazakhtelecom's, in every build these pins name.
    if (s.kind == DataSource::Kind::kGeolocation) {
      auto db = GeoDatabase::Open(s);
      ASSERT_TRUE(db) << db.error().message;
      Observation r = db.value()->Lookup("95.56.0.1");
      EXPECT_EQ(r.status, ProbeStatus::kOk) << ToJson(r).dump();
      EXPECT_EQ(r.data["found"], true) << ToJson(r).dump();
      EXPECT_EQ(r.data["country"], "KZ") << ToJson(r).dump();
      ++geo;
    } else if (s.kind == DataSource::Kind::kAsn) {
      auto db = AsnDatabase::Open(s);
      ASSERT_TRUE(db) << db.error().message;
      Observation r = db.value()->Lookup("95.56.0.1");
      EXPECT_EQ(r.status, ProbeStatus::kOk) << ToJson(r).dump();
      EXPECT_EQ(r.data["asn"], 9198) << ToJson(r).dump();
      ++asn;
    }
  }
  EXPECT_GE(geo, 1);
  EXPECT_GE(asn, 1);
}

INSTANTIATE_TEST_SUITE_P(Examples, LabDataExample,
                         ::testing::Values("full-accreditation.yaml", "operator-precheck.yaml",
                                           "operator-precheck.json"),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           for (char& c : n)
                             if (c == '-' || c == '.') c = '_';
                           return n;
                         });

// The full example cross-checks two independent geolocation builds and two
// ASN sources, as a lab's run should.
TEST(LabData, FullAccreditationHasTwoSourcesOfEachKind) {
  LoadOutcome o = LoadExample("full-accreditation.yaml");
  ASSERT_TRUE(o.ok()) << Dump(o);
  int geo = 0, asn = 0;
  for (const DataSource& s : o.scenario->data_sources) {
    geo += s.kind == DataSource::Kind::kGeolocation;
    asn += s.kind == DataSource::Kind::kAsn;
  }
  EXPECT_EQ(geo, 2);
  EXPECT_EQ(asn, 2);
}

// The pinned asn-ipv4.csv overlaps itself (214.95.0.0-215.0.255.255 AS749
// over 215.0.0.0-215.1.3.255 AS721): it loads, and an address in both
// ranges is attributed to neither.
TEST(LabData, AsnCsvOverlapIsNoSingleAnswer) {
  DataSource s;
  s.name = "ip-location-db-asn";
  s.kind = DataSource::Kind::kAsn;
  s.format = DataSource::Format::kCsv;
  s.path = std::string(POOLTEST_LAB_DATA_DIR) + "/asn-ipv4.csv";
  auto db = AsnDatabase::Open(s);
  ASSERT_TRUE(db) << db.error().message << "\nrun: bash ci/fetch-lab-data.sh";
  Observation o = db.value()->Lookup("215.0.1.1");
  EXPECT_EQ(o.data["found"], false) << ToJson(o).dump();
  EXPECT_EQ(o.data["ambiguous"], true) << ToJson(o).dump();
  EXPECT_EQ(db.value()->Lookup("215.1.0.1").data["asn"], 721);
}

}  // namespace
}  // namespace pooltest
