#include "probes/geo/geo_lookup.h"

#include <filesystem>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "probes/geo/asn_lookup.h"
#include "tests/geo/geo_test_util.h"

namespace pooltest {
namespace {

using testing::DataPath;
using testing::kWorld;
using testing::ScratchFile;
using testing::Source;

std::unique_ptr<GeoDatabase> OpenGeo(const std::string& file) {
  Result<std::unique_ptr<GeoDatabase>> db = GeoDatabase::Open(Source(file, DataPath(file)));
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  return db.ok() ? std::move(db.value()) : nullptr;
}

struct SchemaCase {
  const char* file;
  const char* schema;
  bool has_accuracy_radius;
};

void PrintTo(const SchemaCase& c, std::ostream* os) { *os << c.file; }

class WorldGeoTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(WorldGeoTest, EveryWorldAddressResolvesToItsCity) {
  std::unique_ptr<GeoDatabase> db = OpenGeo(GetParam().file);
  ASSERT_NE(db, nullptr);
  for (const testing::WorldHost& h : kWorld) {
    SCOPED_TRACE(h.address);
    Observation o = db->Lookup(h.address);
    EXPECT_EQ(o.probe, "geo.lookup");
    EXPECT_EQ(o.target, h.address);
    ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
    EXPECT_LE(o.started, o.finished);
    EXPECT_EQ(o.data["database"], GetParam().file);
    EXPECT_EQ(o.data["file"], std::filesystem::path(DataPath(GetParam().file)).filename().string());
    EXPECT_EQ(o.data["schema"], GetParam().schema);
    EXPECT_EQ(o.data["found"], true);
    EXPECT_EQ(o.data["country"], h.country);
    EXPECT_EQ(o.data["city"], h.city);
    ASSERT_TRUE(o.data["latitude"].is_number());
    EXPECT_NEAR(o.data["latitude"].get<double>(), h.latitude, 1e-6);
    EXPECT_NEAR(o.data["longitude"].get<double>(), h.longitude, 1e-6);
    EXPECT_EQ(o.data["database_build"], testing::kWorldBuildEpoch);
    EXPECT_EQ(o.data.contains("accuracy_radius"), GetParam().has_accuracy_radius);
    if (GetParam().has_accuracy_radius) {
      EXPECT_EQ(o.data["accuracy_radius"], 20);
    }
    std::string address = h.address;
    EXPECT_EQ(o.data["network"],
              address + (address.find(':') == std::string::npos ? "/32" : "/128"));
    EXPECT_NE(o.detail.find(h.city), std::string::npos) << o.detail;

    ASSERT_EQ(o.transcript.size(), 2u);
    EXPECT_EQ(o.transcript[0]["dir"], "sent");
    EXPECT_EQ(o.transcript[0]["text"], h.address);
    EXPECT_EQ(o.transcript[1]["dir"], "received");
    nlohmann::json entry = nlohmann::json::parse(o.transcript[1]["text"].get<std::string>());
    if (std::string(GetParam().schema) == "flat") {
      EXPECT_EQ(entry["country_code"], h.country);
      EXPECT_EQ(entry["city"], h.city);
    } else {
      EXPECT_EQ(entry["country"]["iso_code"], h.country);
      EXPECT_EQ(entry["city"]["names"]["en"], h.city);
    }
  }
}

TEST_P(WorldGeoTest, UnknownAddressIsFoundFalse) {
  std::unique_ptr<GeoDatabase> db = OpenGeo(GetParam().file);
  ASSERT_NE(db, nullptr);
  for (const char* address : {"127.0.0.99", "127.0.0.1", "192.0.2.1", "2001:db8::1"}) {
    SCOPED_TRACE(address);
    Observation o = db->Lookup(address);
    ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
    EXPECT_EQ(o.data["found"], false);
    EXPECT_TRUE(o.data["city"].is_null());
    EXPECT_TRUE(o.data["country"].is_null());
    EXPECT_TRUE(o.data["latitude"].is_null());
    EXPECT_EQ(o.data["schema"], GetParam().schema);
    ASSERT_EQ(o.transcript.size(), 2u);
    EXPECT_EQ(o.transcript[1]["text"], "null");
    EXPECT_NE(o.detail.find("not in"), std::string::npos) << o.detail;
  }
}

TEST_P(WorldGeoTest, InvalidAddressIsAnError) {
  std::unique_ptr<GeoDatabase> db = OpenGeo(GetParam().file);
  ASSERT_NE(db, nullptr);
  for (const char* address :
       {"", "not-an-ip", "127.1", "300.1.1.1", "127.0.0.11 ", "fe80::1%lo", "127.0.0.11/32"}) {
    SCOPED_TRACE(address);
    Observation o = db->Lookup(address);
    EXPECT_EQ(o.status, ProbeStatus::kError);
    EXPECT_EQ(o.data["found"], false);
    EXPECT_NE(o.detail.find("not an IPv4 or IPv6 address"), std::string::npos) << o.detail;
    EXPECT_NE(o.detail.find(address), std::string::npos) << o.detail;
  }
}

INSTANTIATE_TEST_SUITE_P(Schemas, WorldGeoTest,
                         ::testing::Values(SchemaCase{"refpool-geo.mmdb", "geoip2", true},
                                           SchemaCase{"refpool-geo-flat.mmdb", "flat", false}),
                         [](const auto& p) { return std::string(p.param.schema); });

TEST(GeoDatabaseTest, DatabaseTypeComesFromMetadata) {
  std::unique_ptr<GeoDatabase> nested = OpenGeo("refpool-geo.mmdb");
  std::unique_ptr<GeoDatabase> flat = OpenGeo("refpool-geo-flat.mmdb");
  ASSERT_TRUE(nested && flat);
  EXPECT_EQ(nested->Lookup("127.0.0.11").data["database_type"], "pooltest-fixture-City");
  EXPECT_EQ(flat->Lookup("127.0.0.11").data["database_type"], "pooltest-fixture-City-flat");
}

TEST(GeoDatabaseTest, RegionComesFromSubdivisionsOrState1) {
  std::unique_ptr<GeoDatabase> nested = OpenGeo("refpool-geo.mmdb");
  std::unique_ptr<GeoDatabase> flat = OpenGeo("refpool-geo-flat.mmdb");
  ASSERT_TRUE(nested && flat);
  EXPECT_EQ(nested->Lookup("127.0.0.21").data["region"], "Almaty");
  EXPECT_EQ(flat->Lookup("127.0.0.21").data["region"], "Almaty");
}

TEST(GeoDatabaseTest, Ipv6LoopbackAndMappedAddressesDoNotCrash) {
  std::unique_ptr<GeoDatabase> db = OpenGeo("refpool-geo.mmdb");
  ASSERT_NE(db, nullptr);
  Observation o = db->Lookup("::1");
  ASSERT_EQ(o.status, ProbeStatus::kOk);
  EXPECT_EQ(o.data["found"], true);
  EXPECT_EQ(o.data["network"], "::1/128");
  // The fixtures store IPv4 under ::a.b.c.d only (no ::ffff:0:0/96 alias).
  Observation mapped = db->Lookup("::ffff:127.0.0.11");
  EXPECT_EQ(mapped.status, ProbeStatus::kOk);
  EXPECT_EQ(mapped.data["found"], false);
}

TEST(GeoDatabaseTest, MissingFileErrorNamesThePath) {
  std::string path = DataPath("no-such-database.mmdb");
  Result<std::unique_ptr<GeoDatabase>> db = GeoDatabase::Open(Source("missing", path));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("No such file"), std::string::npos) << db.error().message;
}

TEST(GeoDatabaseTest, RandomBytesAreRejectedAtOpen) {
  std::mt19937 rng(20250101);
  for (size_t size : {0u, 1u, 17u, 4096u, 65536u}) {
    SCOPED_TRACE(size);
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    ScratchFile f("random-" + std::to_string(size) + ".mmdb", bytes);
    Result<std::unique_ptr<GeoDatabase>> db = GeoDatabase::Open(Source("random", f.path()));
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().message.find(f.path()), std::string::npos) << db.error().message;
    EXPECT_NE(db.error().message.find("not a usable MaxMind DB"), std::string::npos)
        << db.error().message;
  }
}

