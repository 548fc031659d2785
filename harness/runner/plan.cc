#include "harness/runner/plan.h"

#include <arpa/inet.h>

#include <random>
#include <set>

#include "harness/runner/ui_requests.h"
#include "probes/dns/resolve_probe.h"
#include "probes/document/document_probe.h"
#include "probes/geo/asn_lookup.h"
#include "probes/geo/geo_lookup.h"
#include "probes/http/page_probe.h"
#include "probes/stratum/stratum_probe.h"
#include "probes/support/ticket_probe.h"
#include "probes/tcp/tcp_connect_probe.h"

namespace pooltest {
namespace {

// Wraps a synchronous observation (a database lookup, a file hash) as a
// planned probe, so every observation flows through the runner and store.
PlannedProbe Immediate(std::string kind, std::string label, std::function<Observation()> fn) {
  PlannedProbe p;
  p.kind = std::move(kind);
  p.label = std::move(label);
  p.run = [fn = std::move(fn)](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
    Observation o = fn();
    o.vantage = ctx.vantage;
    co_return o;
  };
  return p;
}

Observation Unsupported(const std::string& probe, const std::string& target,
                        const std::string& why) {
  Observation o;
  o.probe = probe;
  o.target = target;
  o.started = o.finished = std::chrono::system_clock::now();
  o.status = ProbeStatus::kError;
  o.detail = why;
  return o;
}

std::vector<std::string> Resolve(const std::string& host, const AddressBook& book) {
  if (IsIpLiteral(host)) return {host};
  auto it = book.find(host);
  return it == book.end() ? std::vector<std::string>{} : it->second;
}

std::string RunToken() {
  std::random_device rd;
  std::uniform_int_distribution<uint32_t> dist;
  char buf[32];
  std::snprintf(buf, sizeof buf, "PT-%08x%08x", dist(rd), dist(rd));
  return buf;
}

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

void PlanUi(const WebUi& ui, const AddressBook& book, const RunResources& res, Plan& plan) {
  for (const std::string& ip : Resolve(UrlHost(ui.base_url), book)) {
    PlanLookups("ui", "", ip, res, plan);
  }
  if (ui.render) {
    plan.probes.push_back(Immediate("ui.render", ui.base_url, [] {
      return Unsupported("ui.render", "chromium",
                         "rendering pages with headless Chromium is not available in this "
                         "version; pages were fetched without running JavaScript");
    }));
  }
  for (const std::string& page : ui.pages) {
    for (const LanguageVariant& v : ui.languages) {
      Result<UiRequest> req = BuildUiRequest(ui, v, page);
      if (!req) {
        std::string why = req.error().message;
        plan.probes.push_back(
            Immediate("ui.page", page, [why] { return Unsupported("ui.page", "", why); }));
        continue;
      }
      PageTarget t{page, v.lang, req->url, req->headers, ui.verify_tls};
      plan.probes.push_back({"ui.page", v.lang + " " + req->url,
                             [t](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
                               Observation o = co_await ProbeUiPage(std::move(ctx), t);
                               // The check groups by declared page and language, whatever the URL.
                               o.data["page"] = t.page;
                               o.data["lang"] = t.lang;
                               co_return o;
                             }});
    }
  }
}

void PlanSupport(const Scenario& sc, Plan& plan) {
  const std::string token = RunToken();
  for (const SupportChannel& ch : sc.support) {
    if (ch.kind == SupportChannel::Kind::kEmail) {
      std::string name = ch.name;
      plan.probes.push_back(Immediate("support.email", name, [name] {
        return Unsupported("support.email", name,
                           "e-mail support channels are probed by the support campaign "
                           "(pooltest campaign), not by a single run");
      }));
      continue;
    }
    TicketTarget t{ch, token, sc.thresholds.support_probe_window};
    plan.probes.push_back({"support.ticket", ch.name,
                           [t](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
                             Observation o = co_await ProbeSupportTicket(std::move(ctx), t);
                             o.data["channel"] = t.channel.name;
                             co_return o;
                           },
                           // Room to create the ticket and poll once more after the window.
                           t.wait + sc.thresholds.probe_timeout});
  }
}

}  // namespace

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

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
  std::set<std::string> hosts;
  for (const Site& site : sc.sites) {
    for (const Channel& ch : site.channels) {
      for (const std::string& a : ch.addresses) {
        if (!IsIpLiteral(a)) hosts.insert(a);
      }
    }
    for (const StratumEndpoint& ep : site.stratum) {
      if (!IsIpLiteral(ep.host)) hosts.insert(ep.host);
    }
  }
  if (sc.ui) {
    std::string h = UrlHost(sc.ui->base_url);
    if (!h.empty() && !IsIpLiteral(h)) hosts.insert(h);
  }
  Plan plan;
  for (const std::string& h : hosts) {
    plan.probes.push_back(
        {"dns.resolve", h, [h](ProbeContext ctx) { return ProbeResolve(std::move(ctx), h); }});
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
  PlanSupport(sc, plan);
  for (const AttestedDocument& doc : sc.documents) {
    plan.probes.push_back(
        Immediate("document.hash", doc.file, [doc] { return ProbeDocument(doc); }));
  }
  return plan;
}

}  // namespace pooltest
