// `pooltest run` deciding R4.5 from a support campaign, end to end with the
// real binary: the campaign is run by `pooltest campaign start` against the
// reference pool's support desk (port 0) on a file clock both share, then a
// scenario naming its database is run and results.json read. The desk stays
// up during the run, so the run's own ticket probe talks to it too: a single
// answered ticket must never stand in for the campaign.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "harness/campaign/campaign_clock.h"
#include "harness/campaign/campaign_store.h"
#include "tests/campaign/campaign_test_env.h"

namespace pooltest {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class CampaignRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("campaign-run");
    ASSERT_FALSE(dir_.empty());
    clock_ = dir_ + "/clock";
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // The desk's notion of now: the campaign's file clock.
  WebServer::Clock DeskClock() const {
    const std::string path = clock_;
    return [path] {
      auto t = FileCampaignClock::Read(path);
      return t ? *t : MondayMidnight();
    };
  }

  // A scenario for the desk at `base`, with a short probe window so the
  // run's own ticket is asked once, plus `extra` top-level keys.
  std::string WriteScenario(const std::string& name, const std::string& base,
                            const std::string& extra) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << DeskScenarioYaml(base,
                                            "{support_sla: 15m, support_probe_window: 2s, "
                                            "probe_timeout: 3s}")
                        << extra;
    return path;
  }

  // `pooltest campaign start` over a week from Monday 2025-06-02 00:00
  // (Kazakhstan). watch: see RunProcess. Returns the exit status.
  int StartCampaign(const std::string& scenario, const std::string& db,
                    const std::function<int()>& watch = nullptr) {
    bool killed = false;
    const int rc = RunProcess({POOLTEST_BINARY,
                               "campaign",
                               "start",
                               "--scenario",
                               scenario,
                               "--db",
                               db,
                               "--clock-file",
                               clock_,
                               "--start",
                               "2025-06-01T19:00:00Z",
                               "--days",
                               "7",
                               "--seed",
                               "77",
                               "--calendar-dir",
                               CalendarDir(),
                               "--reply-wait",
                               "3600",
                               "-q"},
                              0ms, dir_ + "/campaign.out", &killed, watch);
    EXPECT_FALSE(killed);
    return rc;
  }

  // `pooltest run` of the scenario; returns the R4.5 check from results.json.
  nlohmann::json RunAndGetR45(const std::string& scenario) {
    bool killed = false;
    const std::string out = dir_ + "/run-" + std::to_string(++runs_);
    RunProcess({POOLTEST_BINARY, "run", scenario, "--out", out, "--quiet"}, 0ms, dir_ + "/run.out",
               &killed);
    EXPECT_FALSE(killed);
    const nlohmann::json results =
        nlohmann::json::parse(ReadTextFile(out + "/results.json"), nullptr, false);
    EXPECT_FALSE(results.is_discarded()) << ReadTextFile(dir_ + "/run.out");
    if (results.is_discarded()) return nlohmann::json::object();
    for (const auto& c : results["checks"])
      if (c.value("id", "") == "R4.5.support") return c;
    ADD_FAILURE() << "no R4.5.support in " << out << "/results.json";
    return nlohmann::json::object();
  }

  std::string dir_, clock_;
  int runs_ = 0;
};

TEST_F(CampaignRun, FinishedCampaignAgainstA24x7DeskPassesR45WithTheWeekGrid) {
  SupportBehaviour b;
  b.reply_delay = 0ms;  // the run's own ticket is answered too
  TestDesk desk(b, DeskClock());
  ASSERT_NE(desk.port(), 0);
  const std::string db = dir_ + "/c.db";
  const std::string sc =
      WriteScenario("s.yaml", desk.base(), "support_campaign: {database: " + db + "}\n");
  ASSERT_EQ(StartCampaign(sc, db), 0) << ReadTextFile(dir_ + "/campaign.out");

  const nlohmann::json r = RunAndGetR45(sc);
  EXPECT_EQ(r.value("verdict", ""), "pass") << r.dump(2);
  const nlohmann::json& grid = r["figures"]["campaign"]["grid"];
  EXPECT_EQ(grid["passing_cells"], 168);
  ASSERT_EQ(grid["rows"].size(), 7u);
  EXPECT_EQ(grid["rows"][6], "Sun ........................");
  EXPECT_EQ(grid["cells"].size(), 168u);
  EXPECT_EQ(r["figures"]["campaign"]["database"], db);
  // Kurban Ait (Friday 6 June 2025) lies in the window, from the calendar file.
  EXPECT_EQ(r["figures"]["campaign"]["holidays_in_window"],
            nlohmann::json({"2025-06-06 Kurban Ait (first day)"}));
  const std::string summary = r.value("summary", "");
  EXPECT_NE(summary.find("All 168 hour x weekday cells"), std::string::npos) << summary;
  // The run's own answered ticket is mentioned, as supporting evidence only.
  EXPECT_NE(summary.find("this run's request: desk answered"), std::string::npos) << summary;
}

