#include "checks/backup_site_check.h"

#include <set>

#include "checks/declared_addresses.h"
#include "checks/gazetteer.h"
#include "checks/geo_consensus.h"
#include "checks/latency_bound.h"
#include "checks/stratum_evidence.h"

namespace pooltest {
namespace {

// The settled city of a site: set when all its addresses settle on one city.
struct SiteCity {
  std::string city;
  std::string country;
  std::set<std::string> cities;  // every settled city seen
  bool open = false;             // some address unknown or disputed
  std::string dispute;           // "127.0.0.21: geo-a says Almaty, geo-b says Karaganda"
  std::vector<std::string> evidence;
  nlohmann::json addresses = nlohmann::json::array();
  // Declared addresses the run did not locate: "127.0.0.21: no geolocation
  // lookup was made for it in geo-a", "pool.example: did not resolve".
  std::vector<std::string> without_lookup;
};

SiteCity CityOf(const CheckInput& in, const std::vector<AddressPlace>& places,
                const std::string& site) {
  SiteCity sc;
  const SiteDeclarations declared = DeclaredAddressesOf(in, &site);
  for (const UnresolvedHost& h : declared.unresolved) {
    sc.without_lookup.push_back(h.host + ": " +
                                (h.evidence.empty() ? "no DNS resolution was made for it"
                                                    : "did not resolve (" + h.evidence + ")"));
  }
  for (const MissingLookup& m :
       AddressesWithoutLookups(in, DataSource::Kind::kGeolocation, "geo.lookup", &site)) {
    sc.without_lookup.push_back(m.declared.address + ": no geolocation lookup was made for it in " +
                                m.DatabaseList());
  }
  if (!sc.without_lookup.empty()) sc.open = true;
  std::set<std::string> countries;
  for (const AddressPlace& p : places) {
    if (p.site != site) continue;
    sc.evidence.insert(sc.evidence.end(), p.evidence.begin(), p.evidence.end());
    sc.addresses.push_back(p.ToJson());
    if (p.city.empty() || p.country.empty() || p.lookup_failed) sc.open = true;
    if ((p.city_disputed || p.country_disputed) && sc.dispute.empty()) {
      sc.dispute = p.address + ":";
      for (const PlaceOpinion& op : p.opinions) {
        if (!op.found) continue;
        sc.dispute += (sc.dispute.back() == ':' ? " " : ", ") + op.database + " says " +
                      (op.city.empty() ? "(no city)" : op.city) + " " + op.country;
      }
    }
    if (!p.city.empty()) sc.cities.insert(p.city);
    if (!p.country.empty()) countries.insert(p.country);
  }
  if (countries.size() == 1) sc.country = *countries.begin();
  if (sc.cities.size() == 1 && !sc.open) sc.city = *sc.cities.begin();
  return sc;
}

nlohmann::json SettlementJson(const Settlement* s) {
  if (s == nullptr) return nullptr;
  return {{"id", s->id}, {"name", s->name}, {"kind", s->kind}, {"region", s->region}};
}

// Latency contradictions for every address of a site, as arithmetic lines.
std::vector<std::string> Contradictions(const CheckInput& in, const std::vector<RttSample>& samples,
                                        const std::vector<AddressPlace>& places,
                                        const std::string& site, CheckResult& r,
                                        nlohmann::json& figures, LoopbackUse& loopback) {
  std::vector<std::string> out;
  for (const AddressPlace& p : places) {
    if (p.site != site) continue;
    for (const BoundTest& t : LatencyContradictions(in, samples, p.address)) {
      AppendUnique(r.evidence, t.sample.evidence);
      loopback.Add(t);
      figures.push_back(t.ToJson());
      out.push_back(p.address + ": " + t.Arithmetic());
    }
  }
  return out;
}

CheckResult CheckOne(const CheckInput& in, const std::vector<AddressPlace>& places,
                     const std::vector<RttSample>& samples, const RunGazetteer& gaz,
                     const Site& backup, const Site* primary) {
  CheckResult r;
  r.id = "R4.3.backup." + backup.id;
  r.clause = "R4.3";
  r.title = "Backup complex '" + backup.id + "' in another settlement of Kazakhstan";

  SiteCity b = CityOf(in, places, backup.id);
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
    p = CityOf(in, places, primary->id);
    r.evidence.insert(r.evidence.end(), p.evidence.begin(), p.evidence.end());
  }
  if (!gaz.evidence.empty()) r.evidence.push_back(gaz.evidence);
  nlohmann::json contradiction_figures = nlohmann::json::array();
  LoopbackUse loopback;
  std::vector<std::string> contradicted =
      Contradictions(in, samples, places, backup.id, r, contradiction_figures, loopback);
  if (primary != nullptr) {
    std::vector<std::string> pc =
        Contradictions(in, samples, places, primary->id, r, contradiction_figures, loopback);
    contradicted.insert(contradicted.end(), pc.begin(), pc.end());
  }
  const Gazetteer* g = gaz.gazetteer ? &*gaz.gazetteer : nullptr;
  const Settlement* bs = g && !b.city.empty() ? g->Find(b.city) : nullptr;
  const Settlement* ps = g && !p.city.empty() ? g->Find(p.city) : nullptr;
  const Settlement* declared = g ? g->Find(backup.settlement) : nullptr;
  r.figures = {{"declared_settlement", backup.settlement},
               {"gazetteer", {{"evidence", gaz.evidence}, {"problem", gaz.problem}}},
               {"backup_settlement", SettlementJson(bs)},
               {"primary_settlement", SettlementJson(ps)},
               {"declared_settlement_match", SettlementJson(declared)},
               {"latency_contradictions", contradiction_figures},
               {"loopback_evidence", loopback.ToJson()},
               {"observed_city", b.city},
               {"observed_country", b.country},
               {"primary_city", p.city},
               {"handshakes", handshakes},
               {"serving", serving},
               {"addresses", b.addresses},
               {"backup_without_lookup", b.without_lookup},
               {"primary_without_lookup", p.without_lookup}};

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
  } else if (!contradicted.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "Latency contradicts the geolocation database (" + contradicted[0] +
                "), so the sites' settlements are not established; re-measure from a vantage "
                "point near the claimed place or correct the database.";
  } else if (!b.country.empty() && b.country != "KZ") {
    r.verdict = Verdict::kFail;
    r.summary = name + " is located in " + b.country + ", outside Kazakhstan.";
  } else if (b.city.empty() || b.country.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + "'s settlement is not established (" +
                (!b.dispute.empty()          ? "the databases disagree: " + b.dispute
                 : !b.without_lookup.empty() ? b.without_lookup[0]
                 : b.cities.size() > 1 ? std::string("its addresses are placed in different cities")
                                       : std::string("no database gives a city")) +
                "); resolve the disagreement or add a geolocation database with city data.";
  } else if (p.city.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "The primary site's settlement is not established" +
                (p.without_lookup.empty() ? std::string() : " (" + p.without_lookup[0] + ")") +
                ", so the backup cannot be shown to be elsewhere; add city-level geolocation "
                "data.";
  } else if (g == nullptr) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "Settlement kinds cannot be checked: " + gaz.problem +
                "; fix data_sources.gazetteer or use the bundled gazetteer.";
  } else if (bs == nullptr) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + " is placed in '" + b.city +
                "', which is not in the settlement gazetteer, so its legal kind is unknown; "
                "check the spelling or add the settlement (with its KATO kind) to the gazetteer.";
  } else if (ps == nullptr) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "The primary site is placed in '" + p.city +
                "', which is not in the settlement gazetteer; check the spelling or add it.";
  } else if (bs->id == ps->id) {
    r.verdict = Verdict::kFail;
    r.summary = name + " is in " + bs->name + " (database: '" + b.city +
                "'), the same settlement as the primary site ('" + p.city +
                "'); the backup must be in another settlement.";
  } else if (declared == nullptr || declared->id != bs->id) {
    r.verdict = Verdict::kInconclusive;
    r.summary = name + " is declared in " + backup.settlement + " but the databases place it in " +
                bs->name + "; correct the scenario or the database.";
  } else {
    r.verdict = Verdict::kPass;
    r.summary = name + " serves miners from " + bs->name + " (" + KindPhrase(bs->kind) +
                "), Kazakhstan; the primary is in " + ps->name + " (" + KindPhrase(ps->kind) + ").";
  }
  if (loopback.used()) r.summary += " " + LoopbackNote(loopback);
  return r;
}

}  // namespace

std::vector<CheckResult> CheckBackupSites(const CheckInput& in) {
  std::vector<AddressPlace> places = PlacesOf(in);
  const std::vector<RttSample> samples = RttSamples(in);
  const RunGazetteer gaz = GazetteerOf(in);
  const Site* primary = nullptr;
  for (const Site& s : in.scenario.sites) {
    if (s.role == SiteRole::kPrimary) primary = &s;
  }
  std::vector<CheckResult> out;
  for (const Site& s : in.scenario.sites) {
    if (s.role == SiteRole::kBackup) out.push_back(CheckOne(in, places, samples, gaz, s, primary));
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
