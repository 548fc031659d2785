// The one rule for every connection the harness makes towards the pool: it
// goes only to a destination the scenario declares — a host name or address
// written in the scenario, or an address that a declared host name resolved
// to in this run through the scenario's own resolution (never the
// machine's resolver). A pool that answers with a redirect, a link or a
// script pointing elsewhere cannot steer the harness there.
//
// A scenario may also name hosts a rendered UI page loads resources from
// (ui.allowed_hosts: a CDN). They are not part of the pool: Admit admits
// them, and the addresses they resolved to, only for Purpose::kPageResource
// (Chromium's requests for a page's scripts, styles, images), never for a
// connection to the pool (a page fetch, a redirect, the ticket API).
//
// Contract: Admit() is the only way to obtain a Destination, and every
// probe connects only to a Destination's addresses (curl_destination.h
// binds a libcurl handle to one; asio probes connect to its addresses).
// A refusal is a value naming the host and the reason, and says whose
// trouble it is: an undeclared host or a declared name the pool's DNS
// denies (NXDOMAIN, no address) is the pool's; a declared name the lab's
// resolver could not settle (timeout, SERVFAIL, refused) is the harness's.
// Immutable once built; safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pooltest {

struct Destination {
  std::string host;  // as normalised: lowercase, no trailing dot, IPv6 without brackets
  uint16_t port = 0;
  std::vector<std::string> addresses;  // canonical text form; a literal host: itself
  std::string resolved_by;             // how the addresses were found, for the evidence
  bool resource_only = false;          // admitted only as a page's resource (ui.allowed_hosts)
};

struct Refusal {
  std::string host;
  uint16_t port = 0;
  std::string reason;          // one sentence naming the host and why
  bool harness_fault = false;  // the lab's resolver failed, not the pool
};

// Admit's answer: a Destination, or why not.
struct Admission {
  bool admitted = false;
  Destination destination;
  Refusal refusal;
};

// What a connection is for: the pool itself, or a resource a rendered UI
// page loads, which may also come from a ui.allowed_hosts host.
enum class Purpose { kPool, kPageResource };

class TargetPolicy {
 public:
  // A host or address written in the scenario.
  void DeclareHost(std::string_view host);
  // A host a rendered page may load resources from (ui.allowed_hosts);
  // never part of the pool. A host declared both ways is the pool's.
  void DeclareResourceHost(std::string_view host);
  // This run's resolution of a declared name: its addresses (empty when it
  // failed), how they were found, and on failure why and whose fault.
  void AddResolution(std::string_view host, const std::vector<std::string>& addresses,
                     std::string resolved_by, std::string failure = "", bool harness_fault = false);

  // Every sub-domain of `base` (a declared host: the UI's, whose language
  // sub-domains are part of its declaration) is declared too, and reached
  // at `base`'s addresses.
  void DeclareSubdomainsOf(std::string_view base);

  // May the harness connect to host:port for `purpose`? A literal address
  // is admitted if declared or if a declared name resolved to it; a name
  // only if declared and resolved in this run. Resource hosts and their
  // addresses count only for Purpose::kPageResource.
  Admission Admit(std::string_view host, uint16_t port, Purpose purpose = Purpose::kPool) const;

  // Everything Admit would admit for `purpose`, for a client that must be
  // told in advance where names lead (Chromium's --host-resolver-rules):
  // each admitted name with the first address it resolved to ("*.base" for
  // the sub-domains of a base), and every admitted literal address.
  struct Reach {
    std::vector<std::pair<std::string, std::string>> names;
    std::vector<std::string> addresses;
  };
  Reach Reachable(Purpose purpose) const;

  // Lowercase, no trailing dot, brackets removed, addresses in canonical
  // form ("0:0::1" -> "::1").
  static std::string Normalise(std::string_view host);

 private:
  struct Resolution {
    std::vector<std::string> addresses;
    std::string resolved_by;
    std::string failure;
    bool harness_fault = false;
  };
  // Which names' resolutions count for `purpose`.
  bool Counts(const std::string& name, Purpose purpose) const;
  // A declared name (or, for kPageResource, a resource name) resolved to `address`.
  const std::string* ResolvedTo(const std::string& address, Purpose purpose) const;

  std::set<std::string> declared_;
  std::set<std::string> resource_;
  std::set<std::string> subdomain_bases_;
  std::map<std::string, Resolution> resolved_;
};

}  // namespace pooltest
