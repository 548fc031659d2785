#include <set>

#include "harness/runner/plan_parts.h"
#include "probes/geo/asn_lookup.h"
#include "probes/geo/geo_lookup.h"
#include "probes/stratum/stratum_probe.h"
#include "probes/tcp/tcp_connect_probe.h"

namespace pooltest {
namespace {

// One address of a site, tagged with the channel it belongs to (if any).
struct SiteAddress {
  std::string address;
  std::string channel;
};

std::vector<SiteAddress> AddressesOf(const Site& site, const AddressBook& book) {
  std::vector<SiteAddress> out;
  std::set<std::string> seen;
  for (const Channel& ch : site.channels) {
    for (const std::string& a : ch.addresses) {
      for (const std::string& ip : Resolve(a, book)) {
        if (seen.insert(ip).second) out.push_back({ip, ch.id});
      }
    }
  }
  for (const StratumEndpoint& ep : site.stratum) {
    for (const std::string& ip : Resolve(ep.host, book)) {
      if (seen.insert(ip).second) out.push_back({ip, ""});
    }
  }
  return out;
}

}  // namespace

void PlanLookups(const std::string& site, const std::string& channel, const std::string& address,
                 const RunResources& res, Plan& plan) {
  for (const auto& db : res.geo) {
    plan.probes.push_back(Immediate("geo.lookup", address, [db, address, site, channel] {
      Observation o = db->Lookup(address);
      o.site = site;
      o.channel = channel;
      return o;
    }));
  }
  for (const auto& db : res.asn) {
    plan.probes.push_back(Immediate("asn.lookup", address, [db, address, site, channel] {
      Observation o = db->Lookup(address);
      o.site = site;
      o.channel = channel;
      return o;
    }));
  }
}

void PlanSite(const Scenario& sc, const Site& site, const AddressBook& book,
              const RunResources& res, Plan& plan) {
  for (const SiteAddress& sa : AddressesOf(site, book)) {
    PlanLookups(site.id, sa.channel, sa.address, res, plan);
    for (const StratumEndpoint& ep : site.stratum) {
      std::string where = site.id + (sa.channel.empty() ? "" : "/" + sa.channel) + " " +
                          sa.address + ":" + std::to_string(ep.port);
      TcpTarget tcp{site.id, sa.channel, sa.address, ep.port, sc.thresholds.rtt_samples};
      plan.probes.push_back({"tcp.connect", where, [tcp](ProbeContext ctx) {
                               return ProbeTcpConnect(std::move(ctx), tcp);
                             }});
      StratumTarget st{site.id, sa.channel, ep.url,         sa.address,
                       ep.port, ep.tls,     sc.worker.user, sc.worker.password};
      plan.probes.push_back({"stratum.handshake", where, [st](ProbeContext ctx) {
                               return ProbeStratumHandshake(std::move(ctx), st);
                             }});
    }
  }
}

}  // namespace pooltest
