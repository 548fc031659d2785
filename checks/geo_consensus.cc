#include "checks/geo_consensus.h"

#include <algorithm>
#include <set>

#include "core/data_fields.h"

namespace pooltest {
namespace {

// Settles one field: disputed when two databases that know the address give
// different non-empty values; unknown when none gives a value.
void Settle(const std::vector<PlaceOpinion>& ops, std::string PlaceOpinion::*field,
            std::string* value, bool* disputed) {
  std::set<std::string> seen;
  bool some_found_without = false;
  for (const PlaceOpinion& op : ops) {
    if (!op.found) continue;
    if ((op.*field).empty()) {
      some_found_without = true;
    } else {
      seen.insert(op.*field);
    }
  }
  *disputed = seen.size() > 1;
  // A database that knows the address but lacks the field leaves it open.
  *value = (seen.size() == 1 && !some_found_without) ? *seen.begin() : "";
}

}  // namespace

nlohmann::json AddressPlace::ToJson() const {
  nlohmann::json ops = nlohmann::json::array();
  for (const PlaceOpinion& op : opinions) {
    ops.push_back({{"database", op.database},
                   {"found", op.found},
                   {"country", op.country},
                   {"city", op.city}});
  }
  return {{"address", address},
          {"site", site},
          {"country", country},
          {"city", city},
          {"country_disputed", country_disputed},
          {"city_disputed", city_disputed},
          {"lookup_failed", lookup_failed},
          {"databases", ops}};
}

std::vector<AddressPlace> PlacesOf(const CheckInput& in) {
  std::vector<AddressPlace> places;
  std::map<std::string, size_t> index;
  for (const Observation* o : in.Select("geo.lookup")) {
    auto [it, fresh] = index.emplace(o->target, places.size());
    if (fresh) {
      places.emplace_back();
      places.back().address = o->target;
      places.back().site = o->site;
    }
    AddressPlace& p = places[it->second];
    p.evidence.push_back(o->id);
    if (o->status != ProbeStatus::kOk) {
      p.lookup_failed = true;
      continue;
    }
    PlaceOpinion op;
    op.database = StringField(o->data, "database");
    op.found = BoolField(o->data, "found");
    op.country = StringField(o->data, "country");
    op.city = StringField(o->data, "city");
    // An address declared several times (a channel, the UI's host, the
    // support desk's) is looked up each time; the same database's same
    // answer is one opinion, not three rows of the act. Every lookup stays
    // cited in `evidence`.
    const bool repeated =
        std::any_of(p.opinions.begin(), p.opinions.end(), [&](const PlaceOpinion& x) {
          return x.database == op.database && x.found == op.found && x.country == op.country &&
                 x.city == op.city;
        });
    if (!repeated) p.opinions.push_back(op);
  }
  for (AddressPlace& p : places) {
    Settle(p.opinions, &PlaceOpinion::country, &p.country, &p.country_disputed);
    Settle(p.opinions, &PlaceOpinion::city, &p.city, &p.city_disputed);
  }
  return places;
}

std::vector<std::string> GeoOpenFailures(const CheckInput& in) {
  std::vector<std::string> ids;
  for (const Observation* o : in.Select("geo.open")) ids.push_back(o->id);
  return ids;
}

}  // namespace pooltest
