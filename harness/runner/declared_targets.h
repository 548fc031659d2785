// Where a run may connect: every host and address the scenario declares
// (stratum endpoints, channel addresses, the UI's base URL and its language
// sub-domains, the ticket API's URLs, the e-mail servers), and, once the
// resolution phase is over, the TargetPolicy built from them and from this
// run's dns.resolve observations. The resolution phase resolves exactly the
// names DeclaredHosts and ResourceHosts list, so nothing the policy admits
// was resolved by anyone but the scenario's own DNS. Resource hosts
// (ui.allowed_hosts) enter the policy as resource-only: a rendered page may
// load from them, no probe may treat them as the pool.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/observation.h"
#include "harness/runner/plan.h"
#include "probes/common/target_policy.h"
#include "scenarios/scenario.h"

namespace pooltest {

// The hosts one support channel connects to: the ticket API's URLs, or the
// SMTP and IMAP servers.
std::vector<std::string> SupportChannelHosts(const SupportChannel& channel);

// Every host name and IP literal the scenario declares, sorted, unique.
std::vector<std::string> DeclaredHosts(const Scenario& scenario);

// The hosts a rendered UI page may load resources from (ui.allowed_hosts),
// normalised, sorted, unique; not part of the pool.
std::vector<std::string> ResourceHosts(const Scenario& scenario);

// Every name the resolution phase resolves: DeclaredHosts and ResourceHosts
// without the IP literals, sorted, unique.
std::vector<std::string> NamesToResolve(const Scenario& scenario);

// The policy for the probing phase: DeclaredHosts and (resource-only)
// ResourceHosts, with each name's addresses from `observations` (its
// dns.resolve). Sub-domains of the UI's
// host (its language sub-domains, declared or reached by a followed link)
// are reached at the UI host's addresses, as scenarios/README.md says.
// A failed resolution is kept with its reason and whose fault it is:
// NXDOMAIN or an empty answer is the pool's, a timeout, SERVFAIL or refusal
// the lab resolver's.
std::shared_ptr<const TargetPolicy> TargetsFromResolution(
    const Scenario& scenario, const std::vector<Observation>& observations);

// The same from addresses already known (host -> addresses), for callers
// that hold an AddressBook rather than the resolution's observations; a
// declared name missing from `book` is refused as not resolved.
std::shared_ptr<const TargetPolicy> TargetsFromAddressBook(const Scenario& scenario,
                                                           const AddressBook& book);

// For blocking callers (the support campaign): resolves every declared name
// now through the scenario's DNS, one after another, and builds the policy
// from the answers. `resolutions` (may be null) receives the dns.resolve
// observations, for the caller to report.
std::shared_ptr<const TargetPolicy> ResolveTargetsNow(const Scenario& scenario,
                                                      std::vector<Observation>* resolutions);

}  // namespace pooltest
