// Internal to the planner: the pieces each area's planning shares, and one
// function per area (sites, UI, support). Split by area so each capability
// grows in its own file.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "harness/runner/plan.h"

namespace pooltest {

// Wraps a synchronous observation (a database lookup, a file hash) as a
// planned probe, so every observation flows through the runner and store.
PlannedProbe Immediate(std::string kind, std::string label, std::function<Observation()> fn);

// The same for one that keeps a file in the run's output folder (the
// probe context's evidence_dir, passed to `fn`).
PlannedProbe ImmediateInFolder(std::string kind, std::string label,
                               std::function<Observation(const std::string& evidence_dir)> fn);

// An observation that records why something declared could not be probed.
Observation Unsupported(const std::string& probe, const std::string& target,
                        const std::string& why);

// The addresses of a host: itself if a literal, else what resolution found.
std::vector<std::string> Resolve(const std::string& host, const AddressBook& book);

// One geo.lookup per geolocation database and one asn.lookup per ASN
// database for `address`, tagged with site and channel.
void PlanLookups(const std::string& site, const std::string& channel, const std::string& address,
                 const RunResources& res, Plan& plan);

void PlanSite(const Scenario& sc, const Site& site, const AddressBook& book,
              const RunResources& res, Plan& plan);
void PlanUi(const WebUi& ui, const AddressBook& book, const RunResources& res, Plan& plan);
// The support probes, and geolocation of every address the ticket API and
// mail servers resolved to: they are part of the complex R4.1 locates.
void PlanSupport(const Scenario& sc, const AddressBook& book, const RunResources& res, Plan& plan);

}  // namespace pooltest
