#include "reports/act_data_used.h"

#include <chrono>
#include <string>

#include "core/time_format.h"

namespace pooltest {
namespace {

std::string Text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// A MaxMind DB's build_epoch (seconds since 1970, UTC) as its date.
nlohmann::json BuildDate(const nlohmann::json& data) {
  auto it = data.find("database_build");
  if (it == data.end() || !it->is_number_unsigned()) return nullptr;
  const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(it->get<uint64_t>()));
  return FormatUtc(t).substr(0, 10);
}

nlohmann::json DatabaseEntry(const DataSource& ds, const std::vector<Observation>& obs) {
  nlohmann::json e = {
      {"name", ds.name},
      {"kind", ToString(ds.kind)},
      {"file", nullptr},
      {"type", ds.format == DataSource::Format::kCsv ? nlohmann::json("csv") : nullptr},
      {"built", nullptr},
      {"problem", nullptr},
      {"evidence", nullptr}};
  const char* lookup = ds.kind == DataSource::Kind::kAsn ? "asn.lookup" : "geo.lookup";
  const char* open = ds.kind == DataSource::Kind::kAsn ? "asn.open" : "geo.open";
  for (const Observation& o : obs) {
    if (o.probe != lookup || !o.data.is_object() || Text(o.data, "database") != ds.name) continue;
    e["file"] = Text(o.data, "file");
    if (!Text(o.data, "database_type").empty()) e["type"] = Text(o.data, "database_type");
    e["built"] = BuildDate(o.data);
    e["evidence"] = o.id;
    return e;
  }
  // Not read by any lookup: say why when the run recorded a failure to open
  // it (an open failure names the source's file as its target).
  for (const Observation& o : obs) {
    if (o.probe != open || o.target != ds.path) continue;
    // The failure's own text may name the lab's paths; the evidence has it.
    e["problem"] = "open_failed";
    e["evidence"] = o.id;
    break;
  }
  return e;
}

}  // namespace

nlohmann::json DataUsedSection(const Scenario& sc, const std::vector<Observation>& obs) {
  nlohmann::json out = nlohmann::json::array();
  for (const DataSource& ds : sc.data_sources)
    if (ds.kind != DataSource::Kind::kGazetteer) out.push_back(DatabaseEntry(ds, obs));
  // The bundled data files, each loaded once per run, the content in the
  // observation under `key`.
  struct DataFile {
    const char* probe;
    const char* kind;
    const char* key;
  };
  for (const DataFile& f : {DataFile{"gazetteer.load", "gazetteer", "gazetteer"},
                            DataFile{"places.load", "places", "populated_places"}}) {
    for (const Observation& o : obs) {
      if (o.probe != f.probe) continue;
      nlohmann::json e = {{"name", f.kind},     {"kind", f.kind},     {"file", o.target},
                          {"type", "json"},     {"built", nullptr},   {"as_of", nullptr},
                          {"sha256", nullptr},  {"licence", nullptr}, {"attribution", nullptr},
                          {"problem", nullptr}, {"evidence", o.id}};
      if (o.status != ProbeStatus::kOk) e["problem"] = "load_failed";
      if (o.data.is_object()) {
        if (!Text(o.data, "sha256").empty()) e["sha256"] = Text(o.data, "sha256");
        auto doc = o.data.find(f.key);
        if (doc != o.data.end() && doc->is_object()) {
          if (!Text(*doc, "as_of").empty()) e["as_of"] = Text(*doc, "as_of");
          auto src = doc->find("source");
          if (src != doc->end() && src->is_object()) {
            if (!Text(*src, "licence").empty()) e["licence"] = Text(*src, "licence");
            if (!Text(*src, "attribution").empty()) e["attribution"] = Text(*src, "attribution");
          }
        }
      }
      out.push_back(e);
      break;
    }
  }
  return out;
}

}  // namespace pooltest