TEST(GeoDatabaseTest, TruncatedDatabaseIsRejectedAtOpen) {
  std::string good = testing::ReadFile(DataPath("refpool-geo.mmdb"));
  ASSERT_GT(good.size(), 100u);
  ScratchFile f("truncated.mmdb", good.substr(0, good.size() / 2));
  Result<std::unique_ptr<GeoDatabase>> db = GeoDatabase::Open(Source("truncated", f.path()));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find(f.path()), std::string::npos) << db.error().message;
}

TEST(GeoDatabaseTest, DamagedSearchTreeFailsCleanly) {
  // Metadata intact, search tree overwritten: nothing may crash, and every
  // answer is either an Open error or a clean observation.
  std::string bytes = testing::ReadFile(DataPath("refpool-geo.mmdb"));
  ASSERT_GT(bytes.size(), 400u);
  for (size_t i = 0; i < 300; ++i) bytes[i] = static_cast<char>(0xff);
  ScratchFile f("damaged-tree.mmdb", bytes);
  Result<std::unique_ptr<GeoDatabase>> db = GeoDatabase::Open(Source("damaged", f.path()));
  if (!db.ok()) {
    EXPECT_NE(db.error().message.find(f.path()), std::string::npos) << db.error().message;
    return;
  }
  for (const testing::WorldHost& h : kWorld) {
    Observation o = db.value()->Lookup(h.address);
    EXPECT_TRUE(o.status == ProbeStatus::kOk || o.status == ProbeStatus::kError) << o.detail;
  }
}

