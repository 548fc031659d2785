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

// Runs argv; returns the exit status, or -1 when killed. kill_after: SIGKILL
// after this long if still running (0: wait). Output goes to `out_file`.
int RunPooltest(const std::vector<std::string>& args, std::chrono::milliseconds kill_after,
                const std::string& out_file, bool* killed) {
  *killed = false;
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::freopen(out_file.c_str(), "w", stdout);
    (void)f;
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  const auto hang_guard = std::chrono::steady_clock::now() + 120s;
  const auto kill_at = std::chrono::steady_clock::now() + kill_after;
  while (true) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    const auto now = std::chrono::steady_clock::now();
    if ((kill_after.count() > 0 && now >= kill_at) || now >= hang_guard) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      *killed = true;
      break;
    }
    std::this_thread::sleep_for(1ms);
  }
  if (WIFSIGNALED(status)) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteScenario(const std::string& path, const std::string& base) {
  std::ofstream out(path);
  out << "pooltest: 1\nname: campaign kill test\n"
         "applicant: {legal_name: Test pool, bin: \"230440012341\"}\n"
         "sites:\n  - id: primary\n    role: primary\n    settlement: Astana\n"
         "    stratum: [{url: \"stratum+tcp://127.0.0.11:3333\"}]\n"
         "  - id: backup\n    role: backup\n    settlement: Almaty\n"
         "    stratum: [{url: \"stratum+tcp://127.0.0.21:3333\"}]\n"
         "worker: {user: w, password: x}\n"
         "support:\n  - name: desk\n    kind: ticket_api\n"
         "    create: {url: \""
      << base
      << "/api/support/tickets\", body: "
         "'{\"subject\":\"{{subject}}\",\"message\":\"{{message}}\"}', "
         "ticket_id: /id}\n"
         "    poll: {url: \""
      << base
      << "/api/support/tickets/{{ticket_id}}\", reply: /replies}\n"
         "    lookup: {url: \""
      << base
      << "/api/support/tickets?subject={{token}}\", ticket_id: /tickets/0/id}\n"
         "    auto_reply_pattern: \"has been received\"\n"
         "thresholds: {support_sla: 15m}\n";
}

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
    WriteScenario(scenario_, desk.base());
    const std::string out = dir_ + "/out.txt";
    bool killed = false;
    std::mt19937 rng(777);
    if (run == 0) {
      const auto t0 = std::chrono::steady_clock::now();
      int rc = RunPooltest(Cmd("start", db, clock_path), 0ms, out, &killed);
      ASSERT_EQ(rc, 0) << ReadFile(out);
      clean_duration = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - t0);
    } else {
      std::uniform_int_distribution<long long> delay(
          5, std::max<long long>(clean_duration.count(), 50));
      int rc = RunPooltest(Cmd("start", db, clock_path), std::chrono::milliseconds(delay(rng)), out,
                           &killed);
      kills += killed;
      // Killed before the campaign existed, start is run again; after, resume.
      auto next = [&] { return std::filesystem::exists(db) ? "resume" : "start"; };
      while (killed && kills < kKills) {
        ++resumes;
        // A short random slice of life per resume: kills land all along the
        // campaign's progress, however fast or loaded the machine is.
        rc = RunPooltest(Cmd(next(), db, clock_path),
                         std::chrono::milliseconds(2 + delay(rng) % 40), out, &killed);
        kills += killed;
      }
      if (killed) rc = RunPooltest(Cmd(next(), db, clock_path), 0ms, out, &killed);
      ASSERT_EQ(rc, 0) << ReadFile(out);
      // Status is readable at a glance.
      RunPooltest(Cmd("status", db, clock_path), 0ms, out, &killed);
      const std::string status = ReadFile(out);
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
    RunPooltest(report_args, 0ms, out, &killed);
    reports[run] = ReadFile(out);
    ASSERT_FALSE(reports[run].empty());
  }
  EXPECT_GE(kills, 3);  // random moments: how many land before the end varies
  EXPECT_EQ(reports[0], reports[1]);
  RecordProperty("kills", kills);
  RecordProperty("resumes", resumes);
}

}  // namespace
}  // namespace pooltest
