#include "harness/runner/plan.h"

#include "harness/runner/declared_targets.h"
#include "harness/runner/plan_parts.h"
#include "harness/runner/ui_requests.h"
#include "probes/dns/resolve_probe.h"
#include "probes/document/document_probe.h"
#include "probes/geo/asn_lookup.h"
#include "probes/geo/geo_lookup.h"
#include "scenarios/idn_host.h"

namespace pooltest {

RunResources OpenDataSources(const Scenario& scenario) {
  RunResources res;
  for (const DataSource& ds : scenario.data_sources) {
    if (ds.kind == DataSource::Kind::kGeolocation) {
      auto db = GeoDatabase::Open(ds);
      if (db) {
        res.geo.push_back(std::move(db.value()));
      } else {
        res.open_failures.push_back(Unsupported("geo.open", ds.path, db.error().message));
      }
    } else {
      auto db = AsnDatabase::Open(ds);
      if (db) {
        res.asn.push_back(std::move(db.value()));
      } else {
        res.open_failures.push_back(Unsupported("asn.open", ds.path, db.error().message));
      }
    }
  }
  return res;
}

Plan PlanResolution(const Scenario& sc) {
  // Every declared name and every host a rendered page may load resources
  // from, so every connection later, Chromium's included, goes to addresses
  // the scenario's own resolution gave (declared_targets.h).
  Plan plan;
  for (const std::string& h : NamesToResolve(sc)) {
    // An internationalised name is resolved in its ASCII form; the evidence
    // also shows it as the scenario's author wrote it.
    const std::string unicode = HostToUnicode(h);
    plan.probes.push_back(
        {"dns.resolve", h,
         [h, unicode, dns = sc.dns](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
           Observation o = co_await ProbeResolve(std::move(ctx), h, dns);
           if (!unicode.empty()) o.data["host_unicode"] = unicode;
           co_return o;
         }});
  }
  return plan;
}

AddressBook AddressesFrom(const std::vector<Observation>& observations) {
  AddressBook book;
  for (const Observation& o : observations) {
    if (o.probe != "dns.resolve" || o.status != ProbeStatus::kOk) continue;
    auto& list = book[o.target];
    for (const auto& a : o.data.value("addresses", nlohmann::json::array())) {
      if (a.is_string()) list.push_back(a.get<std::string>());
    }
  }
  return book;
}

Plan PlanProbes(const Scenario& sc, const AddressBook& book, const RunResources& res) {
  Plan plan;
  for (const Observation& failure : res.open_failures) {
    plan.probes.push_back(Immediate(failure.probe, failure.target, [failure] { return failure; }));
  }
  for (const Site& site : sc.sites) PlanSite(sc, site, book, res, plan);
  if (sc.ui) PlanUi(*sc.ui, book, res, plan);
  PlanSupport(sc, book, res, plan);
  // Each document is copied into the output folder (evidence_dir) as it is
  // hashed, so the act carries it.
  const std::vector<std::string> copies = DocumentCopyNames(sc.documents);
  for (size_t i = 0; i < sc.documents.size(); ++i) {
    plan.probes.push_back(
        ImmediateInFolder("document.hash", copies[i],
                          [doc = sc.documents[i], copy = copies[i]](const std::string& dir) {
                            return ProbeDocument(doc, copy, dir);
                          }));
  }
  return plan;
}

}  // namespace pooltest
