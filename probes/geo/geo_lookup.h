// Looks addresses up in IP-geolocation databases in MaxMind DB format, both
// the nested GeoIP2/GeoLite2 schema (country.iso_code, city.names.en,
// location.latitude) and the flat schema of free repackagings (country_code,
// city, latitude). Observes what the database says, nothing more: an address
// it does not know is an ok observation with found=false.
//
// Observation (probe "geo.lookup", target = address) data: database, path,
// schema ("geoip2" | "flat"), found, country, city, latitude, longitude,
// database_build (epoch seconds), database_type; also region, and when found
// network ("127.0.0.11/32") and accuracy_radius (km, GeoIP2 schema only).
// Absent values are null, never "". Transcript: "sent" the address,
// "received" the excerpt of the record the data came from: every value read,
// nested as stored (compact JSON, e.g. {"city":{"names":{"en":"Almaty"}},
// "country":{"iso_code":"KZ"},"location":{...}}; "null" when not found). The
// rest of the record (other languages' names, postal codes, time zones) is
// not decoded: a lookup reads only the values it reports.
// An address that is not an IP literal is a kError observation.
#pragma once

#include <memory>
#include <string>

#include "core/observation.h"
#include "core/result.h"
#include "scenarios/scenario.h"

namespace pooltest {

class GeoDatabase {
 public:
  // Opens the file; the error names the path and libmaxminddb's reason.
  static Result<std::unique_ptr<GeoDatabase>> Open(const DataSource& source);
  ~GeoDatabase();

  Observation Lookup(const std::string& address) const;

 private:
  GeoDatabase();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
