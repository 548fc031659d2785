#include "harness/runner/declared_targets.h"

#include <algorithm>
#include <atomic>
#include <set>

#include "harness/runner/ui_requests.h"
#include "probes/dns/ares_resolve.h"
#include "scenarios/host_name.h"

namespace pooltest {
namespace {

// Whose fault a failed dns.resolve is. The pool's DNS said the name has no
// address (NXDOMAIN, NOERROR with no records): the pool's. The lab's
// resolver gave no usable answer (timeout, SERVFAIL, REFUSED, bad
// settings): the harness's own trouble.
bool ResolverFault(const Observation& o) {
  if (o.status == ProbeStatus::kTimeout || o.status == ProbeStatus::kError ||
      o.status == ProbeStatus::kCancelled)
    return true;
  const auto rc = o.data.find("rcode");
  const std::string rcode = rc != o.data.end() && rc->is_string() ? rc->get<std::string>() : "";
  return !(rcode == "NXDOMAIN" || rcode == "NOERROR");
}

std::string Servers(const Observation& o) {
  std::string out;
  auto it = o.data.find("answered_by");
  if (it == o.data.end() || !it->is_array() || it->empty()) it = o.data.find("servers");
  if (it == o.data.end() || !it->is_array()) return out;
  for (const auto& s : *it) {
    if (s.is_string()) out += (out.empty() ? "" : ", ") + s.get<std::string>();
  }
  return out;
}

}  // namespace

std::vector<std::string> SupportChannelHosts(const SupportChannel& ch) {
  std::vector<std::string> hosts;
  if (ch.kind == SupportChannel::Kind::kTicketApi) {
    for (const std::string* u : {&ch.ticket.create_url, &ch.ticket.poll_url, &ch.ticket.lookup_url})
      if (!u->empty()) hosts.push_back(UrlTemplateHost(*u));
  } else {
    hosts = {UrlHost(ch.email.smtp_url), UrlHost(ch.email.imap_url)};
  }
  return hosts;
}

std::vector<std::string> DeclaredHosts(const Scenario& sc) {
  std::set<std::string> hosts;
  auto add = [&hosts](const std::string& h) {
    if (!h.empty()) hosts.insert(TargetPolicy::Normalise(h));
  };
  for (const Site& site : sc.sites) {
    for (const Channel& ch : site.channels) {
      for (const std::string& a : ch.addresses) add(a);
    }
    for (const StratumEndpoint& ep : site.stratum) add(ep.host);
  }
  if (sc.ui) add(UrlHost(sc.ui->base_url));
  for (const SupportChannel& ch : sc.support) {
    for (const std::string& h : SupportChannelHosts(ch)) add(h);
  }
  return {hosts.begin(), hosts.end()};
}

std::vector<std::string> ResourceHosts(const Scenario& sc) {
  std::set<std::string> hosts;
  if (sc.ui)
    for (const std::string& h : sc.ui->allowed_hosts)
      if (!h.empty()) hosts.insert(TargetPolicy::Normalise(h));
  return {hosts.begin(), hosts.end()};
}

std::vector<std::string> NamesToResolve(const Scenario& sc) {
  std::set<std::string> names;
  for (const auto& list : {DeclaredHosts(sc), ResourceHosts(sc)})
    for (const std::string& h : list)
      if (!IsIpLiteral(h)) names.insert(h);
  return {names.begin(), names.end()};
}

namespace {

// One name's resolution as the policy keeps it.
struct Resolved {
  std::string host;
  std::vector<std::string> addresses;
  std::string via, failure;
  bool harness_fault = false;
};

std::shared_ptr<const TargetPolicy> Build(const Scenario& sc, const std::vector<Resolved>& all) {
  auto policy = std::make_shared<TargetPolicy>();
  for (const std::string& h : DeclaredHosts(sc)) policy->DeclareHost(h);
  for (const std::string& h : ResourceHosts(sc)) policy->DeclareResourceHost(h);
  const std::string base = sc.ui ? TargetPolicy::Normalise(UrlHost(sc.ui->base_url)) : "";
  for (const Resolved& r : all)
    policy->AddResolution(r.host, r.addresses, r.via, r.failure, r.harness_fault);
  // Language sub-domains (declared variants and those a followed link
  // leads to) are part of the UI's declaration, reached at its addresses.
  if (sc.ui && !IsIpLiteral(base)) policy->DeclareSubdomainsOf(base);
  return policy;
}

}  // namespace

std::shared_ptr<const TargetPolicy> TargetsFromResolution(
    const Scenario& sc, const std::vector<Observation>& observations) {
  std::vector<Resolved> all;
  for (const Observation& o : observations) {
    if (o.probe != "dns.resolve") continue;
    Resolved r;
    r.host = o.target;
    if (o.status == ProbeStatus::kOk) {
      for (const auto& a : o.data.value("addresses", nlohmann::json::array())) {
        if (a.is_string()) r.addresses.push_back(a.get<std::string>());
      }
    }
    const std::string servers = Servers(o);
    r.via = "dns.resolve " + o.id + (servers.empty() ? "" : " (" + servers + ")");
    r.harness_fault = ResolverFault(o);
    r.failure =
        (o.detail.empty() ? "resolution failed" : o.detail) +
        (r.harness_fault ? " (the lab's resolver gave no usable answer; not the pool's fault)"
                         : " (the pool's DNS has no address for it)");
    all.push_back(std::move(r));
  }
  return Build(sc, all);
}

std::shared_ptr<const TargetPolicy> ResolveTargetsNow(const Scenario& sc,
                                                      std::vector<Observation>* resolutions) {
  std::vector<Observation> found;
  const std::atomic<bool> never{false};
  const auto per_name =
      sc.dns.timeout * sc.dns.tries * static_cast<int>(std::max<size_t>(1, sc.dns.servers.size())) +
      std::chrono::seconds(1);
  int n = 0;
  for (const std::string& h : DeclaredHosts(sc)) {
    if (IsIpLiteral(h)) continue;
    Observation o = ResolveWithAres(h, sc.dns, std::chrono::steady_clock::now() + per_name, never);
    o.id = "campaign-dns-" + std::to_string(++n);
    found.push_back(std::move(o));
  }
  auto policy = TargetsFromResolution(sc, found);
  if (resolutions) *resolutions = std::move(found);
  return policy;
}

std::shared_ptr<const TargetPolicy> TargetsFromAddressBook(const Scenario& sc,
                                                           const AddressBook& book) {
  std::vector<Resolved> all;
  for (const auto& [host, addresses] : book)
    all.push_back({host, addresses, "addresses given with the run", "no address given", false});
  return Build(sc, all);
}

}  // namespace pooltest
