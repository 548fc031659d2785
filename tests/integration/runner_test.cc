// The runner's contract: concurrency limit, per-probe and per-run deadlines,
// clean interruption, and evidence for every planned probe.
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

// A probe that waits `ms` on a timer (aborted by its watchdog), tracking how
// many such probes are active at once.
PlannedProbe Sleeper(int ms, int* active, int* max_active) {
  return {"test.sleep", "sleep", [=](ProbeContext ctx) -> boost::asio::awaitable<Observation> {
            Observation o;
            o.probe = "test.sleep";
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
  RunOptions ro;
  ro.concurrency = 3;
  ro.probe_timeout = std::chrono::seconds(5);
  ro.run_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  ro.handle_signals = false;
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
  RunOptions ro;
  ro.concurrency = 1;
  ro.probe_timeout = std::chrono::milliseconds(200);
  ro.run_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  ro.handle_signals = false;
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
  RunOptions ro;
  ro.concurrency = 2;
  ro.probe_timeout = std::chrono::seconds(60);
  ro.run_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  ro.handle_signals = false;
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
