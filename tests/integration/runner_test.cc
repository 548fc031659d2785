// The runner's contract: concurrency limit, per-probe and per-run deadlines,
// clean interruption, and evidence for every planned probe.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "harness/runner/runner.h"
#include "harness/runner/session.h"
#include "probes/common/watchdog.h"
#include "refpool/refpool.h"
#include "refpool/refpool_block.h"
#include "scenarios/scenario_loader.h"
#include "tests/demo_in_block.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("pooltest-runner-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(p);
  return p;
}

// A run of `concurrency` probes at once, each bounded by `probe_timeout`,
// the whole by `run_for` from now; no signal handling.
RunOptions Options(int concurrency, std::chrono::milliseconds probe_timeout,
                   std::chrono::milliseconds run_for) {
  RunOptions ro;
  ro.concurrency = concurrency;
  ro.probe_timeout = probe_timeout;
  ro.run_deadline = std::chrono::steady_clock::now() + run_for;
  ro.handle_signals = false;
  return ro;
}

// A probe that waits `ms` on a timer (aborted by its watchdog), tracking how
// many such probes are active at once.
PlannedProbe Sleeper(int ms, int* active, int* max_active, std::string kind = "test.sleep") {
  return {kind, "sleep", [=](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
            Observation o;
            o.probe = kind;
            o.started = std::chrono::system_clock::now();
            ++*active;
            *max_active = std::max(*max_active, *active);
            boost::asio::steady_timer t(ctx.executor, std::chrono::milliseconds(ms));
            Watchdog wd(ctx, [&t] { t.cancel(); });
            boost::system::error_code ec;
            try {
              co_await t.async_wait(boost::asio::use_awaitable);
            } catch (const boost::system::system_error& e) {
              ec = e.code();
            }
            --*active;
            o.finished = std::chrono::system_clock::now();
            o.status = wd.timed_out()   ? ProbeStatus::kTimeout
                       : wd.cancelled() ? ProbeStatus::kCancelled
                                        : ProbeStatus::kOk;
            co_return o;
          }};
}

TEST(Runner, RespectsTheConcurrencyLimitAndRecordsEveryProbe) {
  fs::path dir = TempDir("limit");
  auto store = EvidenceStore::Create(dir.string());
  ASSERT_TRUE(store.ok());
  int active = 0, max_active = 0;
  Plan plan;
  for (int i = 0; i < 12; ++i) plan.probes.push_back(Sleeper(30, &active, &max_active));
  RunOptions ro = Options(3, std::chrono::seconds(5), std::chrono::seconds(30));
  Runner runner(ro, *store);
  EXPECT_TRUE(runner.Execute(plan));
  EXPECT_EQ(max_active, 3);
  ASSERT_EQ(store->observations().size(), 12u);
  for (const auto& o : store->observations()) EXPECT_EQ(o.status, ProbeStatus::kOk);
  auto back = ReadEvidence(store->path());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->size(), 12u);
  EXPECT_EQ((*back)[11].id, "obs-0012");
  fs::remove_all(dir);
}

TEST(Runner, ProbeDeadlineTimesOutOneProbeAndTheRunGoesOn) {
  fs::path dir = TempDir("probe-deadline");
  auto store = EvidenceStore::Create(dir.string());
  ASSERT_TRUE(store.ok());
  int active = 0, max_active = 0;
  Plan plan;
  plan.probes.push_back(Sleeper(60000, &active, &max_active));
  plan.probes.push_back(Sleeper(10, &active, &max_active));
  RunOptions ro = Options(1, std::chrono::milliseconds(200), std::chrono::seconds(30));
  Runner runner(ro, *store);
  EXPECT_TRUE(runner.Execute(plan));
  ASSERT_EQ(store->observations().size(), 2u);
  EXPECT_EQ(store->observations()[0].status, ProbeStatus::kTimeout);
  EXPECT_EQ(store->observations()[1].status, ProbeStatus::kOk);
  fs::remove_all(dir);
}

TEST(Runner, RunDeadlineCancelsInFlightAndRecordsUnstartedProbes) {
  fs::path dir = TempDir("run-deadline");
  auto store = EvidenceStore::Create(dir.string());
  ASSERT_TRUE(store.ok());
  int active = 0, max_active = 0;
  Plan plan;
  for (int i = 0; i < 5; ++i) plan.probes.push_back(Sleeper(60000, &active, &max_active));
  RunOptions ro = Options(2, std::chrono::seconds(60), std::chrono::milliseconds(300));
  Runner runner(ro, *store);
  EXPECT_FALSE(runner.Execute(plan));
  EXPECT_TRUE(runner.deadline_hit());
  ASSERT_EQ(store->observations().size(), 5u);
  // The two in flight end at their deadline, which is the run's; the three
  // never started are recorded as cancelled.
  int timed_out = 0, not_started = 0;
  for (const auto& o : store->observations()) {
    timed_out += o.status == ProbeStatus::kTimeout;
    not_started +=
        o.status == ProbeStatus::kCancelled && o.detail.find("not started") != std::string::npos;
  }
  EXPECT_EQ(timed_out, 2);
  EXPECT_EQ(not_started, 3);
  fs::remove_all(dir);
}

size_t CountOf(const std::vector<Observation>& obs, const std::string& probe) {
  return std::count_if(obs.begin(), obs.end(),
                       [&](const Observation& o) { return o.probe == probe; });
}

