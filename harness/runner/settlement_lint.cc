#include "harness/runner/settlement_lint.h"

#include <fstream>
#include <sstream>

#include "harness/runner/install_paths.h"
#include "scenarios/did_you_mean.h"

namespace pooltest {
namespace {

Diagnostic Warning(const Site& site, std::string message, std::string hint) {
  Diagnostic d;
  d.severity = Diagnostic::Severity::kWarning;
  d.where = site.where;
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

bool IsFormerName(const Settlement& s, const std::string& name) {
  for (const std::string& f : s.former_names)
    if (NormalizeSettlementName(f) == NormalizeSettlementName(name)) return true;
  return false;
}

// "did you mean 'Astana'?" over every current and former name; a former
// name is suggested with what it is now.
std::string Suggestion(const Gazetteer& g, const std::string& name) {
  std::vector<std::string> candidates;
  for (const Settlement& s : g.settlements()) {
    for (const std::string* n : {&s.name, &s.name_kk, &s.name_ru}) candidates.push_back(*n);
    candidates.insert(candidates.end(), s.names.begin(), s.names.end());
  }
  std::optional<std::string> best = ClosestMatch(name, candidates);
  if (!best)
    return "check the spelling, or name the gazetteer that lists it under "
           "data_sources.gazetteer: R4.3 stays inconclusive for a settlement no source "
           "knows";
  const Settlement* s = g.Find(*best);
  std::string hint = "did you mean '" + *best + "'";
  if (s != nullptr && IsFormerName(*s, *best))
    hint += " (a former name of " + s->name + ")";
  else if (s != nullptr && *best != s->name)
    hint += " (" + s->name + ")";
  return hint + "?";
}

}  // namespace

std::vector<Diagnostic> SettlementDiagnostics(const Scenario& sc, const Gazetteer& g) {
  std::vector<Diagnostic> out;
  const Site* primary = nullptr;
  for (const Site& s : sc.sites)
    if (s.role == SiteRole::kPrimary) primary = &s;
  const Settlement* primary_at = primary ? g.Find(primary->settlement) : nullptr;
  for (const Site& site : sc.sites) {
    if (site.settlement.empty()) continue;
    const Settlement* s = g.Find(site.settlement);
    if (s == nullptr) {
      out.push_back(Warning(site,
                            "settlement '" + site.settlement + "' of site '" + site.id +
                                "' is not in the settlement gazetteer",
                            Suggestion(g, site.settlement)));
      continue;
    }
    if (IsFormerName(*s, site.settlement)) {
      out.push_back(Warning(
          site, "'" + site.settlement + "' (site '" + site.id + "') is a former name of " + s->name,
          "declare the current name: settlement: " + s->name));
    }
    if (site.role == SiteRole::kBackup && primary_at != nullptr && s->id == primary_at->id &&
        NormalizeSettlementName(site.settlement) != NormalizeSettlementName(primary->settlement)) {
      out.push_back(Warning(site,
                            "backup site '" + site.id + "' is declared in " + site.settlement +
                                ", which is " + s->name + ", the primary's settlement (" +
                                primary->settlement + ")",
                            "R4.3 requires the backup complex in another settlement: the check "
                            "will fail"));
    }
  }
  return out;
}

std::vector<Diagnostic> SettlementDiagnostics(const Scenario& sc) {
  const std::string path = sc.gazetteer ? sc.gazetteer->path : GazetteerFile();
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  if (in) ss << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(ss.str(), nullptr, false);
  Result<Gazetteer> g = Gazetteer::FromJson(doc);
  if (!in || !g) {
    Diagnostic d;
    d.severity = Diagnostic::Severity::kWarning;
    d.where = sc.gazetteer ? sc.gazetteer->where : SourceLocation{};
    d.message = !in ? "cannot read the settlement gazetteer " + path : g.error().message;
    d.hint = "declared settlements were not checked; R4.3 will be inconclusive";
    return {d};
  }
  return SettlementDiagnostics(sc, g.value());
}

}  // namespace pooltest
