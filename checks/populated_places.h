// Kazakhstan's populated places of every kind (villages, rural settlements,
// towns) from GeoNames, reduced at build time to kz-places.json by
// checks/data/reduce_geonames.py. The gazetteer lists only the legal kinds
// R4.3 admits; this dataset tells "a known village" from "a name nobody
// knows". The harness records the file as a "places.load" observation whose
// data holds the parsed content, licence and attribution; checks read it from
// there and stay pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check_input.h"
#include "checks/gazetteer.h"
#include "checks/latency_bound.h"
#include "core/result.h"

namespace pooltest {

struct PopulatedPlace {
  long long geonameid = 0;
  std::string name;
  std::vector<std::string> names;  // alternate spellings
  std::string feature;             // GeoNames feature code, e.g. "PPL"
  GeoPoint at;
};

class PopulatedPlaces {
 public:
  // Validates the file's JSON; the error names the entry and what is wrong.
  static Result<PopulatedPlaces> FromJson(const nlohmann::json& j);

  // Every place called `name` in any listed spelling (matched as the
  // gazetteer matches), in file order; empty if none.
  std::vector<const PopulatedPlace*> FindAll(const std::string& name) const;
  const std::vector<PopulatedPlace>& places() const { return places_; }
  const std::string& attribution() const { return attribution_; }
  const std::string& licence() const { return licence_; }

 private:
  std::vector<PopulatedPlace> places_;
  std::string attribution_;
  std::string licence_;
};

// What the populated places say about a name the gazetteer does not know.
struct PlaceVerdict {
  enum class Kind {
    kUnknown,     // no place of that name (or no dataset): nothing is known
    kCityNearby,  // a place of that name lies within a listed city's reach
    kNotACity,    // known, and no listed city is it or contains it
  };
  Kind kind = Kind::kUnknown;
  const PopulatedPlace* place = nullptr;  // the place, for kNotACity / kCityNearby
  const Settlement* city = nullptr;       // the nearby city, for kCityNearby
  double km = 0;                          // distance to that city
};

// A place within this distance of a listed city may be part of it (a
// suburb the databases name on their own): the check stays inconclusive.
// The capital and the cities of republican significance reach further.
double CityReachKm(const Settlement& s);

// Classifies `name` (a city name from the geolocation databases that the
// gazetteer does not know). A place one of whose spellings is a listed
// city's counts as that city's neighbourhood, never as a village; against a
// gazetteer that is not complete() every name stays kUnknown.
PlaceVerdict ClassifyPlace(const PopulatedPlaces& places, const Gazetteer& gazetteer,
                           const std::string& name);

// The places recorded in the run, like GazetteerOf.
struct RunPlaces {
  std::optional<PopulatedPlaces> places;
  std::string evidence;  // places.load observation id, "" if none
  std::string problem;   // why there are none, as a sentence
};
RunPlaces PopulatedPlacesOf(const CheckInput& in);

}  // namespace pooltest
