#include "harness/runner/probing_phase.h"

#include "harness/runner/plan_parts.h"
#include "harness/runner/ui_explorer.h"
#include "harness/runner/ui_requests.h"

namespace pooltest {

bool ExecuteProbing(Runner& runner, const EvidenceStore& store, const Scenario& sc,
                    const AddressBook& book, const RunResources& resources) {
  Plan plan = PlanProbes(sc, book, resources);
  if (!sc.ui) return runner.Execute(std::move(plan));
  UiExplorer ui(*sc.ui);
  // Each wave after the first resolves one follow step or one crawl level;
  // more than this means a bug, and the crawl is then reported unfinished.
  const int max_waves = 2 * (sc.ui->crawl.depth + 1) + 2;
  int waves = 0;
  bool finished = false;
  auto next_wave = [&]() -> Plan {
    if (waves++ > max_waves) return {};
    Plan wave = ui.NextWave(store.observations());
    if (wave.probes.empty()) finished = true;
    return wave;
  };
  // The UI's waves run alongside the rest of the plan: a page found by the
  // crawl does not wait for the support desk's reply.
  bool ok = runner.Execute(std::move(plan), next_wave);
  if (ui.crawling()) {
    Observation record = ui.CrawlRecord(finished && ok);
    Plan last;
    last.probes.push_back(Immediate("ui.crawl", sc.ui->base_url, [record] {
      Observation o = record;
      o.started = o.finished = std::chrono::system_clock::now();
      return o;
    }));
    ok = runner.Execute(std::move(last)) && ok;
  }
  return ok;
}

}  // namespace pooltest
