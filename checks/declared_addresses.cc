#include "checks/declared_addresses.h"

#include <arpa/inet.h>

#include <set>

#include "core/data_fields.h"

namespace pooltest {
namespace {

std::string Unbracketed(const std::string& s) {
  return s.size() > 2 && s.front() == '[' && s.back() == ']' ? s.substr(1, s.size() - 2) : s;
}

// The canonical text of an address literal, so "::0001" and "::1" match.
std::string Canonical(const std::string& s) {
  const std::string a = Unbracketed(s);
  unsigned char b[16];
  char text[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, a.c_str(), b) == 1 && inet_ntop(AF_INET, b, text, sizeof text))
    return text;
  if (inet_pton(AF_INET6, a.c_str(), b) == 1 && inet_ntop(AF_INET6, b, text, sizeof text))
    return text;
  return a;
}

const Observation* ResolutionOf(const CheckInput& in, const std::string& host) {
  const Observation* last = nullptr;
  for (const Observation* o : in.Select("dns.resolve"))
    if (o->target == host) last = o;
  return last;
}

void AddSite(const CheckInput& in, const Site& site, SiteDeclarations& out) {
  std::set<std::string> seen_addresses, seen_hosts;
  auto declare = [&](const std::string& declared, const std::string& channel) {
    if (IsAddressLiteral(declared)) {
      const std::string a = Canonical(declared);
      if (seen_addresses.insert(a).second) out.addresses.push_back({site.id, channel, a, declared});
      return;
    }
    if (!seen_hosts.insert(declared).second) return;
    const Observation* o = ResolutionOf(in, declared);
    std::vector<std::string> found;
    if (o != nullptr && o->status == ProbeStatus::kOk) {
      for (const nlohmann::json& a : ArrayField(o->data, "addresses"))
        if (a.is_string() && IsAddressLiteral(a.get<std::string>()))
          found.push_back(Canonical(a.get<std::string>()));
    }
    if (found.empty()) {
      out.unresolved.push_back({site.id, declared, o ? o->id : ""});
      return;
    }
    for (const std::string& a : found)
      if (seen_addresses.insert(a).second) out.addresses.push_back({site.id, channel, a, declared});
  };
  for (const Channel& ch : site.channels)
    for (const std::string& a : ch.addresses) declare(a, ch.id);
  for (const StratumEndpoint& ep : site.stratum) declare(ep.host, "");
}

}  // namespace

bool IsAddressLiteral(const std::string& s) {
  const std::string a = Unbracketed(s);
  unsigned char b[16];
  return inet_pton(AF_INET, a.c_str(), b) == 1 || inet_pton(AF_INET6, a.c_str(), b) == 1;
}

SiteDeclarations DeclaredAddressesOf(const CheckInput& in, const std::string* site) {
  SiteDeclarations out;
  for (const Site& s : in.scenario.sites)
    if (site == nullptr || s.id == *site) AddSite(in, s, out);
  return out;
}

std::vector<std::string> MissingLookups(const CheckInput& in, DataSource::Kind kind,
                                        const char* probe, const std::string& address) {
  std::set<std::string> looked_up;
  for (const Observation* o : in.Select(probe))
    if (Canonical(o->target) == address) looked_up.insert(StringField(o->data, "database"));
  std::vector<std::string> missing;
  for (const DataSource& ds : in.scenario.data_sources)
    if (ds.kind == kind && !looked_up.count(ds.name)) missing.push_back(ds.name);
  return missing;
}

std::string MissingLookup::DatabaseList() const {
  std::string list;
  for (const std::string& d : databases) list += (list.empty() ? "" : ", ") + d;
  return list;
}

std::vector<MissingLookup> AddressesWithoutLookups(const CheckInput& in, DataSource::Kind kind,
                                                   const char* probe, const std::string* site) {
  std::vector<MissingLookup> out;
  for (const DeclaredAddress& d : DeclaredAddressesOf(in, site).addresses) {
    std::vector<std::string> missing = MissingLookups(in, kind, probe, d.address);
    if (!missing.empty()) out.push_back({d, std::move(missing)});
  }
  return out;
}

}  // namespace pooltest
