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
  Plan first = ui.NextWave(store.observations());
  plan.probes.insert(plan.probes.end(), first.probes.begin(), first.probes.end());
  bool ok = runner.Execute(std::move(plan));
  // Each later wave resolves one follow step or one crawl level; more than
  // this means a bug, and the crawl is then reported unfinished.
  const int max_waves = 2 * (sc.ui->crawl.depth + 1) + 2;
  bool finished = false;
  for (int i = 0; ok && i < max_waves; ++i) {
    Plan wave = ui.NextWave(store.observations());
    if (wave.probes.empty()) {
      finished = true;
      break;
    }
    ok = runner.Execute(std::move(wave));
  }
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
