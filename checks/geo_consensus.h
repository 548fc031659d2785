// Combines what every geolocation database said about each address into one
// place per address, keeping disagreement visible: a field is settled only
// when every database that knows the address gives the same value. Used by
// the location (R4.1) and backup-site (R4.3) checks.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check_input.h"

namespace pooltest {

struct PlaceOpinion {
  std::string database;
  bool found = false;
  std::string country;  // ISO code, "" if the database has none
  std::string city;     // "" if the database has none
};

struct AddressPlace {
  std::string address;
  std::string site;
  std::vector<std::string> evidence;  // geo.lookup observation ids
  std::vector<PlaceOpinion> opinions;
  // Settled values; empty when unknown or when databases disagree.
  std::string country;
  std::string city;
  bool country_disputed = false;
  bool city_disputed = false;
  bool lookup_failed = false;  // some lookup errored: evidence incomplete

  nlohmann::json ToJson() const;
};

// One entry per looked-up address, in first-seen order.
std::vector<AddressPlace> PlacesOf(const CheckInput& in);

// Database load failures ("geo.open" observations), as ids.
std::vector<std::string> GeoOpenFailures(const CheckInput& in);

}  // namespace pooltest
