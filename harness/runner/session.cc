#include "harness/runner/session.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "checks/all_checks.h"
#include "core/sha256.h"
#include "harness/runner/act_printer.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/probing_phase.h"
#include "reports/act_data_used.h"
#include "reports/act_writer.h"
#include "reports/junit_xml.h"
#include "reports/results_json.h"

namespace pooltest {

std::string LocalVantage(const Scenario& scenario) {
  for (const VantagePoint& v : scenario.vantage_points) {
    if (v.local) return v.name;
  }
  return "local";
}

Result<SessionOutcome> RunSession(const Scenario& sc, const SessionOptions& options) {
  namespace fs = std::filesystem;
  Result<EvidenceStore> store = EvidenceStore::Create(options.out_dir);
  if (!store) return store.error();

  SessionOutcome out;
  RunRecord& rec = out.record;
  rec.harness_version = options.harness_version;
  rec.scenario = &sc;
  rec.vantage = LocalVantage(sc);
  rec.started = std::chrono::system_clock::now();

  // Keep the scenario exactly as run, next to its evidence.
  std::error_code ec;
  fs::path scenario_copy =
      fs::path(options.out_dir) / ("scenario" + fs::path(sc.source_path).extension().string());
  if (options.scenario_text.empty()) {
    fs::copy_file(sc.source_path, scenario_copy, fs::copy_options::overwrite_existing, ec);
  } else {
    std::ofstream copy(scenario_copy, std::ios::binary | std::ios::trunc);
    copy << options.scenario_text;
    copy.close();
    if (!copy) ec = std::make_error_code(std::errc::io_error);
  }
  if (ec) {
    out.warnings.push_back("could not copy the scenario into the output folder: " + ec.message());
  } else {
    out.files.push_back(scenario_copy.filename().string());
  }

  const auto& formats = sc.output.formats;
  auto wants = [&formats](const char* f) {
    return std::find(formats.begin(), formats.end(), f) != formats.end();
  };
  // Boots while the run probes; act.pdf is printed in it at the end.
  ActPrinter printer;
  if (wants("pdf")) printer.Start();

  RunOptions ro;
  ro.concurrency = sc.thresholds.concurrency;
  ro.probe_timeout = sc.thresholds.probe_timeout;
  ro.run_deadline = std::chrono::steady_clock::now() + sc.thresholds.run_timeout;
  ro.vantage = rec.vantage;
  ro.handle_signals = options.handle_signals;
  ro.evidence_dir = options.out_dir;
  if (sc.ui) ro.render_concurrency = sc.ui->render_concurrency;
  ro.on_progress = options.on_progress;
  // The runner outlives the writing of results.json and the act: work a
  // probe abandoned at the deadline (a page still being parsed) may hold a
  // thread of its pools, and joining them must not delay what the run wrote.
  Runner runner(ro, *store);
  if (runner.Execute(PlanResolution(sc))) {
    runner.SetTargets(TargetsFromResolution(sc, store->observations()));
    RunResources resources = OpenDataSources(sc);
    ExecuteProbing(runner, *store, sc, AddressesFrom(store->observations()), resources);
  }
  rec.interrupted = runner.interrupted();
  rec.deadline_hit = runner.deadline_hit();
  for (const std::string& e : runner.store_errors()) out.warnings.push_back(e);
  // The barrier: every observation the results and the act cite is on disk
  // (and the digest below covers all of them) before either is written.
  Status durable = store->Flush();
  if (!durable) out.warnings.push_back(durable.error().message);
  rec.finished = std::chrono::system_clock::now();
  rec.observations = store->observations().size();
  rec.evidence_file = fs::path(store->path()).filename().string();
  out.files.push_back(rec.evidence_file);
  Result<std::string> digest = Sha256File(store->path());
  if (digest) rec.evidence_sha256 = *digest;

  rec.checks = JudgeAll(CheckInput{sc, store->observations()});
  for (const Observation& o : store->observations())
    rec.probe_times[o.id] = {o.started, o.finished};
  rec.data_used = DataUsedSection(sc, store->observations());
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) == 0) rec.hostname = host;

  const fs::path dir(options.out_dir);
  Status st = WriteResultsJson(rec, (dir / "results.json").string());
  if (!st) return st.error();
  out.files.push_back("results.json");
  if (wants("junit")) {
    Status j = WriteJunitXml(rec, (dir / "junit.xml").string());
    if (j) {
      out.files.push_back("junit.xml");
    } else {
      out.warnings.push_back(j.error().message);
    }
  }
  // The act last: its manifest lists every file written before it.
  ActInput act;
  act.run = &rec;
  act.observations = &store->observations();
  act.out_dir = options.out_dir;
  act.scenario_copy = ec ? "" : scenario_copy.filename().string();
  act.lab = options.lab ? &*options.lab : nullptr;
  ActOptions act_options;
  act_options.html = wants("html");
  act_options.pdf = wants("pdf");
  act_options.signer = options.signer;
  if (options.lab) act_options.tsa = options.lab->tsa;
  act_options.print_pdf = [&printer](const std::string& html, const std::string& pdf,
                                     std::chrono::seconds timeout) {
    return printer.Print(html, pdf, timeout);
  };
  Result<ActOutcome> written = WriteAct(std::move(act), act_options);
  if (!written) return written.error();
  for (const std::string& f : written->files) out.files.push_back(f);
  for (const std::string& w : written->warnings) out.warnings.push_back(w);
  return out;
}

}  // namespace pooltest
