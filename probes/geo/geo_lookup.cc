#include "probes/geo/geo_lookup.h"

#include <chrono>
#include <filesystem>

#include "probes/geo/mmdb_file.h"

namespace pooltest {
namespace {

constexpr size_t kSchemaSample = 64;

using Record = MmdbFile::Record;
using Kind = Record::Kind;

// "geoip2": MaxMind's nested layout; "flat": the @ip-location-db one; ""
// when a record shows neither (an ASN database opened as geolocation, say).
// `kind_of(key)` says what a record holds under a top-level key, so the same
// rule serves decoded sample records and records read in place.
template <typename KindOf>
bool IsFlat(KindOf kind_of) {
  return kind_of("country_code") == Kind::kString;
}

template <typename KindOf>
bool IsGeoip2(KindOf kind_of) {
  for (const char* key : {"country", "city", "continent", "registered_country", "location"}) {
    if (kind_of(key) == Kind::kMap) return true;
  }
  return kind_of("subdivisions") == Kind::kArray;
}

template <typename KindOf>
std::string SchemaOf(KindOf kind_of) {
  if (IsFlat(kind_of)) return "flat";
  return IsGeoip2(kind_of) ? "geoip2" : "";
}

// A record is read in its database's schema when it has that schema's keys,
// which is one look-up for nearly every record; asking first whether a
// GeoIP2 record has the flat country_code would walk its whole top level.
// Only a record that does not fit its database is classified afresh.
std::string SchemaOfRecord(Record& r, const std::string& database_schema) {
  auto kind_of = [&](const char* key) { return r.KindAt({key}); };
  if (database_schema == "geoip2" && IsGeoip2(kind_of)) return database_schema;
  if (database_schema == "flat" && IsFlat(kind_of)) return database_schema;
  std::string schema = SchemaOf(kind_of);
  return schema.empty() ? database_schema : schema;
}

Kind KindOfJson(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return Kind::kAbsent;
    case nlohmann::json::value_t::object:
      return Kind::kMap;
    case nlohmann::json::value_t::array:
      return Kind::kArray;
    case nlohmann::json::value_t::string:
      return Kind::kString;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return Kind::kNumber;
    default:
      return Kind::kOther;
  }
}

std::string SchemaOfJson(const nlohmann::json& entry) {
  return SchemaOf([&](const char* key) {
    if (!entry.is_object()) return Kind::kAbsent;
    auto it = entry.find(key);
    return it == entry.end() ? Kind::kAbsent : KindOfJson(*it);
  });
}

// Empty strings count as absent: the flat databases store "" for unknown.
// Only strings are read, so a number where a name belongs stays out of the
// excerpt as it stays out of the data.
nlohmann::json NonEmptyString(Record& r, std::initializer_list<const char*> path) {
  nlohmann::json s = r.Get(path, Kind::kString);
  if (s.is_string() && !s.get_ref<const std::string&>().empty()) return s;
  return nullptr;
}

nlohmann::json Number(Record& r, std::initializer_list<const char*> path) {
  return r.Get(path, Kind::kNumber);
}

// English first, as reports are compared against declared settlements in
// Latin script; otherwise any name beats none (then the whole names map is
// read, which is rare: MaxMind names nearly every place in English).
nlohmann::json NameOf(Record& r, const char* place, const char* index) {
  const bool in_array = index != nullptr;
  nlohmann::json en = in_array ? NonEmptyString(r, {place, index, "names", "en"})
                               : NonEmptyString(r, {place, "names", "en"});
  if (!en.is_null()) return en;
  nlohmann::json names =
      in_array ? r.Get({place, index, "names"}, Kind::kMap) : r.Get({place, "names"}, Kind::kMap);
  if (!names.is_object()) return nullptr;
  for (const auto& [lang, name] : names.items()) {
    if (name.is_string() && !name.get_ref<const std::string&>().empty()) return name;
  }
  return nullptr;
}

void Extract(const std::string& schema, Record& r, nlohmann::json& data) {
  if (schema == "flat") {
    data["country"] = NonEmptyString(r, {"country_code"});
    data["region"] = NonEmptyString(r, {"state1"});
    data["city"] = NonEmptyString(r, {"city"});
    data["latitude"] = Number(r, {"latitude"});
    data["longitude"] = Number(r, {"longitude"});
    return;
  }
  data["country"] = NonEmptyString(r, {"country", "iso_code"});
  data["region"] = NameOf(r, "subdivisions", "0");
  data["city"] = NameOf(r, "city", nullptr);
  data["latitude"] = Number(r, {"location", "latitude"});
  data["longitude"] = Number(r, {"location", "longitude"});
  if (nlohmann::json radius = Number(r, {"location", "accuracy_radius"}); !radius.is_null()) {
    data["accuracy_radius"] = radius;
  }
}

std::string Describe(const nlohmann::json& data) {
  std::string where;
  for (const char* key : {"city", "region", "country"}) {
    auto v = data.find(key);
    if (v != data.end() && v->is_string())
      where += (where.empty() ? "" : ", ") + v->get_ref<const std::string&>();
  }
  return where.empty() ? "no place given" : where;
}

}  // namespace