TEST(GeoDatabaseTest, AsnDatabaseIsNotAGeolocationDatabase) {
  std::string path = DataPath("refpool-asn.mmdb");
  Result<std::unique_ptr<GeoDatabase>> db = GeoDatabase::Open(Source("asn", path));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find("not a geolocation database"), std::string::npos)
      << db.error().message;
  EXPECT_NE(db.error().message.find("autonomous_system_number"), std::string::npos)
      << db.error().message;
}

TEST(GeoDatabaseTest, CsvFormatIsRefusedForGeolocation) {
  std::string path = DataPath("asn-ranges.csv");
  Result<std::unique_ptr<GeoDatabase>> db = GeoDatabase::Open(
      Source("csv", path, DataSource::Kind::kGeolocation, DataSource::Format::kCsv));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find(path), std::string::npos);
}

// Each variant world must differ from world.json in exactly the intended
// (address, field) pairs, in both geolocation schemas and the ASN database.
struct VariantCase {
  const char* variant;
  std::set<std::string> differences;  // "address field"
};

std::set<std::string> Fields(const std::string& address, std::initializer_list<const char*> f) {
  std::set<std::string> out;
  for (const char* name : f) out.insert(address + " " + name);
  return out;
}

std::set<std::string> Union(std::set<std::string> a, const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

void PrintTo(const VariantCase& c, std::ostream* os) { *os << c.variant; }

class VariantTest : public ::testing::TestWithParam<VariantCase> {};

TEST_P(VariantTest, DiffersFromWorldExactlyAsIntended) {
  const std::string v = GetParam().variant;
  struct Pair {
    std::string base, variant;
    bool asn;
  };
  const Pair pairs[] = {
      {"refpool-geo.mmdb", "refpool-" + v + "-geo.mmdb", false},
      {"refpool-geo-flat.mmdb", "refpool-" + v + "-geo-flat.mmdb", false},
      {"refpool-asn.mmdb", "refpool-" + v + "-asn.mmdb", true},
  };
  std::set<std::string> seen;
  for (const Pair& p : pairs) {
    SCOPED_TRACE(p.variant);
    std::vector<Observation> base, variant;
    if (p.asn) {
      auto b = AsnDatabase::Open(Source("base", DataPath(p.base), DataSource::Kind::kAsn));
      auto w = AsnDatabase::Open(Source("variant", DataPath(p.variant), DataSource::Kind::kAsn));
      ASSERT_TRUE(b.ok() && w.ok());
      for (const testing::WorldHost& h : kWorld) {
        base.push_back(b.value()->Lookup(h.address));
        variant.push_back(w.value()->Lookup(h.address));
      }
    } else {
      auto b = GeoDatabase::Open(Source("base", DataPath(p.base)));
      auto w = GeoDatabase::Open(Source("variant", DataPath(p.variant)));
      ASSERT_TRUE(b.ok() && w.ok());
      for (const testing::WorldHost& h : kWorld) {
        base.push_back(b.value()->Lookup(h.address));
        variant.push_back(w.value()->Lookup(h.address));
      }
    }
    for (size_t i = 0; i < base.size(); ++i) {
      ASSERT_EQ(variant[i].status, ProbeStatus::kOk);
      EXPECT_EQ(variant[i].data["found"], true);
      for (const char* field : {"country", "city", "region", "latitude", "longitude",
                                "accuracy_radius", "asn", "organisation"}) {
        nlohmann::json a = base[i].data.value(field, nlohmann::json());
        nlohmann::json b = variant[i].data.value(field, nlohmann::json());
        if (a != b) seen.insert(base[i].target + " " + field);
      }
    }
  }
  EXPECT_EQ(seen, GetParam().differences);
}

INSTANTIATE_TEST_SUITE_P(
    Worlds, VariantTest,
    ::testing::Values(
        VariantCase{"backup-same-city",
                    Union(Fields("127.0.0.21", {"city", "region", "latitude", "longitude"}),
                          Fields("127.0.0.22", {"city", "region", "latitude", "longitude"}))},
        VariantCase{"backup-abroad",
                    Union(Fields("127.0.0.21", {"country", "city", "region", "latitude",
                                                "longitude", "asn", "organisation"}),
                          Fields("127.0.0.22", {"country", "city", "region", "latitude",
                                                "longitude", "asn", "organisation"}))},
        VariantCase{"one-provider", Fields("127.0.0.12", {"asn", "organisation"})},
        VariantCase{"no-city", Fields("127.0.0.22", {"city", "region", "latitude", "longitude",
                                                     "accuracy_radius"})},
        VariantCase{"disagree", Fields("127.0.0.21", {"city", "region", "latitude", "longitude",
                                                      "accuracy_radius"})}),
    [](const auto& p) {
      std::string name = p.param.variant;
      for (char& c : name)
        if (c == '-') c = '_';
      return name;
    });

TEST(VariantValuesTest, BrokenWorldsSayWhatTheyShould) {
  auto geo = [](const std::string& file, const char* address) {
    auto db = GeoDatabase::Open(Source(file, DataPath(file)));
    EXPECT_TRUE(db.ok()) << file;
    return db.ok() ? db.value()->Lookup(address) : Observation{};
  };
  EXPECT_EQ(geo("refpool-backup-same-city-geo.mmdb", "127.0.0.21").data["city"], "Astana");
  EXPECT_EQ(geo("refpool-backup-abroad-geo.mmdb", "127.0.0.22").data["country"], "DE");
  EXPECT_EQ(geo("refpool-backup-abroad-geo-flat.mmdb", "127.0.0.21").data["city"],
            "Frankfurt am Main");
  EXPECT_EQ(geo("refpool-disagree-geo.mmdb", "127.0.0.21").data["city"], "Karaganda");
  EXPECT_EQ(geo("refpool-disagree-geo-flat.mmdb", "127.0.0.21").data["city"], "Karaganda");
  for (const char* file : {"refpool-no-city-geo.mmdb", "refpool-no-city-geo-flat.mmdb"}) {
    SCOPED_TRACE(file);
    Observation o = geo(file, "127.0.0.22");
    EXPECT_EQ(o.data["found"], true);
    EXPECT_EQ(o.data["country"], "KZ");
    EXPECT_TRUE(o.data["city"].is_null());
    EXPECT_TRUE(o.data["region"].is_null());
    EXPECT_NEAR(o.data["latitude"].get<double>(), 48.0, 1e-9);
  }
  EXPECT_EQ(geo("refpool-no-city-geo.mmdb", "127.0.0.22").data["accuracy_radius"], 1000);
}

}  // namespace
}  // namespace pooltest
