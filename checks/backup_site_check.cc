#include "checks/backup_site_check.h"

#include <set>

#include "checks/geo_consensus.h"
#include "checks/stratum_evidence.h"

namespace pooltest {
namespace {

// The settled city of a site: set when all its addresses settle on one city.
struct SiteCity {
  std::string city;
  std::string country;
  std::set<std::string> cities;  // every settled city seen
  bool open = false;             // some address unknown or disputed
  std::vector<std::string> evidence;
  nlohmann::json addresses = nlohmann::json::array();
};

SiteCity CityOf(const std::vector<AddressPlace>& places, const std::string& site) {
  SiteCity sc;
  std::set<std::string> countries;
  for (const AddressPlace& p : places) {
    if (p.site != site) continue;
    sc.evidence.insert(sc.evidence.end(), p.evidence.begin(), p.evidence.end());
    sc.addresses.push_back(p.ToJson());
    if (p.city.empty() || p.country.empty() || p.lookup_failed) sc.open = true;
    if (!p.city.empty()) sc.cities.insert(p.city);
    if (!p.country.empty()) countries.insert(p.country);
  }
  if (countries.size() == 1) sc.country = *countries.begin();
  if (sc.cities.size() == 1 && !sc.open) sc.city = *sc.cities.begin();
  return sc;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

CheckResult CheckOne(const CheckInput& in, const std::vector<AddressPlace>& places,
                     const Site& backup, const Site* primary) {
  CheckResult r;
  r.id = "R4.3.backup." + backup.id;
  r.clause = "R4.3";
  r.title = "Backup complex '" + backup.id + "' in another settlement of Kazakhstan";

  SiteCity b = CityOf(places, backup.id);
  r.evidence = b.evidence;
  int serving = 0, handshakes = 0;
  std::string why_not;
  for (const Observation* o : in.Select("stratum.handshake", &backup.id)) {
    r.evidence.push_back(o->id);
    ++handshakes;
    if (ServesMiners(*o)) {
      ++serving;
    } else if (why_not.empty()) {
      why_not = o->target + ": " + WhyNotServing(*o);
    }
  }
  SiteCity p;
  if (primary != nullptr) {
    p = CityOf(places, primary->id);
    r.evidence.insert(r.evidence.end(), p.evidence.begin(), p.evidence.end());
  }
  r.figures = {{"declared_settlement", backup.settlement},
               {"observed_city", b.city},
               {"observed_country", b.country},
               {"primary_city", p.city},
               {"handshakes", handshakes},
               {"serving", serving},
               {"addresses", b.addresses}};

  const std::string name = "Backup '" + backup.id + "'";
  if (primary == nullptr) {
    r.verdict = Verdict::kError;
    r.summary = "The scenario has no primary site to compare with.";
  } else if (handshakes == 0) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + " was not probed for stratum service; declare its stratum endpoints.";
  } else if (serving == 0) {
    r.verdict = Verdict::kFail;
    r.summary = name + " does not serve miners (" + why_not + "); a backup must accept miners.";
  } else if (!b.country.empty() && b.country != "KZ") {
    r.verdict = Verdict::kFail;
    r.summary = name + " is located in " + b.country + ", outside Kazakhstan.";
  } else if (!b.city.empty() && !p.city.empty() && b.city == p.city) {
    r.verdict = Verdict::kFail;
    r.summary = name + " is in " + b.city +
                ", the same settlement as the primary site; the backup must be in another one.";
  } else if (b.city.empty() || b.country.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + "'s settlement is not established (" +
                (b.cities.size() > 1 ? std::string("its addresses or databases disagree")
                                     : std::string("no database gives a city")) +
                "); add a geolocation database with city data or latency evidence.";
  } else if (p.city.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary =
        "The primary site's settlement is not established, so the backup cannot be "
        "shown to be elsewhere; add city-level geolocation data.";
  } else if (Lower(b.city) != Lower(backup.settlement)) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + " is declared in " + backup.settlement + " but the databases place it in " +
                b.city + "; correct the scenario or the database.";
  } else {
    r.verdict = Verdict::kPass;
    r.summary =
        name + " serves miners from " + b.city + ", Kazakhstan; the primary is in " + p.city + ".";
  }
  return r;
}

}  // namespace

std::vector<CheckResult> CheckBackupSites(const CheckInput& in) {
  std::vector<AddressPlace> places = PlacesOf(in);
  const Site* primary = nullptr;
  for (const Site& s : in.scenario.sites) {
    if (s.role == SiteRole::kPrimary) primary = &s;
  }
  std::vector<CheckResult> out;
  for (const Site& s : in.scenario.sites) {
    if (s.role == SiteRole::kBackup) out.push_back(CheckOne(in, places, s, primary));
  }
  if (out.empty()) {
    CheckResult r;
    r.id = "R4.3.backup";
    r.clause = "R4.3";
    r.title = "Backup complex in another settlement of Kazakhstan";
    r.verdict = Verdict::kFail;
    r.summary = "The scenario declares no backup site; a pool needs at least one.";
    out.push_back(r);
  }
  return out;
}

}  // namespace pooltest