TEST_F(CampaignRun, FinishedCampaignAgainstAnOfficeHoursDeskFailsR45OnNightsAndWeekends) {
  SupportBehaviour b;
  b.reply_delay = 5min;
  b.office_hours_only = true;
  TestDesk desk(b, DeskClock());
  ASSERT_NE(desk.port(), 0);
  const std::string db = dir_ + "/c.db";
  const std::string sc =
      WriteScenario("s.yaml", desk.base(), "support_campaign: {database: " + db + "}\n");
  ASSERT_EQ(StartCampaign(sc, db), 0) << ReadTextFile(dir_ + "/campaign.out");

  const nlohmann::json r = RunAndGetR45(sc);
  EXPECT_EQ(r.value("verdict", ""), "fail") << r.dump(2);
  const nlohmann::json& grid = r["figures"]["campaign"]["grid"];
  std::set<std::string> failing;
  for (const auto& f : grid["failing"]) failing.insert(f.get<std::string>());
  for (const char* cell : {"Sat 03h", "Sun 03h", "Sat 14h", "Sun 12h", "Mon 03h", "Wed 23h"})
    EXPECT_TRUE(failing.count(cell)) << cell;
  // Office hours are answered within the SLA, except Friday 6 June 2025:
  // Kurban Ait in the calendar file, but the desk's rule knows no holidays,
  // so those cells pass like any Friday.
  for (const char* cell : {"Mon 10h", "Tue 11h", "Wed 14h", "Thu 16h", "Fri 10h"})
    EXPECT_FALSE(failing.count(cell)) << cell;
  EXPECT_EQ(grid["rows"][5], "Sat XXXXXXXXXXXXXXXXXXXXXXXX");
  EXPECT_EQ(grid["rows"][6], "Sun XXXXXXXXXXXXXXXXXXXXXXXX");
  const std::string summary = r.value("summary", "");
  EXPECT_NE(summary.find("cells miss the SLA"), std::string::npos) << summary;
  EXPECT_NE(summary.find("Mon 00h"), std::string::npos) << summary;  // named
  EXPECT_NE(summary.find("Sun XXXXXXXXXXXXXXXXXXXXXXXX"), std::string::npos) << summary;
}

TEST_F(CampaignRun, MissingCampaignDatabaseIsInconclusiveAndSaysWhatToDo) {
  SupportBehaviour b;
  b.reply_delay = 0ms;  // the run's own ticket is answered: still no pass
  TestDesk desk(b, DeskClock());
  ASSERT_NE(desk.port(), 0);
  const std::string db = dir_ + "/never-started.db";
  const std::string sc =
      WriteScenario("s.yaml", desk.base(), "support_campaign: {database: " + db + "}\n");

  const nlohmann::json r = RunAndGetR45(sc);
  EXPECT_EQ(r.value("verdict", ""), "inconclusive") << r.dump(2);
  const std::string summary = r.value("summary", "");
  EXPECT_NE(summary.find("no file at " + db), std::string::npos) << summary;
  EXPECT_NE(summary.find("pooltest campaign start --scenario <this scenario> --db " + db),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("This run's request: desk answered"), std::string::npos) << summary;
  EXPECT_FALSE(fs::exists(db));  // reading it did not create it
}

