// The pooltest binary's campaign, killed with SIGKILL at random moments and
// resumed, against the reference pool's desk sharing its file clock: no
// request lost, none sent twice, and the final report identical to an
// uninterrupted run of the same plan (same seed).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>

#include "harness/campaign/campaign_clock.h"
#include "harness/campaign/campaign_store.h"
#include "probes/support/ticket_api_client.h"
#include "tests/campaign/campaign_test_env.h"

namespace pooltest {
namespace {

using namespace std::chrono_literals;

constexpr int kKills = 20;

struct Run {
  std::string db, clock, report;
};

class CampaignKill : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("campaign-kill");
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Cmd(const std::string& action, const std::string& db,
                               const std::string& clock) {
    std::vector<std::string> a = {POOLTEST_BINARY, "campaign", action, "--db", db,
                                  "--clock-file",  clock,      "-q"};
    if (action == "start") {
      for (const char* s : {"--scenario", scenario_.c_str(), "--start", "2025-06-01T19:00:00Z",
                            "--days", "7", "--seed", "4242", "--calendar-dir"})
        a.push_back(s);
      a.push_back(CalendarDir());
      a.push_back("--reply-wait");
      a.push_back("3600");
    }
    return a;
  }

  std::string dir_, scenario_;
};

TEST_F(CampaignKill, KilledAtRandomPointsAndResumedGivesTheSameReport) {
  // One desk per run, each reading that run's clock file.
  std::mutex mu;
  std::string clock_path;
  auto desk_clock = [&] {
    std::lock_guard lock(mu);
    auto t = FileCampaignClock::Read(clock_path);
    return t ? *t : MondayMidnight();
  };
  SupportBehaviour b;
  b.reply_delay = 4min;
  std::string reports[2];
  std::chrono::milliseconds clean_duration{0};
  int kills = 0, resumes = 0;
  for (int run = 0; run < 2; ++run) {
    const std::string db = dir_ + "/run" + std::to_string(run) + ".db";
    {
      std::lock_guard lock(mu);
      clock_path = dir_ + "/clock" + std::to_string(run);
    }
    TestDesk desk(b, desk_clock);
    ASSERT_NE(desk.port(), 0);
    scenario_ = dir_ + "/scenario.yaml";
    std::ofstream(scenario_) << DeskScenarioYaml(desk.base());
    const std::string out = dir_ + "/out.txt";
    bool killed = false;
    std::mt19937 rng(777);
    if (run == 0) {
      const auto t0 = std::chrono::steady_clock::now();
      int rc = RunProcess(Cmd("start", db, clock_path), 0ms, out, &killed);
      ASSERT_EQ(rc, 0) << ReadTextFile(out);
      clean_duration = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - t0);
    } else {
      std::uniform_int_distribution<long long> delay(
          5, std::max<long long>(clean_duration.count() / 2, 50));
      int rc = RunProcess(Cmd("start", db, clock_path), std::chrono::milliseconds(delay(rng)), out,
                          &killed);
      kills += killed;
      // Killed before the campaign existed, start is run again; after, resume.
      auto next = [&] { return std::filesystem::exists(db) ? "resume" : "start"; };
      while (killed && kills < kKills) {
        ++resumes;
        // A short random slice of life per resume: kills land all along the
        // campaign's progress, however fast or loaded the machine is.
        rc = RunProcess(Cmd(next(), db, clock_path), std::chrono::milliseconds(2 + delay(rng) % 40),
                        out, &killed);
        kills += killed;
      }
      if (killed) rc = RunProcess(Cmd(next(), db, clock_path), 0ms, out, &killed);
      ASSERT_EQ(rc, 0) << ReadTextFile(out);
      // Status is readable at a glance.
      RunProcess(Cmd("status", db, clock_path), 0ms, out, &killed);
      const std::string status = ReadTextFile(out);
      EXPECT_NE(status.find("Sent       168 of 168"), std::string::npos) << status;
      EXPECT_NE(status.find("finished"), std::string::npos) << status;
    }
    // Desk side: every token has exactly one ticket.
    auto store = CampaignStore::Open(db);
    ASSERT_TRUE(store);
    auto rows = store->Requests();
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 168u);
    for (const RequestRow& r : *rows) {
      EXPECT_EQ(r.sends, 1) << r.seq;
      EXPECT_EQ(r.state, "answered") << r.seq << " " << r.detail;
    }
    std::vector<std::string> report_args = Cmd("report", db, clock_path);
    report_args.push_back("--json");
    RunProcess(report_args, 0ms, out, &killed);
    reports[run] = ReadTextFile(out);
    ASSERT_FALSE(reports[run].empty());
  }
  EXPECT_GE(kills, 3);  // random moments: how many land before the end varies
  EXPECT_EQ(reports[0], reports[1]);
  RecordProperty("kills", kills);
  RecordProperty("resumes", resumes);
}

}  // namespace
}  // namespace pooltest
