// The fixture of the tests that run the demo scenario against the
// reference pool in a loopback block of their own (claimed in SetUp), with
// the run's output folder removed unless a test failed.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/runner/session.h"
#include "refpool/refpool.h"
#include "refpool/refpool_block.h"
#include "scenarios/scenario_loader.h"
#include "tests/demo_in_block.h"

namespace pooltest::testing {

namespace fs = std::filesystem;

class PoolRun : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fs::temp_directory_path() /
           ("pooltest-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(out_);
    // The scenario and every pool of the test run in a loopback block of
    // their own, so other tests, a demo and a refpool can run meanwhile.
    auto claim = ClaimBlockFor(DefaultRefpoolConfig());
    ASSERT_TRUE(claim) << claim.error().message;
    claim_ = std::move(*claim);
  }
  const LoopbackBlock& block() const { return claim_.block(); }
  void TearDown() override {
    if (!HasFailure()) {
      fs::remove_all(out_);
      for (const fs::path& p : extra_dirs_) fs::remove_all(p);
    }
  }

  // Loads scenarios/demo.yaml; `world` selects the reference pool's world
  // databases ("" = the conforming one, else e.g. "backup-same-city").
  Scenario Demo(const std::string& world = "") {
    std::string data = POOLTEST_DATA_DIR;
    if (!world.empty()) {
      // The scenario names refpool-geo.mmdb and refpool-asn.mmdb: point a
      // fresh data folder's files of those names at the variant world.
      fs::path dir = out_.string() + "-data";
      fs::create_directories(dir);
      for (const char* kind : {"geo", "asn"}) {
        fs::path src = fs::path(POOLTEST_DATA_DIR) / ("refpool-" + world + "-" + kind + ".mmdb");
        if (!fs::exists(src))
          src = fs::path(POOLTEST_DATA_DIR) / ("refpool-" + std::string(kind) + ".mmdb");
        fs::copy_file(src, dir / ("refpool-" + std::string(kind) + ".mmdb"),
                      fs::copy_options::overwrite_existing);
      }
      data = dir.string();
      extra_dirs_.push_back(dir);
    }
    LoadOutcome lo = LoadDemoIn(block(), data);
    for (const auto& d : lo.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
    EXPECT_TRUE(lo.ok());
    Scenario sc = lo.scenario.value_or(Scenario{});
    sc.thresholds.support_probe_window = std::chrono::seconds(5);
    return sc;
  }

  // `pool_config` as written for 127.0.0.0/24: it runs in the test's block.
  SessionOutcome Run(const Scenario& sc, const RefpoolConfig& pool_config) {
    auto pool = Refpool::Start(RebaseRefpoolConfig(pool_config, block()));
    EXPECT_TRUE(pool.ok()) << (pool.ok() ? "" : pool.error().message);
    SessionOptions opts;
    opts.out_dir = out_.string();
    opts.harness_version = "test";
    opts.handle_signals = false;
    auto outcome = RunSession(sc, opts);
    if (pool) (*pool)->Stop();
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().message);
    return outcome.ok() ? std::move(outcome.value()) : SessionOutcome{};
  }

  // R4.3 for the demo's backup declared in `settlement`, its addresses
  // placed by the `world` variant; R4.1 holds throughout (all in Kazakhstan).
  CheckResult RunBackupIn(const std::string& world, const std::string& settlement) {
    Scenario sc = Demo(world);
    sc.sites[1].settlement = settlement;
    SessionOutcome o = Run(sc, DefaultRefpoolConfig());
    SCOPED_TRACE(Verdicts(o));
    EXPECT_EQ(Find(o, "R4.1.location").verdict, Verdict::kPass);
    return Find(o, "R4.3.backup.backup");
  }

  // Runs against a reference pool the test started itself (e.g. to learn
  // its control port before writing the scenario).
  SessionOutcome RunOnly(const Scenario& sc) {
    SessionOptions opts;
    opts.out_dir = out_.string();
    opts.harness_version = "test";
    opts.handle_signals = false;
    auto outcome = RunSession(sc, opts);
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().message);
    return outcome.ok() ? std::move(outcome.value()) : SessionOutcome{};
  }

  static const CheckResult& Find(const SessionOutcome& o, const std::string& id) {
    for (const CheckResult& c : o.record.checks) {
      if (c.id == id) return c;
    }
    static CheckResult none;
    ADD_FAILURE() << "no check " << id;
    return none;
  }

  static std::string Verdicts(const SessionOutcome& o) {
    std::string s;
    for (const CheckResult& c : o.record.checks) {
      s += c.id + "=" + ToString(c.verdict) + ": " + c.summary + "\n";
    }
    return s;
  }

  fs::path out_;
  std::vector<fs::path> extra_dirs_;
  BlockClaim claim_;
};

}  // namespace pooltest::testing
