#include "checks/location_check.h"

#include "checks/declared_addresses.h"
#include "checks/finding_catalogue.h"
#include "checks/geo_consensus.h"
#include "checks/latency_bound.h"

namespace pooltest {
namespace {

// An address and its site, the first arguments of R4.1's findings.
nlohmann::json Where(const std::string& address, const std::string& site) {
  return {{"address", address}, {"site", site}};
}

}  // namespace

CheckResult CheckLocation(const CheckInput& in) {
  CheckResult r;
  r.id = "R4.1.location";
  r.clause = "R4.1";
  r.title = "Hardware-software complex located in Kazakhstan";

  std::vector<AddressPlace> places = PlacesOf(in);
  const std::vector<RttSample> samples = RttSamples(in);
  // Each a finding part: "R4.1.part.abroad" etc., rendered in the figures.
  std::vector<nlohmann::json> abroad, unsettled, contradicted;
  nlohmann::json addresses = nlohmann::json::array();
  nlohmann::json contradictions = nlohmann::json::array();
  int consistent = 0;
  LoopbackUse loopback;
  for (const AddressPlace& p : places) {
    r.evidence.insert(r.evidence.end(), p.evidence.begin(), p.evidence.end());
    addresses.push_back(p.ToJson());
    // Latency can overrule no database, but a database it contradicts cannot
    // be trusted either: the address is then not located.
    std::vector<BoundTest> against = LatencyContradictions(in, samples, p.address);
    for (const auto& [claim, at] : DatabasePlaces(in, p.address)) {
      for (const BoundTest& t : TestPlace(samples, p.address, claim, at)) {
        AppendUnique(r.evidence, t.sample.evidence);
        loopback.Add(t);
        if (!t.contradicts) ++consistent;
      }
    }
    if (!against.empty()) {
      for (const BoundTest& t : against) contradictions.push_back(t.ToJson());
      nlohmann::json args = Where(p.address, p.site);
      args["arithmetic"] = ToJson(against[0].ArithmeticFinding());
      contradicted.push_back(Part("R4.1.part.contradicted", args));
    } else if (!p.country.empty() && p.country != "KZ") {
      nlohmann::json args = Where(p.address, p.site);
      args["country"] = p.country;
      abroad.push_back(Part("R4.1.part.abroad", args));
    } else if (p.country.empty() || p.lookup_failed) {
      nlohmann::json args = Where(p.address, p.site);
      args["reason"] = Part(p.country_disputed ? "R4.1.reason.country_disputed"
                            : p.lookup_failed  ? "R4.1.reason.lookup_failed"
                                               : "R4.1.reason.no_country");
      unsettled.push_back(Part("R4.1.part.unsettled", args));
    }
  }
  std::vector<std::string> unresolved;
  for (const Observation* o : in.Select("dns.resolve")) {
    r.evidence.push_back(o->id);
    if (o->status != ProbeStatus::kOk) unresolved.push_back(o->target);
  }
  // Every declared address must have been looked up in every database: an
  // address the run never located cannot count as located in Kazakhstan.
  const SiteDeclarations declared = DeclaredAddressesOf(in);
  nlohmann::json without_lookup = nlohmann::json::array();
  for (const UnresolvedHost& h : declared.unresolved) {
    if (!h.evidence.empty()) continue;  // its failed dns.resolve is listed above
    nlohmann::json args = Where(h.host, h.site);
    args["reason"] = Part("R4.1.reason.not_resolved");
    unsettled.push_back(Part("R4.1.part.unsettled", args));
    without_lookup.push_back({{"site", h.site}, {"host", h.host}, {"missing", "dns.resolve"}});
  }
  for (const MissingLookup& m :
       AddressesWithoutLookups(in, DataSource::Kind::kGeolocation, "geo.lookup")) {
    const DeclaredAddress& d = m.declared;
    const std::vector<std::string>& missing = m.databases;
    nlohmann::json args = Where(d.address, d.site);
    args["reason"] = d.declared_as != d.address
                         ? Part("R4.1.reason.resolved_not_looked_up",
                                {{"host", d.declared_as}, {"databases", missing}})
                         : Part("R4.1.reason.not_looked_up", {{"databases", missing}});
    unsettled.push_back(Part("R4.1.part.unsettled", args));
    without_lookup.push_back({{"site", d.site},
                              {"address", d.address},
                              {"declared_as", d.declared_as},
                              {"missing", missing}});
  }
  std::vector<std::string> open_failures = GeoOpenFailures(in);
  r.evidence.insert(r.evidence.end(), open_failures.begin(), open_failures.end());

  int databases = 0;
  for (const DataSource& ds : in.scenario.data_sources) {
    if (ds.kind == DataSource::Kind::kGeolocation) ++databases;
  }
  nlohmann::json all_samples = nlohmann::json::array();
  int usable = 0;
  for (const RttSample& smp : samples) {
    all_samples.push_back(smp.ToJson());
    usable += smp.usable ? 1 : 0;
  }
  r.figures = {{"addresses", addresses},
               {"databases", databases},
               {"latency",
                {{"km_per_ms_rtt", kFibreKmPerMsRoundTrip},
                 {"slack_km", kPlaceSlackKm},
                 {"samples", all_samples},
                 {"usable_samples", usable},
                 {"consistent_tests", consistent},
                 {"contradictions", contradictions},
                 {"loopback_evidence", loopback.ToJson()}}},
               {"contradicted", RenderParts(contradicted)},
               {"abroad", RenderParts(abroad)},
               {"unsettled", RenderParts(unsettled)},
               {"declared_without_lookup", without_lookup},
               {"unresolved_hosts", unresolved}};

  if (!abroad.empty()) {
    Decide(r, "R4.1.abroad", {{"first", abroad[0]}, {"count", abroad.size()}});
  } else if (databases == 0) {
    Decide(r, "R4.1.no_database");
  } else if (!open_failures.empty()) {
    Decide(r, "R4.1.database_open_failed", {{"evidence", open_failures[0]}});
  } else if (!unresolved.empty()) {
    Decide(r, "R4.1.host_unresolved", {{"host", unresolved[0]}});
  } else if (places.empty()) {
    Decide(r, "R4.1.no_address");
  } else if (!contradicted.empty()) {
    Decide(r, "R4.1.latency_contradicts", {{"first", contradicted[0]}});
  } else if (!unsettled.empty()) {
    Decide(r, "R4.1.unsettled", {{"first", unsettled[0]}, {"count", unsettled.size()}});
  } else if (consistent > 0) {
    Decide(r, "R4.1.pass_with_latency",
           {{"addresses", places.size()}, {"databases", databases}, {"tests", consistent}});
  } else {
    Decide(r, "R4.1.pass_without_latency",
           {{"addresses", places.size()}, {"databases", databases}, {"usable", usable}});
  }
  if (loopback.used()) {
    const Finding note = LoopbackNote(loopback);
    AddNote(r, note.key, note.args);
  }
  return r;
}

}  // namespace pooltest
