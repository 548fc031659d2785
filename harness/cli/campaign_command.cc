// `pooltest campaign start|resume|status|report`: the 24/7 support campaign
// (R4.5) over days, durable in a SQLite database. start plans the window from
// a seed and runs it; resume continues a stopped or killed campaign; status
// shows progress at a glance; report prints the week grid (or JSON). While
// start/resume run, --metrics-listen and --metrics-textfile expose progress
// as Prometheus metrics (harness/campaign/campaign_metrics.h).
#include <csignal>
#include <cstdio>
#include <iostream>

#include "checks/finding_catalogue.h"
#include "checks/support_campaign_binding.h"
#include "core/time_format.h"
#include "harness/campaign/campaign_challenges.h"
#include "harness/campaign/campaign_channels.h"
#include "harness/campaign/campaign_clock.h"
#include "harness/campaign/campaign_metrics.h"
#include "harness/campaign/campaign_plan.h"
#include "harness/campaign/campaign_report.h"
#include "harness/campaign/campaign_runner.h"
#include "harness/campaign/campaign_store.h"
#include "harness/campaign/metrics_endpoint.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/scenario_variables.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/install_paths.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

constexpr auto kTransferTimeout = std::chrono::seconds(20);

// A signal handler can only reach static storage; this is the one flag it sets.
std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) { g_stop.store(true); }

Result<Scenario> LoadScenario(const std::string& path) {
  LoadOptions opts = ScenarioLoadOptions();
  LoadOutcome out = LoadScenarioFile(path, opts);
  // Only errors: warnings about other clauses do not concern the campaign.
  for (const Diagnostic& d : out.diagnostics)
    if (d.severity == Diagnostic::Severity::kError) std::cerr << FormatDiagnostic(d) << "\n";
  if (!out.scenario) return Error{"scenario " + path + " is not valid (see above)"};
  return std::move(*out.scenario);
}

Result<std::unique_ptr<CampaignClock>> MakeClock(const CampaignArgs& a,
                                                 system_clock::time_point start) {
  if (a.clock_file.empty()) return std::unique_ptr<CampaignClock>(new SystemCampaignClock());
  auto c = FileCampaignClock::Open(a.clock_file, start);
  if (!c) return c.error();
  return std::unique_ptr<CampaignClock>(new FileCampaignClock(std::move(*c)));
}

// Where the campaign's progress goes as Prometheus metrics: the endpoint
// and/or the textfile. Rendered at most every kMetricsEvery of real time
// while the runner works (a virtual clock runs a week in seconds), and once
// more at the end from the database.
class MetricsSink {
 public:
  static Result<std::unique_ptr<MetricsSink>> Open(const CampaignArgs& a) {
    auto sink = std::make_unique<MetricsSink>();
    sink->textfile_ = a.metrics_textfile;
    if (!a.metrics_listen.empty()) {
      auto where = ParseListenAddress(a.metrics_listen);
      if (!where) return Error{"--metrics-listen: " + where.error().message};
      auto endpoint = MetricsEndpoint::Start(where->first, where->second);
      if (!endpoint) return endpoint.error();
      sink->endpoint_ = std::move(*endpoint);
      sink->url_ =
          "http://" +
          (where->first.find(':') != std::string::npos ? "[" + where->first + "]" : where->first) +
          ":" + std::to_string(sink->endpoint_->port()) + "/metrics";
    }
    return sink;
  }
  const std::string& url() const { return url_; }

  void Progress(const CampaignMeta& m, const std::vector<RequestRow>& rows, bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < kMetricsEvery) return;
    last_ = now;
    const std::string text = CampaignMetricsText(m, rows);
    if (endpoint_) endpoint_->Publish(text);
    if (!textfile_.empty()) {
      Status s = WriteMetricsTextfile(textfile_, text);
      // Said once: a monitoring file that cannot be written must not stop
      // the campaign, nor fill its log.
      if (!s && !warned_) std::cerr << "pooltest campaign: warning: " << s.error().message << "\n";
      warned_ = warned_ || !s;
    }
  }

 private:
  static constexpr auto kMetricsEvery = std::chrono::milliseconds(500);
  std::unique_ptr<MetricsEndpoint> endpoint_;
  std::string textfile_;
  std::string url_;
  std::chrono::steady_clock::time_point last_{};
  bool warned_ = false;
};

