#include "checks/gazetteer.h"

#include <cmath>

#include "core/data_fields.h"
#include "checks/finding.h"
#include "core/utf8.h"

namespace pooltest {

std::string NormalizeSettlementName(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    const char32_t cp = NextCodePoint(name, i);
    if (cp == ' ' || cp == '-' || cp == '\'' || cp == '.' || cp == 0x2019) continue;
    AppendUtf8(out, LowerLetter(cp));
  }
  return out;
}

std::optional<GeoPoint> DegreesOf(const nlohmann::json& e) {
  auto lat = e.find("latitude");
  auto lon = e.find("longitude");
  if (lat == e.end() || lon == e.end() || !lat->is_number() || !lon->is_number() ||
      std::abs(lat->get<double>()) > 90 || std::abs(lon->get<double>()) > 180)
    return std::nullopt;
  return GeoPoint{lat->get<double>(), lon->get<double>()};
}

void AppendStrings(const nlohmann::json& e, const char* key, std::vector<std::string>& out) {
  auto n = e.find(key);
  if (n == e.end() || !n->is_array()) return;
  for (const auto& x : *n)
    if (x.is_string()) out.push_back(x.get<std::string>());
}

nlohmann::json KindPhrase(const std::string& kind) {
  for (const char* k : {"capital", "republican", "regional", "district"})
    if (kind == k) return Part(std::string("settlement.kind.") + k);
  return kind;  // FromJson admits no other kind
}

Result<Gazetteer> Gazetteer::FromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Error{"gazetteer: the file is not a JSON object"};
  Gazetteer g;
  if (auto s = j.find("source"); s != j.end())
    g.source_ = s->is_string() ? s->get<std::string>() : s->dump();
  g.as_of_ = StringField(j, "as_of");
  auto list = j.find("settlements");
  if (list == j.end() || !list->is_array() || list->empty())
    return Error{"gazetteer: no \"settlements\" list; see checks/data/kz-settlements.json"};
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& e = (*list)[i];
    const std::string where = "gazetteer: settlements[" + std::to_string(i) + "]";
    if (!e.is_object()) return Error{where + " is not an object"};
    Settlement s;
    for (auto [key, out] : {std::pair<const char*, std::string*>{"id", &s.id},
                            {"name", &s.name},
                            {"kind", &s.kind}}) {
      auto v = e.find(key);
      if (v == e.end() || !v->is_string() || v->get<std::string>().empty())
        return Error{where + ": \"" + key + "\" must be a non-empty string"};
      *out = v->get<std::string>();
    }
    if (s.kind != "capital" && s.kind != "republican" && s.kind != "regional" &&
        s.kind != "district")
      return Error{where + " (" + s.name + "): kind \"" + s.kind +
                   "\" is not capital, republican, regional or district"};
    const std::optional<GeoPoint> at = DegreesOf(e);
    if (!at) return Error{where + " (" + s.name + "): latitude and longitude must be degrees"};
    s.at = *at;
    s.region = StringField(e, "region");
    s.name_kk = StringField(e, "name_kk");
    s.name_ru = StringField(e, "name_ru");
    if (s.name_kk.empty()) s.name_kk = s.name;
    if (s.name_ru.empty()) s.name_ru = s.name;
    s.kato = StringField(e, "kato");
    AppendStrings(e, "names", s.names);
    AppendStrings(e, "former_names", s.former_names);
    for (const Settlement& other : g.settlements_) {
      if (other.id == s.id) return Error{where + ": duplicate id \"" + s.id + "\""};
    }
    g.settlements_.push_back(std::move(s));
  }
  const nlohmann::json total = RawField(RawField(j, "bureau_counts"), "total");
  g.complete_ = total.is_number_unsigned() && total.get<size_t>() == g.settlements_.size();
  return g;
}

const Settlement* Gazetteer::Find(const std::string& name) const {
  const std::string key = NormalizeSettlementName(name);
  if (key.empty()) return nullptr;
  for (const Settlement& s : settlements_) {
    for (const std::string* n : {&s.name, &s.id, &s.name_kk, &s.name_ru})
      if (NormalizeSettlementName(*n) == key) return &s;
    for (const auto* list : {&s.names, &s.former_names})
      for (const std::string& n : *list)
        if (NormalizeSettlementName(n) == key) return &s;
  }
  return nullptr;
}

const Observation* DataLoadOf(const CheckInput& in, const char* probe, const std::string& what,
                              std::string& evidence, std::string& problem) {
  std::vector<const Observation*> loads = in.Select(probe);
  if (loads.empty()) {
    problem = "no " + what + " was loaded in this run";
    return nullptr;
  }
  const Observation& o = *loads.back();
  evidence = o.id;
  if (o.status != ProbeStatus::kOk) {
    problem = "the " + what + " could not be loaded (" + o.detail + ")";
    return nullptr;
  }
  return &o;
}

RunGazetteer GazetteerOf(const CheckInput& in) {
  RunGazetteer out;
  out.gazetteer = ParsedDataLoad<Gazetteer>(in, "gazetteer.load", "gazetteer",
                                            "settlement gazetteer", out.evidence, out.problem);
  return out;
}

}  // namespace pooltest