struct GeoDatabase::Impl {
  DataSource source;
  std::unique_ptr<MmdbFile> file;
  std::string schema;  // of the database as a whole, from a sample of records
};

GeoDatabase::GeoDatabase() : impl_(std::make_unique<Impl>()) {}
GeoDatabase::~GeoDatabase() = default;

Result<std::unique_ptr<GeoDatabase>> GeoDatabase::Open(const DataSource& source) {
  if (source.format != DataSource::Format::kMaxMindDb) {
    return Error{source.path + ": geolocation data source '" + source.name +
                 "' must be a MaxMind DB file (format mmdb); CSV is supported for ASN data only"};
  }
  Result<std::unique_ptr<MmdbFile>> file = MmdbFile::Open(source.path);
  if (!file.ok()) return file.error();
  Result<std::vector<nlohmann::json>> sample = file.value()->SampleRecords(kSchemaSample);
  if (!sample.ok()) return sample.error();
  if (sample.value().empty()) {
    return Error{source.path + ": MaxMind DB file has no records; use a complete database"};
  }
  std::string schema;
  for (const nlohmann::json& r : sample.value()) {
    schema = SchemaOfJson(r);
    if (!schema.empty()) break;
  }
  if (schema.empty()) {
    std::string keys;
    for (const auto& [k, v] : sample.value().front().items())
      keys += (keys.empty() ? "" : ", ") + k;
    return Error{source.path + ": not a geolocation database (type '" +
                 file.value()->database_type() +
                 "'): records have neither country/city maps (GeoIP2 schema) nor country_code "
                 "(flat schema), first record keys: " +
                 keys + "; check which file the data source '" + source.name + "' points at"};
  }
  std::unique_ptr<GeoDatabase> db(new GeoDatabase());
  db->impl_->source = source;
  db->impl_->file = std::move(file.value());
  db->impl_->schema = schema;
  return db;
}

Observation GeoDatabase::Lookup(const std::string& address) const {
  Observation o;
  o.probe = "geo.lookup";
  o.target = address;
  o.started = std::chrono::system_clock::now();
  const MmdbFile& file = *impl_->file;
  // Assigned key by key: a braced initializer list builds every pair as a
  // JSON array first and costs twice as much as the whole lookup.
  nlohmann::json& data = o.data;
  data["database"] = impl_->source.name;
  // The file's name: no path of the lab's machine goes into the act.
  data["file"] = std::filesystem::path(file.path()).filename().string();
  data["schema"] = impl_->schema;
  data["database_type"] = file.database_type();
  data["database_build"] = file.build_epoch();
  data["found"] = false;
  for (const char* key : {"country", "city", "region", "latitude", "longitude"})
    data[key] = nullptr;
  AddTranscript(o, "sent", address);
  Result<MmdbFile::Hit> hit = file.Find(address);
  if (!hit.ok()) {
    o.status = ProbeStatus::kError;
    o.detail = hit.error().message;
    o.finished = std::chrono::system_clock::now();
    return o;
  }
  o.status = ProbeStatus::kOk;
  if (!hit->found) {
    AddTranscript(o, "received", "null");
    o.detail = address + " is not in " + impl_->source.name +
               (hit->note.empty() ? "" : " (" + hit->note + ")");
    o.finished = std::chrono::system_clock::now();
    return o;
  }
  Record& record = *hit->record;
  const std::string schema = SchemaOfRecord(record, impl_->schema);
  Extract(schema, record, o.data);
  if (!record.error().empty()) {
    o.status = ProbeStatus::kError;
    o.detail = record.error();
    for (const char* key : {"country", "city", "region", "latitude", "longitude"})
      o.data[key] = nullptr;
    o.data.erase("accuracy_radius");
    o.finished = std::chrono::system_clock::now();
    return o;
  }
  // The evidence is the part of the record the data came from, as stored.
  // It shares the request's timestamp: an in-memory lookup takes
  // microseconds, far below the millisecond the timestamp shows, and
  // formatting a second one would cost as much as the lookup.
  nlohmann::json received = nlohmann::json::object();
  received["at"] = o.transcript[0]["at"];
  received["dir"] = "received";
  received["text"] = record.excerpt().dump();
  o.transcript.push_back(std::move(received));
  o.data["schema"] = schema;
  o.data["found"] = true;
  o.data["network"] = hit->network;
  o.detail.reserve(96);
  o.detail.append(address).append(" is in ").append(hit->network).append(" in ");
  o.detail.append(impl_->source.name).append(": ").append(Describe(o.data));
  o.finished = std::chrono::system_clock::now();
  return o;
}

}  // namespace pooltest
