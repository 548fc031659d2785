#include "checks/populated_places.h"

#include "core/data_fields.h"

namespace pooltest {

Result<PopulatedPlaces> PopulatedPlaces::FromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Error{"populated places: the file is not a JSON object"};
  PopulatedPlaces out;
  const nlohmann::json source = RawField(j, "source");
  out.attribution_ = StringField(source, "attribution");
  out.licence_ = StringField(source, "licence");
  auto list = j.find("places");
  if (list == j.end() || !list->is_array() || list->empty())
    return Error{"populated places: no \"places\" list"};
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& e = (*list)[i];
    const std::string where = "populated places: places[" + std::to_string(i) + "]";
    if (!e.is_object()) return Error{where + " is not an object"};
    PopulatedPlace p;
    p.name = StringField(e, "name");
    if (p.name.empty()) return Error{where + ": \"name\" must be a non-empty string"};
    const std::optional<GeoPoint> at = DegreesOf(e);
    if (!at) return Error{where + " (" + p.name + "): latitude and longitude must be degrees"};
    p.at = *at;
    if (auto id = e.find("geonameid"); id != e.end() && id->is_number_integer())
      p.geonameid = id->get<long long>();
    p.feature = StringField(e, "feature");
    AppendStrings(e, "names", p.names);
    out.places_.push_back(std::move(p));
  }
  return out;
}

std::vector<const PopulatedPlace*> PopulatedPlaces::FindAll(const std::string& name) const {
  std::vector<const PopulatedPlace*> out;
  const std::string key = NormalizeSettlementName(name);
  if (key.empty()) return out;
  for (const PopulatedPlace& p : places_) {
    bool match = NormalizeSettlementName(p.name) == key;
    for (size_t i = 0; !match && i < p.names.size(); ++i)
      match = NormalizeSettlementName(p.names[i]) == key;
    if (match) out.push_back(&p);
  }
  return out;
}

double CityReachKm(const Settlement& s) {
  return s.kind == "capital" || s.kind == "republican" ? 25 : 10;
}

PlaceVerdict ClassifyPlace(const PopulatedPlaces& places, const Gazetteer& gazetteer,
                           const std::string& name) {
  PlaceVerdict v;
  // A gazetteer that does not list every city (a lab's partial file) leaves
  // a name it lacks possibly a city: nothing is known.
  if (!gazetteer.complete()) return v;
  for (const PopulatedPlace* p : places.FindAll(name)) {
    // Another spelling of a listed city: the gazetteer lacks a spelling,
    // which says nothing about the kind.
    const Settlement* same = gazetteer.Find(p->name);
    for (size_t i = 0; same == nullptr && i < p->names.size(); ++i)
      same = gazetteer.Find(p->names[i]);
    if (same != nullptr)
      return {PlaceVerdict::Kind::kCityNearby, p, same, HaversineKm(p->at, same->at)};
    for (const Settlement& s : gazetteer.settlements()) {
      const double km = HaversineKm(p->at, s.at);
      if (km <= CityReachKm(s)) return {PlaceVerdict::Kind::kCityNearby, p, &s, km};
    }
    if (v.place == nullptr) v = {PlaceVerdict::Kind::kNotACity, p, nullptr, 0};
  }
  return v;
}

RunPlaces PopulatedPlacesOf(const CheckInput& in) {
  RunPlaces out;
  out.places = ParsedDataLoad<PopulatedPlaces>(
      in, "places.load", "populated_places", "populated-places dataset", out.evidence, out.problem);
  return out;
}

}  // namespace pooltest
