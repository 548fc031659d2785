#include "checks/backup_site_check.h"

#include <cmath>
#include <set>

#include "checks/declared_addresses.h"
#include "checks/finding_catalogue.h"
#include "checks/gazetteer.h"
#include "checks/geo_consensus.h"
#include "checks/latency_bound.h"
#include "checks/populated_places.h"
#include "checks/stratum_evidence.h"

namespace pooltest {
namespace {

// The settled city of a site: set when all its addresses settle on one city.
struct SiteCity {
  std::string city;
  std::string country;
  std::set<std::string> cities;  // every settled city seen
  bool open = false;             // some address unknown or disputed
  nlohmann::json dispute;        // part R4.3.reason.databases_disagree, null if none
  std::vector<std::string> evidence;
  nlohmann::json addresses = nlohmann::json::array();
  // Declared addresses the run did not locate, as finding parts (reasons).
  std::vector<nlohmann::json> without_lookup;
};

SiteCity CityOf(const CheckInput& in, const std::vector<AddressPlace>& places,
                const std::string& site) {
  SiteCity sc;
  const SiteDeclarations declared = DeclaredAddressesOf(in, &site);
  for (const UnresolvedHost& h : declared.unresolved) {
    sc.without_lookup.push_back(
        h.evidence.empty()
            ? Part("R4.3.reason.not_resolved", {{"host", h.host}})
            : Part("R4.3.reason.did_not_resolve", {{"host", h.host}, {"evidence", h.evidence}}));
  }
  for (const MissingLookup& m :
       AddressesWithoutLookups(in, DataSource::Kind::kGeolocation, "geo.lookup", &site)) {
    sc.without_lookup.push_back(Part("R4.3.reason.not_looked_up", {{"address", m.declared.address},
                                                                   {"databases", m.databases}}));
  }
  if (!sc.without_lookup.empty()) sc.open = true;
  std::set<std::string> countries;
  for (const AddressPlace& p : places) {
    if (p.site != site) continue;
    sc.evidence.insert(sc.evidence.end(), p.evidence.begin(), p.evidence.end());
    sc.addresses.push_back(p.ToJson());
    if (p.city.empty() || p.country.empty() || p.lookup_failed) sc.open = true;
    if ((p.city_disputed || p.country_disputed) && sc.dispute.is_null()) {
      nlohmann::json opinions = nlohmann::json::array();
      for (const PlaceOpinion& op : p.opinions) {
        if (!op.found) continue;
        opinions.push_back(
            Part("R4.3.part.opinion",
                 {{"database", op.database},
                  {"city", op.city.empty() ? Part("R4.3.part.no_city") : nlohmann::json(op.city)},
                  {"country", op.country}}));
      }
      sc.dispute =
          Part("R4.3.reason.databases_disagree", {{"address", p.address}, {"opinions", opinions}});
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

// Why a site's settlement is open, as a reason part.
nlohmann::json OpenReason(const SiteCity& c) {
  if (!c.dispute.is_null()) return c.dispute;
  if (!c.without_lookup.empty()) return c.without_lookup[0];
  if (c.cities.size() > 1) return Part("R4.3.reason.cities_differ");
  return Part("R4.3.reason.no_city");
}

// Latency contradictions for every address of a site, as finding parts.
std::vector<nlohmann::json> Contradictions(const CheckInput& in,
                                           const std::vector<RttSample>& samples,
                                           const std::vector<AddressPlace>& places,
                                           const std::string& site, CheckResult& r,
                                           nlohmann::json& figures, LoopbackUse& loopback) {
  std::vector<nlohmann::json> out;
  for (const AddressPlace& p : places) {
    if (p.site != site) continue;
    for (const BoundTest& t : LatencyContradictions(in, samples, p.address)) {
      AppendUnique(r.evidence, t.sample.evidence);
      loopback.Add(t);
      figures.push_back(t.ToJson());
      out.push_back(Part("R4.3.part.contradicted",
                         {{"address", p.address}, {"arithmetic", ToJson(t.ArithmeticFinding())}}));
    }
  }
  return out;
}

// The primary's settlements when its addresses settle on several cities
// (each address known, the databases agreeing on each): every one of them,
// or none if one is not in the gazetteer (then `unknown` names it).
struct PrimarySettlements {
  std::vector<const Settlement*> all;
  std::string unknown;
  nlohmann::json Names() const {
    nlohmann::json out = nlohmann::json::array();
    for (const Settlement* s : all) out.push_back(s->name);
    return out;
  }
  bool Has(const Settlement* s) const {
    for (const Settlement* x : all)
      if (x->id == s->id) return true;
    return false;
  }
};

PrimarySettlements SettlementsOf(const SiteCity& p, const Gazetteer* g) {
  PrimarySettlements out;
  if (g == nullptr || p.open) return out;
  for (const std::string& city : p.cities) {
    const Settlement* s = g->Find(city);
    if (s == nullptr) {
      out.unknown = city;
      out.all.clear();
      return out;
    }
    if (!out.Has(s)) out.all.push_back(s);
  }
  return out;
}

CheckResult CheckOne(const CheckInput& in, const std::vector<AddressPlace>& places,
                     const std::vector<RttSample>& samples, const RunGazetteer& gaz,
                     const RunPlaces& known, const Site& backup, const Site* primary) {
  CheckResult r;
  r.id = "R4.3.backup." + backup.id;
  r.clause = "R4.3";
  r.title = "Backup complex '" + backup.id + "' in another settlement of Kazakhstan";

  SiteCity b = CityOf(in, places, backup.id);
  r.evidence = b.evidence;
  int serving = 0, handshakes = 0;
  nlohmann::json why_not;                    // {target, why}, null until a handshake fails
  std::vector<std::string> accepts_invalid;  // endpoints that took the harness's bad share
  for (const Observation* o : in.Select("stratum.handshake", &backup.id)) {
    r.evidence.push_back(o->id);
    ++handshakes;
    if (AcceptedInvalidShare(*o)) accepts_invalid.push_back(o->target);
    if (ServesMiners(*o)) {
      ++serving;
    } else if (why_not.is_null()) {
      why_not = {{"target", o->target}, {"why", WhyNotServing(*o)}};
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
  std::vector<nlohmann::json> contradicted =
      Contradictions(in, samples, places, backup.id, r, contradiction_figures, loopback);
  if (primary != nullptr) {
    std::vector<nlohmann::json> pc =
        Contradictions(in, samples, places, primary->id, r, contradiction_figures, loopback);
    contradicted.insert(contradicted.end(), pc.begin(), pc.end());
  }
  const Gazetteer* g = gaz.gazetteer ? &*gaz.gazetteer : nullptr;
  const Settlement* bs = g && !b.city.empty() ? g->Find(b.city) : nullptr;
  const Settlement* ps = g && !p.city.empty() ? g->Find(p.city) : nullptr;
  const Settlement* declared = g ? g->Find(backup.settlement) : nullptr;
  const PrimarySettlements several = SettlementsOf(p, g);
  PlaceVerdict village;
  if (g != nullptr && bs == nullptr && !b.city.empty() && known.places)
    village = ClassifyPlace(*known.places, *g, b.city);
  if (!known.evidence.empty() && village.place != nullptr) r.evidence.push_back(known.evidence);
  r.figures = {{"declared_settlement", backup.settlement},
               {"gazetteer", {{"evidence", gaz.evidence}, {"problem", gaz.problem}}},
               {"backup_settlement", SettlementJson(bs)},
               {"primary_settlement", SettlementJson(ps)},
               {"primary_settlements", several.Names()},
               {"populated_places", {{"evidence", known.evidence}, {"problem", known.problem}}},
               {"backup_place", village.place == nullptr
                                    ? nlohmann::json(nullptr)
                                    : nlohmann::json{{"name", village.place->name},
                                                     {"geonameid", village.place->geonameid},
                                                     {"feature", village.place->feature},
                                                     {"attribution", known.places->attribution()},
                                                     {"licence", known.places->licence()}}},
               {"declared_settlement_match", SettlementJson(declared)},
               {"latency_contradictions", contradiction_figures},
               {"loopback_evidence", loopback.ToJson()},
               {"observed_city", b.city},
               {"observed_country", b.country},
               {"primary_city", p.city},
               {"handshakes", handshakes},
               {"serving", serving},
               {"addresses", b.addresses},
               {"backup_without_lookup", RenderParts(b.without_lookup)},
               {"primary_without_lookup", RenderParts(p.without_lookup)}};

  const nlohmann::json site = {{"site", backup.id}};
  auto with = [&site](nlohmann::json more) {
    nlohmann::json args = site;
    args.update(more);
    return args;
  };
  if (primary == nullptr) {
    Decide(r, "R4.3.no_primary");
  } else if (handshakes == 0) {
    Decide(r, "R4.3.not_probed", site);
  } else if (serving == 0) {
    Decide(r, "R4.3.not_serving", with(why_not));
  } else if (!contradicted.empty()) {
    Decide(r, "R4.3.latency_contradicts", {{"first", contradicted[0]}});
  } else if (!b.country.empty() && b.country != "KZ") {
    Decide(r, "R4.3.abroad", with({{"country", b.country}}));
  } else if (b.city.empty() || b.country.empty()) {
    Decide(r, "R4.3.settlement_open", with({{"reason", OpenReason(b)}}));
  } else if (village.kind == PlaceVerdict::Kind::kNotACity) {
    Decide(r, "R4.3.backup_in_village",
           with({{"city", b.city},
                 {"place", village.place->name},
                 {"geonameid", village.place->geonameid}}));
  } else if (p.city.empty() && several.all.size() < 2 && several.unknown.empty()) {
    Decide(r, "R4.3.primary_unsettled", {{"reason", OpenReason(p)}});
  } else if (g == nullptr) {
    Decide(r, "R4.3.no_gazetteer", {{"problem", gaz.problem}});
  } else if (bs == nullptr && village.kind == PlaceVerdict::Kind::kCityNearby) {
    Decide(r, "R4.3.backup_near_city",
           with({{"city", b.city},
                 {"settlement", village.city->name},
                 {"km", static_cast<int>(std::lround(village.km))}}));
  } else if (bs == nullptr) {
    Decide(r, "R4.3.backup_not_in_gazetteer", with({{"city", b.city}}));
  } else if (!several.unknown.empty()) {
    Decide(r, "R4.3.primary_not_in_gazetteer", {{"city", several.unknown}});
  } else if (several.all.size() > 1 && several.Has(bs)) {
    Decide(r, "R4.3.shares_primary_settlement",
           with({{"settlement", bs->name}, {"primary_settlements", several.Names()}}));
  } else if (ps == nullptr && several.all.size() < 2) {
    Decide(r, "R4.3.primary_not_in_gazetteer", {{"city", p.city}});
  } else if (ps != nullptr && bs->id == ps->id) {
    Decide(r, "R4.3.same_settlement",
           with({{"settlement", bs->name},
                 {"settlement_id", bs->id},
                 {"city", b.city},
                 {"primary_city", p.city}}));
  } else if (declared == nullptr || declared->id != bs->id) {
    Decide(r, "R4.3.declared_elsewhere",
           with({{"declared", backup.settlement},
                 {"settlement", bs->name},
                 {"settlement_id", bs->id}}));
  } else if (ps == nullptr) {
    Decide(r, "R4.3.pass_primary_several",
           with({{"settlement", bs->name},
                 {"settlement_id", bs->id},
                 {"kind", KindPhrase(bs->kind)},
                 {"primary_settlements", several.Names()}}));
  } else {
    Decide(r, "R4.3.pass",
           with({{"settlement", bs->name},
                 {"settlement_id", bs->id},
                 {"kind", KindPhrase(bs->kind)},
                 {"primary", ps->name},
                 {"primary_id", ps->id},
                 {"primary_kind", KindPhrase(ps->kind)}}));
  }
  if (loopback.used()) {
    const Finding note = LoopbackNote(loopback);
    AddNote(r, note.key, note.args);
  }
  if (!accepts_invalid.empty()) {
    r.figures["accepts_invalid_share"] = accepts_invalid;
    AddNote(r, "stratum.note.accepts_invalid_share", {{"targets", accepts_invalid}});
  }
  return r;
}

}  // namespace

std::vector<CheckResult> CheckBackupSites(const CheckInput& in) {
  std::vector<AddressPlace> places = PlacesOf(in);
  const std::vector<RttSample> samples = RttSamples(in);
  const RunGazetteer gaz = GazetteerOf(in);
  const RunPlaces known = PopulatedPlacesOf(in);
  const Site* primary = nullptr;
  for (const Site& s : in.scenario.sites) {
    if (s.role == SiteRole::kPrimary) primary = &s;
  }
  std::vector<CheckResult> out;
  for (const Site& s : in.scenario.sites) {
    if (s.role == SiteRole::kBackup)
      out.push_back(CheckOne(in, places, samples, gaz, known, s, primary));
  }
  if (out.empty()) {
    CheckResult r;
    r.id = "R4.3.backup";
    r.clause = "R4.3";
    r.title = "Backup complex in another settlement of Kazakhstan";
    Decide(r, "R4.3.no_backup");
    out.push_back(r);
  }
  return out;
}

}  // namespace pooltest