// Waves planned from the evidence (the UI crawl's way) run while a slow probe
// of the plan is still running, one after another, within the concurrency
// limit, each planned once the one before it is recorded.
TEST(Runner, WavesRunAlongsideTheRestOfThePlanEachAfterTheOneBefore) {
  fs::path dir = TempDir("waves");
  auto store = EvidenceStore::Create(dir.string());
  ASSERT_TRUE(store.ok());
  int active = 0, max_active = 0;
  Plan plan;
  plan.probes.push_back(Sleeper(1500, &active, &max_active, "test.slow"));
  plan.probes.push_back(Sleeper(10, &active, &max_active));
  RunOptions ro = Options(3, std::chrono::seconds(5), std::chrono::seconds(30));
  Runner runner(ro, *store);
  int calls = 0;
  std::vector<size_t> recorded_at_call;
  auto next_wave = [&]() -> Plan {
    recorded_at_call.push_back(CountOf(store->observations(), "test.wave"));
    Plan wave;
    if (++calls > 3) return wave;
    for (int i = 0; i < 4; ++i)
      wave.probes.push_back(Sleeper(20, &active, &max_active, "test.wave"));
    return wave;
  };
  EXPECT_TRUE(runner.Execute(plan, next_wave));
  const std::vector<Observation>& obs = store->observations();
  ASSERT_EQ(obs.size(), 14u);
  EXPECT_EQ(calls, 4);  // three waves, then the empty plan that ends them
  EXPECT_EQ(recorded_at_call, (std::vector<size_t>{0, 4, 8, 12}));
  EXPECT_EQ(max_active, 3);
  // Every wave was recorded before the slow probe ended.
  EXPECT_EQ(obs.back().probe, "test.slow");
  for (const Observation& o : obs) EXPECT_EQ(o.status, ProbeStatus::kOk) << o.probe;
  // A wave's probes are queued when it is planned, after the plan's.
  EXPECT_GT(obs[obs.size() - 2].queued_at, obs.back().queued_at);
  auto back = ReadEvidence(store->path());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->size(), 14u);
  fs::remove_all(dir);
}

// A run cut short plans no further wave, and still records every probe.
TEST(Runner, ARunCutShortPlansNoFurtherWave) {
  fs::path dir = TempDir("waves-cut");
  auto store = EvidenceStore::Create(dir.string());
  ASSERT_TRUE(store.ok());
  int active = 0, max_active = 0;
  Plan plan;
  plan.probes.push_back(Sleeper(60000, &active, &max_active));
  RunOptions ro = Options(4, std::chrono::seconds(60), std::chrono::milliseconds(300));
  Runner runner(ro, *store);
  int calls = 0;
  auto next_wave = [&]() -> Plan {
    Plan wave;
    ++calls;
    wave.probes.push_back(Sleeper(calls == 1 ? 60000 : 10, &active, &max_active, "test.wave"));
    return wave;
  };
  EXPECT_FALSE(runner.Execute(plan, next_wave));
  EXPECT_TRUE(runner.deadline_hit());
  EXPECT_EQ(calls, 1);
  ASSERT_EQ(store->observations().size(), 2u);
  for (const Observation& o : store->observations()) EXPECT_EQ(o.status, ProbeStatus::kTimeout);
  fs::remove_all(dir);
}

TEST(Runner, SigintStopsARunAgainstAHangingPoolAndKeepsTheEvidence) {
  RefpoolConfig cfg = DefaultRefpoolConfig();
  cfg.stratum.silent = true;  // every stratum probe would hang to its deadline
  auto pool = StartRefpoolInBlock(cfg, std::nullopt);
  ASSERT_TRUE(pool.ok()) << pool.error().message;
  auto loaded = LoadDemoIn(pool->block(), POOLTEST_DATA_DIR);
  ASSERT_TRUE(loaded.ok());
  Scenario sc = *loaded.scenario;
  sc.thresholds.probe_timeout = std::chrono::seconds(60);
  sc.thresholds.run_timeout = std::chrono::seconds(120);

  fs::path dir = TempDir("sigint");
  SessionOptions so;
  so.out_dir = dir.string();
  so.handle_signals = true;
  std::thread killer;
  so.on_progress = [&killer](const ProgressEvent&) {
    if (killer.joinable()) return;
    // The runner's signal handler is installed once progress flows.
    killer = std::thread([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      ::kill(::getpid(), SIGINT);
    });
  };
  auto t0 = std::chrono::steady_clock::now();
  auto outcome = RunSession(sc, so);
  auto elapsed = std::chrono::steady_clock::now() - t0;
  if (killer.joinable()) killer.join();
  pool->pool->Stop();
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->record.interrupted);
  EXPECT_LT(elapsed, std::chrono::seconds(30)) << "interrupt must not wait for probe deadlines";
  auto evidence = ReadEvidence((dir / "evidence.jsonl").string());
  ASSERT_TRUE(evidence.ok());
  EXPECT_EQ(evidence->size(), outcome->record.observations);
  bool some_cancelled = false;
  for (const auto& o : *evidence) some_cancelled |= o.status == ProbeStatus::kCancelled;
  EXPECT_TRUE(some_cancelled);
  EXPECT_TRUE(fs::exists(dir / "results.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pooltest
