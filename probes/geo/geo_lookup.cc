#include "probes/geo/geo_lookup.h"

#include <chrono>

#include "probes/geo/mmdb_file.h"

namespace pooltest {
namespace {

constexpr size_t kSchemaSample = 64;

const nlohmann::json* Member(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

bool IsObject(const nlohmann::json* j) { return j != nullptr && j->is_object(); }

// "geoip2": MaxMind's nested layout; "flat": the @ip-location-db one; ""
// when a record shows neither (an ASN database opened as geolocation, say).
std::string SchemaOf(const nlohmann::json& entry) {
  if (const nlohmann::json* c = Member(entry, "country_code"); c && c->is_string()) return "flat";
  for (const char* key : {"country", "city", "continent", "registered_country", "location"}) {
    if (IsObject(Member(entry, key))) return "geoip2";
  }
  if (const nlohmann::json* s = Member(entry, "subdivisions"); s && s->is_array()) return "geoip2";
  return "";
}

// Empty strings count as absent: the flat databases store "" for unknown.
nlohmann::json NonEmptyString(const nlohmann::json* j) {
  if (j && j->is_string() && !j->get<std::string>().empty()) return *j;
  return nullptr;
}

nlohmann::json Number(const nlohmann::json* j) {
  if (j && j->is_number()) return *j;
  return nullptr;
}

// English first, as reports are compared against declared settlements in
// Latin script; otherwise any name beats none.
nlohmann::json NameOf(const nlohmann::json* place) {
  if (place == nullptr) return nullptr;
  const nlohmann::json* names = Member(*place, "names");
  if (!IsObject(names)) return nullptr;
  if (nlohmann::json en = NonEmptyString(Member(*names, "en")); !en.is_null()) return en;
  for (const auto& [lang, name] : names->items()) {
    if (nlohmann::json n = NonEmptyString(&name); !n.is_null()) return n;
  }
  return nullptr;
}

void Extract(const std::string& schema, const nlohmann::json& e, nlohmann::json& data) {
  if (schema == "flat") {
    data["country"] = NonEmptyString(Member(e, "country_code"));
    data["region"] = NonEmptyString(Member(e, "state1"));
    data["city"] = NonEmptyString(Member(e, "city"));
    data["latitude"] = Number(Member(e, "latitude"));
    data["longitude"] = Number(Member(e, "longitude"));
    return;
  }
  const nlohmann::json* country = Member(e, "country");
  data["country"] = NonEmptyString(country ? Member(*country, "iso_code") : nullptr);
  const nlohmann::json* subdivisions = Member(e, "subdivisions");
  data["region"] = subdivisions && subdivisions->is_array() && !subdivisions->empty()
                       ? NameOf(&(*subdivisions)[0])
                       : nlohmann::json(nullptr);
  data["city"] = NameOf(Member(e, "city"));
  const nlohmann::json* location = Member(e, "location");
  data["latitude"] = Number(location ? Member(*location, "latitude") : nullptr);
  data["longitude"] = Number(location ? Member(*location, "longitude") : nullptr);
  if (nlohmann::json r = Number(location ? Member(*location, "accuracy_radius") : nullptr);
      !r.is_null()) {
    data["accuracy_radius"] = r;
  }
}

std::string Describe(const nlohmann::json& data) {
  std::string where;
  for (const char* key : {"city", "region", "country"}) {
    const nlohmann::json* v = Member(data, key);
    if (v && v->is_string()) where += (where.empty() ? "" : ", ") + v->get<std::string>();
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
    schema = SchemaOf(r);
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
  o.data = {
      {"database", impl_->source.name},
      {"path", file.path()},
      {"schema", impl_->schema},
      {"database_type", file.database_type()},
      {"database_build", file.build_epoch()},
      {"found", false},
      {"country", nullptr},
      {"city", nullptr},
      {"region", nullptr},
      {"latitude", nullptr},
      {"longitude", nullptr},
  };
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
  AddTranscript(o, "received", hit->entry.dump());
  std::string schema = SchemaOf(hit->entry);
  if (schema.empty()) schema = impl_->schema;
  o.data["schema"] = schema;
  o.data["found"] = true;
  o.data["network"] = hit->network;
  Extract(schema, hit->entry, o.data);
  o.detail =
      address + " is in " + hit->network + " in " + impl_->source.name + ": " + Describe(o.data);
  o.finished = std::chrono::system_clock::now();
  return o;
}

}  // namespace pooltest