int Run(CampaignStore& store, const CampaignArgs& a, system_clock::time_point clock_start) {
  auto scenario = LoadScenario(store.meta().scenario_path);
  if (!scenario) {
    std::cerr << "pooltest campaign: " << scenario.error().message << "\n";
    return kExitScenarioError;
  }
  // A resumed campaign keeps testing what it started on: a scenario whose
  // support endpoints or BIN changed would mix two desks in one week.
  if (store.meta().fingerprint.is_object()) {
    nlohmann::json started = store.meta().fingerprint;
    started["scenario_sha256"] = scenario->sha256;  // edits elsewhere in the file are fine here
    const std::vector<nlohmann::json> diffs = CampaignFingerprintDifferences(started, *scenario);
    if (!diffs.empty()) {
      std::cerr << "pooltest campaign: " << store.meta().scenario_path
                << " no longer declares what this campaign tests: " << RenderPart(diffs.front())
                << "; restore it, or start a new campaign\n";
      return kExitScenarioError;
    }
  }
  // Every request of the campaign goes to the scenario's declared hosts as
  // its own DNS resolves them, as in `pooltest run`.
  std::vector<Observation> resolutions;
  auto targets = ResolveTargetsNow(*scenario, &resolutions);
  for (const Observation& r : resolutions) {
    if (r.status != ProbeStatus::kOk)
      std::cerr << "pooltest campaign: warning: " << r.target << " did not resolve (" << r.detail
                << "); requests to it are refused and recorded as failed\n";
  }
  auto channels = MakeCampaignChannels(*scenario, kTransferTimeout, targets);
  if (!channels) {
    std::cerr << "pooltest campaign: " << channels.error().message << "\n";
    return kExitScenarioError;
  }
  auto clock = MakeClock(a, clock_start);
  if (!clock) {
    std::cerr << "pooltest campaign: " << clock.error().message << "\n";
    return kExitHarnessError;
  }
  std::unique_ptr<MetricsSink> metrics;
  if (!a.metrics_listen.empty() || !a.metrics_textfile.empty()) {
    auto sink = MetricsSink::Open(a);
    if (!sink) {
      std::cerr << "pooltest campaign: " << sink.error().message << "\n";
      return kExitHarnessError;
    }
    metrics = std::move(*sink);
    if (!metrics->url().empty()) std::cout << "metrics: " << metrics->url() << std::endl;
  }
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  CampaignRunOptions opts;
  opts.stop = &g_stop;
  if (metrics) {
    opts.progress = [&metrics](const CampaignMeta& m, const std::vector<RequestRow>& rows) {
      metrics->Progress(m, rows, false);
    };
  }
  auto res = RunCampaign(store, *channels, **clock, opts);
  if (metrics) {
    auto rows = store.Requests();
    if (rows) metrics->Progress(store.meta(), *rows, true);
  }
  if (!res) {
    std::cerr << "pooltest campaign: " << res.error().message << "\n";
    return kExitHarnessError;
  }
  if (!res->finished) {
    std::cerr << "pooltest campaign: stopped; continue with: pooltest campaign resume --db "
              << store.path() << "\n";
    return kExitInterrupted;
  }
  if (!a.quiet)
    std::cout << "campaign finished; see: pooltest campaign report --db " << store.path() << "\n";
  return kExitPositive;
}

