#include "checks/location_check.h"

#include "checks/declared_addresses.h"
#include "checks/geo_consensus.h"
#include "checks/latency_bound.h"

namespace pooltest {

CheckResult CheckLocation(const CheckInput& in) {
  CheckResult r;
  r.id = "R4.1.location";
  r.clause = "R4.1";
  r.title = "Hardware-software complex located in Kazakhstan";

  std::vector<AddressPlace> places = PlacesOf(in);
  const std::vector<RttSample> samples = RttSamples(in);
  std::vector<std::string> abroad, unsettled, contradicted;
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
      contradicted.push_back(p.address + " (" + p.site + "): " + against[0].Arithmetic());
    } else if (!p.country.empty() && p.country != "KZ") {
      abroad.push_back(p.address + " (" + p.site + ") in " + p.country);
    } else if (p.country.empty() || p.lookup_failed) {
      std::string why = p.country_disputed ? "databases disagree on the country"
                        : p.lookup_failed  ? "a lookup failed"
                                           : "no database knows its country";
      unsettled.push_back(p.address + " (" + p.site + "): " + why);
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
    unsettled.push_back(h.host + " (" + h.site +
                        "): no DNS resolution was made for it, so its addresses are unknown");
    without_lookup.push_back({{"site", h.site}, {"host", h.host}, {"missing", "dns.resolve"}});
  }
  for (const MissingLookup& m :
       AddressesWithoutLookups(in, DataSource::Kind::kGeolocation, "geo.lookup")) {
    const DeclaredAddress& d = m.declared;
    const std::string dbs = m.DatabaseList();
    const std::vector<std::string>& missing = m.databases;
    unsettled.push_back(
        d.address + " (" + d.site +
        (d.declared_as != d.address ? ", declared as " + d.declared_as : std::string()) +
        "): no geolocation lookup was made for it in " + dbs);
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
               {"contradicted", contradicted},
               {"abroad", abroad},
               {"unsettled", unsettled},
               {"declared_without_lookup", without_lookup},
               {"unresolved_hosts", unresolved}};

  if (!abroad.empty()) {
    r.verdict = Verdict::kFail;
    r.summary = "Located outside Kazakhstan by every database that knows it: " + abroad[0] +
                (abroad.size() > 1 ? " (and " + std::to_string(abroad.size() - 1) + " more)" : "") +
                ". Move the server to Kazakhstan or correct the declared addresses.";
  } else if (databases == 0) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "No geolocation database is declared; add one under data_sources.geolocation.";
  } else if (!open_failures.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "A geolocation database could not be opened (see evidence " + open_failures[0] +
                "); fix its path or file and run again.";
  } else if (!unresolved.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "Host name " + unresolved[0] +
                " did not resolve, so its servers could not be located; check DNS.";
  } else if (places.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "No address was looked up; declare the sites' channel addresses.";
  } else if (!contradicted.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "Latency contradicts the geolocation database for " + contradicted[0] +
                "; one of them is wrong: re-measure from a vantage point near the claimed "
                "place or correct the database before relying on it.";
  } else if (!unsettled.empty()) {
    r.verdict = Verdict::kInconclusive;
    r.summary = "Location not established for " + unsettled[0] +
                "; add or update a geolocation database, or gather latency evidence.";
  } else {
    r.verdict = Verdict::kPass;
    r.summary = "All " + std::to_string(places.size()) + " addresses are placed in Kazakhstan by " +
                std::to_string(databases) + " database(s)" +
                (consistent > 0
                     ? ", consistent with " + std::to_string(consistent) + " latency bound test(s)."
                     : "; no physical latency evidence (" + std::to_string(usable) +
                           " usable RTT samples).");
  }
  if (loopback.used()) r.summary += " " + LoopbackNote(loopback);
  return r;
}

}  // namespace pooltest
