// A plan is the list of probes a run executes, each a coroutine factory the
// runner calls with a ProbeContext. Planning decides *what* to observe; it
// never judges. A run has two phases: resolution (host names to addresses)
// and probing (everything else, on the resolved addresses).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "scenarios/host_name.h"  // IsIpLiteral, for the planner's parts
#include "scenarios/scenario.h"

namespace pooltest {

class GeoDatabase;
class AsnDatabase;

struct PlannedProbe {
  std::string kind;   // e.g. "stratum.handshake"
  std::string label;  // what the progress display shows, e.g. "primary/ch1 127.0.0.11:3333"
  std::function<boost::asio::awaitable<Observation>(ProbeContext)> run;
  // Overrides the run's per-probe timeout when non-zero: a support request
  // waits for its reply far longer than a TCP connect should.
  std::chrono::milliseconds timeout{0};
};

struct Plan {
  std::vector<PlannedProbe> probes;
};

// Databases opened once per run and shared by the lookup probes.
struct RunResources {
  std::vector<std::shared_ptr<GeoDatabase>> geo;
  std::vector<std::shared_ptr<AsnDatabase>> asn;
  std::vector<Observation> open_failures;  // one kError observation per unusable source
};

RunResources OpenDataSources(const Scenario& scenario);

// Host name -> addresses, from the resolution phase's observations.
using AddressBook = std::map<std::string, std::vector<std::string>>;

Plan PlanResolution(const Scenario& scenario);
AddressBook AddressesFrom(const std::vector<Observation>& observations);
Plan PlanProbes(const Scenario& scenario, const AddressBook& addresses,
                const RunResources& resources);

}  // namespace pooltest