int Start(const CampaignArgs& a) {
  auto scenario = LoadScenario(a.scenario);
  if (!scenario) {
    std::cerr << "pooltest campaign start: " << scenario.error().message << "\n";
    return kExitScenarioError;
  }
  system_clock::time_point start = system_clock::now();
  if (!a.start.empty() && a.start != "now" && !ParseUtc(a.start, &start)) {
    std::cerr << "pooltest campaign start: --start '" << a.start
              << "' is not a UTC time like 2025-06-02T00:00:00Z\n";
    return kExitScenarioError;
  }
  CampaignPlanOptions po;
  po.start = start;
  po.days = a.days;
  po.seed = a.seed;
  po.per_hour = a.per_hour;
  po.min_gap = std::chrono::seconds(a.min_gap_s);
  for (const SupportChannel& ch : scenario->support) po.channels.push_back(ch.name);
  const std::string cal_dir =
      a.calendar_dir.empty() ? SourceDir() + "/data/calendars/kz" : a.calendar_dir;
  auto [y1, y2] = CampaignYears(start, a.days);
  auto cal = HolidayCalendar::Load(cal_dir, y1, y2);
  if (!cal) {
    std::cerr << "pooltest campaign start: " << cal.error().message << "\n";
    return kExitScenarioError;
  }
  auto plan = PlanCampaign(po, *cal);
  if (!plan) {
    std::cerr << "pooltest campaign start: " << plan.error().message << "\n";
    return kExitScenarioError;
  }
  CampaignMeta m;
  m.scenario_path = a.scenario;
  m.calendar_dir = cal_dir;
  m.seed = a.seed;
  auto hour0 = KazakhstanHourStart(start);
  m.window_start_ms =
      std::chrono::duration_cast<milliseconds>((hour0 ? *hour0 : start).time_since_epoch()).count();
  m.days = a.days;
  m.per_hour = a.per_hour;
  m.min_gap_s = a.min_gap_s;
  m.poll_ms = a.poll_s * 1000LL;
  m.reply_wait_ms = a.reply_wait_s * 1000LL;
  m.late_grace_ms = a.late_grace_s * 1000LL;
  m.sla_ms = scenario->thresholds.support_sla.count();
  m.fingerprint = SupportCampaignFingerprint(*scenario);
  m.calendar_files = cal->files();
  m.calendar_warnings = cal->warnings();
  // Holidays are not guessed: a provisional year is used as published, and
  // said so here, in the status and in the report.
  for (const std::string& w : cal->warnings())
    std::cerr << "pooltest campaign start: warning: " << w << "\n";
  m.fast_reply_ms = scenario->thresholds.support_human_reply_min.count();
  std::vector<RequestRow> rows = PlannedRows(*plan);
  AddChallenges(*scenario, a.seed, rows);
  std::string last_holiday;
  for (const PlannedRequest& p : *plan) {
    if (!p.holiday.empty() && p.cell.date + " " + p.holiday != last_holiday) {
      last_holiday = p.cell.date + " " + p.holiday;
      m.holidays_in_window.push_back(last_holiday);
    }
  }
  auto store = CampaignStore::Create(a.db, m, rows);
  if (!store) {
    std::cerr << "pooltest campaign start: " << store.error().message << "\n";
    return kExitHarnessError;
  }
  if (!a.quiet)
    std::cout << "planned " << rows.size() << " requests from " << FormatKazakhstan(start)
              << " over " << a.days << " days (seed " << a.seed << ") in " << a.db << "\n";
  if (a.plan_only) return kExitPositive;
  return Run(*store, a, start);
}

int Resume(const CampaignArgs& a) {
  auto store = CampaignStore::Open(a.db);
  if (!store) {
    std::cerr << "pooltest campaign resume: " << store.error().message << "\n";
    return kExitHarnessError;
  }
  if (store->meta().finished_ms) {
    if (!a.quiet) std::cout << "campaign " << a.db << " is already finished\n";
    return kExitPositive;
  }
  return Run(*store, a, system_clock::time_point{milliseconds{store->meta().window_start_ms}});
}

int ShowStatus(const CampaignArgs& a) {
  auto store = CampaignStore::Open(a.db);
  if (!store) {
    std::cerr << "pooltest campaign status: " << store.error().message << "\n";
    return kExitHarnessError;
  }
  auto rows = store->Requests();
  if (!rows) {
    std::cerr << "pooltest campaign status: " << rows.error().message << "\n";
    return kExitHarnessError;
  }
  system_clock::time_point now = system_clock::now();
  if (!a.clock_file.empty()) {
    auto t = FileCampaignClock::Read(a.clock_file);
    if (t) now = *t;
  }
  std::cout << FormatCampaignStatus(a.db, store->meta(), *rows, now);
  return kExitPositive;
}

int Report(const CampaignArgs& a) {
  auto store = CampaignStore::Open(a.db);
  if (!store) {
    std::cerr << "pooltest campaign report: " << store.error().message << "\n";
    return kExitHarnessError;
  }
  auto rows = store->Requests();
  if (!rows) {
    std::cerr << "pooltest campaign report: " << rows.error().message << "\n";
    return kExitHarnessError;
  }
  const nlohmann::json rep = CampaignReportJson(store->meta(), *rows);
  if (a.json)
    std::cout << rep.dump(2) << "\n";
  else
    std::cout << FormatCampaignReport(rep);
  if (!rep["finished"]) return kExitInconclusive;
  if (!rep["grid"]["failing"].empty()) return kExitFailed;
  if (!rep["grid"]["uncovered"].empty()) return kExitInconclusive;
  return kExitPositive;
}

}  // namespace

int CampaignCommand(const CampaignArgs& args) {
  if ((args.action == "status" || args.action == "report") &&
      (!args.metrics_listen.empty() || !args.metrics_textfile.empty())) {
    std::cerr << "pooltest campaign " << args.action
              << ": --metrics-listen and --metrics-textfile go with start and resume\n";
    return kExitUsage;
  }
  if (args.action == "start") return Start(args);
  if (args.action == "resume") return Resume(args);
  if (args.action == "status") return ShowStatus(args);
  if (args.action == "report") return Report(args);
  std::cerr << "pooltest campaign: unknown action '" << args.action
            << "'; use start, resume, status or report\n";
  return kExitScenarioError;
}

}  // namespace pooltest
