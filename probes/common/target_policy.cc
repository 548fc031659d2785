#include "probes/common/target_policy.h"

#include <arpa/inet.h>

#include <algorithm>

namespace pooltest {
namespace {

// The canonical text of an IP literal, or "" when `s` is not one.
std::string CanonicalAddress(const std::string& s) {
  unsigned char buf[16];
  char text[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1)
    return inet_ntop(AF_INET, buf, text, sizeof text) ? text : "";
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1)
    return inet_ntop(AF_INET6, buf, text, sizeof text) ? text : "";
  return "";
}

}  // namespace

std::string TargetPolicy::Normalise(std::string_view host) {
  std::string h(host);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (std::string a = CanonicalAddress(h); !a.empty()) return a;
  std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

void TargetPolicy::DeclareHost(std::string_view host) {
  std::string h = Normalise(host);
  if (!h.empty()) declared_.insert(std::move(h));
}

void TargetPolicy::DeclareResourceHost(std::string_view host) {
  std::string h = Normalise(host);
  if (!h.empty()) resource_.insert(std::move(h));
}

void TargetPolicy::AddResolution(std::string_view host, const std::vector<std::string>& addresses,
                                 std::string resolved_by, std::string failure, bool harness_fault) {
  Resolution& r = resolved_[Normalise(host)];
  for (const std::string& a : addresses) {
    std::string c = CanonicalAddress(a);
    if (c.empty() || std::find(r.addresses.begin(), r.addresses.end(), c) != r.addresses.end())
      continue;
    r.addresses.push_back(c);
  }
  if (r.resolved_by.empty()) r.resolved_by = std::move(resolved_by);
  if (r.addresses.empty()) {
    r.failure = std::move(failure);
    r.harness_fault = harness_fault;
  }
}

void TargetPolicy::DeclareSubdomainsOf(std::string_view base) {
  std::string b = Normalise(base);
  if (!b.empty() && CanonicalAddress(b).empty()) subdomain_bases_.insert(std::move(b));
}

bool TargetPolicy::Counts(const std::string& name, Purpose purpose) const {
  return declared_.count(name) > 0 ||
         (purpose == Purpose::kPageResource && resource_.count(name) > 0);
}

const std::string* TargetPolicy::ResolvedTo(const std::string& address, Purpose purpose) const {
  // Only declared names count: an address some other name resolved to
  // was never declared, and a resource host's addresses are not the pool's.
  for (const auto& [name, r] : resolved_) {
    if (Counts(name, purpose) &&
        std::find(r.addresses.begin(), r.addresses.end(), address) != r.addresses.end())
      return &name;
  }
  return nullptr;
}

Admission TargetPolicy::Admit(std::string_view host, uint16_t port, Purpose purpose) const {
  Admission a;
  const std::string h = Normalise(host);
  a.refusal.host = h;
  a.refusal.port = port;
  if (h.empty()) {
    a.refusal.reason = "no host given";
    return a;
  }
  const char* kResourceOnly =
      " is declared only for resources the UI's rendered pages load (ui.allowed_hosts), not as "
      "part of the pool";
  const bool literal = !CanonicalAddress(h).empty();
  if (literal) {
    if (declared_.count(h) || ResolvedTo(h, Purpose::kPool)) {
      a.admitted = true;
      a.destination = {h, port, {h}, declared_.count(h) ? "declared address" : "resolved address"};
      return a;
    }
    const std::string* resource_name = ResolvedTo(h, Purpose::kPageResource);
    const bool resource = resource_.count(h) > 0 || resource_name != nullptr;
    if (resource && purpose == Purpose::kPageResource) {
      a.admitted = true;
      a.destination = {h,
                       port,
                       {h},
                       resource_.count(h) ? "declared resource address (ui.allowed_hosts)"
                                          : "an address of resource host " + *resource_name +
                                                " (ui.allowed_hosts)",
                       true};
      return a;
    }
    a.refusal.reason =
        resource ? "address " + h + kResourceOnly
                 : "address " + h +
                       " is not declared in the scenario and no declared host name resolved to it "
                       "in this run";
    return a;
  }
  std::string key = h;
  bool resource_only = false;
  if (declared_.count(h) == 0) {
    for (const std::string& base : subdomain_bases_) {
      if (h.size() > base.size() + 1 && h.compare(h.size() - base.size(), base.size(), base) == 0 &&
          h[h.size() - base.size() - 1] == '.')
        key = base;
    }
    if (key == h && resource_.count(h)) {
      if (purpose != Purpose::kPageResource) {
        a.refusal.reason = "host " + h + kResourceOnly;
        return a;
      }
      resource_only = true;
    } else if (key == h) {
      a.refusal.reason = "host " + h + " is not declared in the scenario";
      return a;
    }
  }
  auto it = resolved_.find(key);
  if (it == resolved_.end()) {
    a.refusal.reason = "declared host " + key + " was not resolved in this run";
    a.refusal.harness_fault = true;
    return a;
  }
  if (it->second.addresses.empty()) {
    a.refusal.reason = "declared host " + key + " has no address: " +
                       (it->second.failure.empty() ? "resolution found none" : it->second.failure);
    a.refusal.harness_fault = it->second.harness_fault;
    return a;
  }
  a.admitted = true;
  a.destination = {h, port, it->second.addresses,
                   resource_only ? "resource host (ui.allowed_hosts); " + it->second.resolved_by
                   : key == h    ? it->second.resolved_by
                                 : "the addresses of " + key + " (a sub-domain of the UI's host; " +
                                    it->second.resolved_by + ")",
                   resource_only};
  return a;
}

TargetPolicy::Reach TargetPolicy::Reachable(Purpose purpose) const {
  Reach reach;
  std::set<std::string> addresses;
  for (const std::string& h : declared_)
    if (!CanonicalAddress(h).empty()) addresses.insert(h);
  if (purpose == Purpose::kPageResource)
    for (const std::string& h : resource_)
      if (!CanonicalAddress(h).empty()) addresses.insert(h);
  for (const auto& [name, r] : resolved_) {
    if (!Counts(name, purpose) || r.addresses.empty()) continue;
    reach.names.emplace_back(name, r.addresses.front());
    if (subdomain_bases_.count(name)) reach.names.emplace_back("*." + name, r.addresses.front());
    addresses.insert(r.addresses.begin(), r.addresses.end());
  }
  reach.addresses.assign(addresses.begin(), addresses.end());
  return reach;
}

}  // namespace pooltest
