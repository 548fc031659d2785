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
  std::vector<std::string> names;  // other spellings

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

 private:
  std::vector<Settlement> settlements_;
  std::string source_;
};

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

}  // namespace pooltest
