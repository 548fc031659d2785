#include "checks/gazetteer.h"

#include <cmath>

#include "checks/data_fields.h"
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
    auto lat = e.find("latitude");
    auto lon = e.find("longitude");
    if (lat == e.end() || lon == e.end() || !lat->is_number() || !lon->is_number() ||
        std::abs(lat->get<double>()) > 90 || std::abs(lon->get<double>()) > 180)
      return Error{where + " (" + s.name + "): latitude and longitude must be degrees"};
    s.at = {lat->get<double>(), lon->get<double>()};
    s.region = StringField(e, "region");
    s.name_kk = StringField(e, "name_kk");
    s.name_ru = StringField(e, "name_ru");
    if (s.name_kk.empty()) s.name_kk = s.name;
    if (s.name_ru.empty()) s.name_ru = s.name;
    if (auto n = e.find("names"); n != e.end() && n->is_array()) {
      for (const auto& x : *n)
        if (x.is_string()) s.names.push_back(x.get<std::string>());
    }
    for (const Settlement& other : g.settlements_) {
      if (other.id == s.id) return Error{where + ": duplicate id \"" + s.id + "\""};
    }
    g.settlements_.push_back(std::move(s));
  }
  return g;
}

const Settlement* Gazetteer::Find(const std::string& name) const {
  const std::string key = NormalizeSettlementName(name);
  if (key.empty()) return nullptr;
  for (const Settlement& s : settlements_) {
    if (NormalizeSettlementName(s.name) == key || NormalizeSettlementName(s.id) == key) return &s;
    for (const std::string& n : s.names)
      if (NormalizeSettlementName(n) == key) return &s;
  }
  return nullptr;
}

RunGazetteer GazetteerOf(const CheckInput& in) {
  RunGazetteer out;
  std::vector<const Observation*> loads = in.Select("gazetteer.load");
  if (loads.empty()) {
    out.problem = "no settlement gazetteer was loaded in this run";
    return out;
  }
  const Observation& o = *loads.back();
  out.evidence = o.id;
  if (o.status != ProbeStatus::kOk) {
    out.problem = "the settlement gazetteer could not be loaded (" + o.detail + ")";
    return out;
  }
  Result<Gazetteer> g = Gazetteer::FromJson(RawField(o.data, "gazetteer"));
  if (!g) {
    out.problem = g.error().message;
    return out;
  }
  out.gazetteer = std::move(g.value());
  return out;
}

}  // namespace pooltest