TEST_F(CampaignRun, UnfinishedCampaignIsInconclusiveAndSaysHowFarItGot) {
  SupportBehaviour b;
  b.reply_delay = 0ms;  // answers everything at once: only the campaign's end is missing
  TestDesk desk(b, DeskClock());
  ASSERT_NE(desk.port(), 0);
  const std::string db = dir_ + "/c.db";
  const std::string sc =
      WriteScenario("s.yaml", desk.base(), "support_campaign: {database: " + db + "}\n");
  // Stopped (SIGTERM, as an operator would) once its clock passed Wednesday.
  const auto wednesday = MondayMidnight() + 48h;
  const std::string clock = clock_;
  const int rc = StartCampaign(sc, db, [clock, wednesday] {
    auto t = FileCampaignClock::Read(clock);
    return t && *t > wednesday ? SIGTERM : 0;
  });
  EXPECT_NE(rc, 0);  // interrupted, not finished

  auto store = CampaignStore::Open(db);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(store->meta().finished_ms, 0);
  auto rows = store->Requests();
  ASSERT_TRUE(rows);
  int settled = 0, pending = 0;
  for (const RequestRow& row : *rows) {
    if (IsTerminal(row.state))
      ++settled;
    else
      ++pending;
  }
  ASSERT_EQ(rows->size(), 168u);
  EXPECT_GE(settled, 40);  // two days of hourly requests
  EXPECT_GT(pending, 0);

  const nlohmann::json r = RunAndGetR45(sc);
  EXPECT_EQ(r.value("verdict", ""), "inconclusive") << r.dump(2);
  const std::string summary = r.value("summary", "");
  EXPECT_NE(
      summary.find("is not finished: " + std::to_string(settled) + " of 168 requests settled"),
      std::string::npos)
      << summary;
  EXPECT_NE(summary.find(std::to_string(pending) + " pending"), std::string::npos) << summary;
  EXPECT_NE(summary.find("pooltest campaign resume --db " + db), std::string::npos) << summary;
  // This run's ticket was answered, and still R4.5 does not pass.
  EXPECT_NE(summary.find("This run's request: desk answered"), std::string::npos) << summary;
  EXPECT_EQ(r["figures"]["campaign"]["finished"], false);
}

// Late December 2026 reaches into 2027, whose file is provisional: start
// plans it, and the warning stays with the campaign (status and report).
// A window reaching a year without any file is refused.
TEST_F(CampaignRun, CampaignIntoAProvisionalYearCarriesTheWarningAndAMissingYearIsRefused) {
  const std::string sc = WriteScenario("s.yaml", "http://127.0.0.1:9", "");
  const std::string db = dir_ + "/c.db";
  bool killed = false;
  int rc = RunProcess({POOLTEST_BINARY, "campaign", "start", "--scenario", sc, "--db", db,
                       "--clock-file", clock_, "--start", "2026-12-27T19:00:00Z", "--days", "8",
                       "--calendar-dir", CalendarDir(), "--plan-only", "-q"},
                      0ms, dir_ + "/start.out", &killed);
  ASSERT_EQ(rc, 0) << ReadTextFile(dir_ + "/start.out");
  RunProcess({POOLTEST_BINARY, "campaign", "status", "--db", db, "--clock-file", clock_}, 0ms,
             dir_ + "/status.out", &killed);
  const std::string status = ReadTextFile(dir_ + "/status.out");
  EXPECT_NE(status.find("Calendar   WARNING: public-holiday calendar 2027 is provisional"),
            std::string::npos)
      << status;
  RunProcess({POOLTEST_BINARY, "campaign", "report", "--db", db}, 0ms, dir_ + "/report.out",
             &killed);
  const std::string report = ReadTextFile(dir_ + "/report.out");
  EXPECT_NE(report.find("WARNING: public-holiday calendar 2027 is provisional"), std::string::npos)
      << report;
  EXPECT_NE(report.find("2027-01-04 New Year (moved from Saturday 2 January)"), std::string::npos)
      << report;

  rc = RunProcess({POOLTEST_BINARY, "campaign", "start", "--scenario", sc, "--db", dir_ + "/c2.db",
                   "--clock-file", dir_ + "/clock2", "--start", "2027-12-27T19:00:00Z", "--days",
                   "8", "--calendar-dir", CalendarDir(), "--plan-only", "-q"},
                  0ms, dir_ + "/start2.out", &killed);
  EXPECT_NE(rc, 0);
  EXPECT_FALSE(fs::exists(dir_ + "/c2.db"));
}

}  // namespace
}  // namespace pooltest
