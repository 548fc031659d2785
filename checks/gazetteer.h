// Kazakhstan's settlements with their legal kind (the capital, cities of
// republican, regional and district significance) and coordinates, read from
// a gazetteer file (bundled: checks/data/kz-settlements.json; a scenario may
// name another under data_sources.gazetteer). Names are matched through
// every listed spelling (Astana / Nur-Sultan / Астана), so checks compare
// settlement identities, never raw strings. The harness records the file it
// loaded as a "gazetteer.load" observation whose data holds the parsed
// content; checks read it from there and stay pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check_input.h"
#include "core/data_fields.h"
#include "checks/latency_bound.h"
#include "core/result.h"

namespace pooltest {

struct Settlement {
  std::string id;       // stable, e.g. "oskemen"
  std::string name;     // English name, e.g. "Oskemen"
  std::string name_kk;  // Kazakh, e.g. "Өскемен" (the English name when the file has none)
  std::string name_ru;  // Russian, e.g. "Усть-Каменогорск" (likewise)
  std::string kind;     // "capital", "republican", "regional" or "district"
  std::string region;
  GeoPoint at;
  std::vector<std::string> names;         // other spellings, former names included
  std::vector<std::string> former_names;  // e.g. "Nur-Sultan" for Astana
  std::string kato;                       // KATO code, "" where the file could not verify one

  // The name in "kk", "ru" or (for any other code) English.
  const std::string& NameIn(const std::string& lang) const {
    return lang == "kk" ? name_kk : lang == "ru" ? name_ru : name;
  }
};

// A settlement's legal kind as a finding part ("settlement.kind.regional":
// "a city of regional significance"), for summaries.
nlohmann::json KindPhrase(const std::string& kind);

class Gazetteer {
 public:
  // Validates the file's JSON; the error names the entry and what is wrong.
  static Result<Gazetteer> FromJson(const nlohmann::json& j);

  // The settlement called `name` in any listed spelling (case, hyphens,
  // spaces and apostrophes ignored; Cyrillic lowercased); null if unknown.
  const Settlement* Find(const std::string& name) const;
  const std::vector<Settlement>& settlements() const { return settlements_; }
  const std::string& source() const { return source_; }
  const std::string& as_of() const { return as_of_; }  // "2026-01-01", "" if unstated
  // True when the file lists every city its bureau_counts.total counts (the
  // bundled file: 90); only then is a name it lacks known to be no city.
  bool complete() const { return complete_; }

 private:
  std::vector<Settlement> settlements_;
  std::string source_;
  std::string as_of_;
  bool complete_ = false;
};

// An entry's "latitude" and "longitude" as a point; unset unless both are
// numbers in degrees. Shared by the gazetteer and the populated places.
std::optional<GeoPoint> DegreesOf(const nlohmann::json& entry);

// Appends the strings of the array `entry[key]` (none if it is no array).
void AppendStrings(const nlohmann::json& entry, const char* key, std::vector<std::string>& out);

// Lowercased with separators removed, for matching spellings.
std::string NormalizeSettlementName(const std::string& name);

// The gazetteer recorded in the run, with the id of its observation. An
// error (with the observation id, if any) when none was loaded or it failed.
struct RunGazetteer {
  std::optional<Gazetteer> gazetteer;
  std::string evidence;  // gazetteer.load observation id, "" if none
  std::string problem;   // why there is none, as a sentence
};
RunGazetteer GazetteerOf(const CheckInput& in);

// The last `probe` observation ("gazetteer.load") when it loaded; else null,
// with `problem` saying why in a sentence about `what` ("settlement
// gazetteer"). `evidence` gets the observation's id either way.
const Observation* DataLoadOf(const CheckInput& in, const char* probe, const std::string& what,
                              std::string& evidence, std::string& problem);

// That observation's data under `key` parsed by T::FromJson (Gazetteer,
// PopulatedPlaces); unset with `problem` set when it is missing or invalid.
template <class T>
std::optional<T> ParsedDataLoad(const CheckInput& in, const char* probe, const char* key,
                                const std::string& what, std::string& evidence,
                                std::string& problem) {
  const Observation* o = DataLoadOf(in, probe, what, evidence, problem);
  if (o == nullptr) return std::nullopt;
  Result<T> parsed = T::FromJson(RawField(o->data, key));
  if (!parsed) {
    problem = parsed.error().message;
    return std::nullopt;
  }
  return std::move(parsed.value());
}

}  // namespace pooltest
