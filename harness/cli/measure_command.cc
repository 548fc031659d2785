// `pooltest measure SCENARIO --vantage NAME --out FILE`: runs only the
// latency probes (TCP connect and stratum round trip to every site address)
// from here and writes a pooltest measurements file, to be imported by a run
// elsewhere through the scenario's `measurements` section.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/scenario_variables.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/install_paths.h"
#include "harness/runner/plan_latency.h"
#include "harness/runner/runner.h"
#include "probes/location/measurement_import.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {

int MeasureCommand(const MeasureArgs& args) {
  LoadOptions options = ScenarioLoadOptions();
  LoadOutcome lo = LoadScenarioFile(args.scenario, options);
  for (const Diagnostic& d : lo.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
  if (!lo.ok()) return kExitScenarioError;
  const Scenario& sc = *lo.scenario;
  const VantagePoint* vantage = nullptr;
  for (const VantagePoint& v : sc.vantage_points)
    if (v.name == args.vantage) vantage = &v;
  if (vantage == nullptr) {
    std::cerr << "pooltest measure: the scenario declares no vantage point '" << args.vantage
              << "'; add it under vantage_points with its latitude and longitude\n";
    return kExitScenarioError;
  }
  // The probes' evidence is kept next to the measurements file.
  const std::string evidence_dir = args.out + ".evidence";
  Result<EvidenceStore> store = EvidenceStore::Create(evidence_dir);
  if (!store) {
    std::cerr << "pooltest measure: " << store.error().message << "\n";
    return kExitHarnessError;
  }
  RunOptions ro;
  ro.concurrency = sc.thresholds.concurrency;
  ro.probe_timeout = sc.thresholds.probe_timeout;
  ro.run_deadline = std::chrono::steady_clock::now() + sc.thresholds.run_timeout;
  ro.vantage = vantage->name;
  ro.handle_signals = true;
  const auto taken = std::chrono::system_clock::now();
  bool complete = false;
  {
    Runner runner(ro, *store);
    if (runner.Execute(PlanResolution(sc))) {
      runner.SetTargets(TargetsFromResolution(sc, store->observations()));
      complete = runner.Execute(PlanLatency(sc, AddressesFrom(store->observations())));
    }
  }
  // The measurements cite the evidence file: it is complete on disk first.
  if (Status durable = store->Flush(); !durable) {
    std::cerr << "pooltest measure: " << durable.error().message << "\n";
  }
  nlohmann::json doc = {{"format", kMeasurementsFormat},
                        {"scenario", sc.name},
                        {"scenario_sha256", sc.sha256},
                        {"vantage",
                         {{"name", vantage->name},
                          {"latitude", vantage->latitude},
                          {"longitude", vantage->longitude}}},
                        {"taken", FormatUtc(taken)},
                        {"complete", complete},
                        {"evidence", store->path()},
                        {"measurements", nlohmann::json::array()}};
  size_t ok = 0;
  for (const Observation& o : store->observations()) {
    if (o.probe != "tcp.connect" && o.probe != "latency.stratum") continue;
    doc["measurements"].push_back(MeasurementEntry(o));
    ok += o.status == ProbeStatus::kOk;
  }
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  out << doc.dump(2) << "\n";
  if (!out) {
    std::cerr << "pooltest measure: cannot write " << args.out << "\n";
    return kExitHarnessError;
  }
  std::cout << args.out << ": " << doc["measurements"].size() << " measurements (" << ok
            << " answered) from " << vantage->name << "\n";
  if (!complete) return kExitInterrupted;
  return kExitPositive;
}

}  // namespace pooltest
