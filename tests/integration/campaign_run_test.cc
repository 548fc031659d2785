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

#include "checks/finding_catalogue.h"
#include "core/sha256.h"
#include "harness/campaign/campaign_clock.h"
#include "harness/campaign/campaign_store.h"
#include "tests/campaign/campaign_test_env.h"
#include "tests/reports/test_pki.h"

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
                            const std::string& extra, bool challenge = false) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << DeskScenarioYaml(base,
                                            "{support_sla: 15m, support_probe_window: 2s, "
                                            "probe_timeout: 3s}",
                                            challenge)
                        << extra;
    return path;
  }

  // The support_campaign key naming `db`; the campaigns here run in June
  // 2025 on a virtual clock, so they are allowed to be ten years old.
  static std::string CampaignKey(const std::string& db, bool allow_old = true) {
    return "support_campaign: {database: " + db + (allow_old ? ", max_age: 3650d" : "") + "}\n";
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

  // A scenario for `desk` written to `file` and a finished week's campaign
  // with it in `db`; returns the scenario's path.
  std::string FinishedCampaign(const TestDesk& desk, const std::string& file, const std::string& db,
                               const std::string& extra, bool challenge) {
    EXPECT_NE(desk.port(), 0);
    const std::string sc = WriteScenario(file, desk.base(), extra, challenge);
    EXPECT_EQ(StartCampaign(sc, db), 0) << ReadTextFile(dir_ + "/campaign.out");
    return sc;
  }

  // `pooltest run` of the scenario (with `extra` arguments); returns the
  // R4.5 check from results.json. The output folder is left in last_out_.
  nlohmann::json RunAndGetR45(const std::string& scenario,
                              const std::vector<std::string>& extra = {}) {
    bool killed = false;
    const std::string out = dir_ + "/run-" + std::to_string(++runs_);
    last_out_ = out;
    std::vector<std::string> args = {POOLTEST_BINARY, "run", scenario, "--out", out, "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunProcess(args, 0ms, dir_ + "/run.out", &killed);
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

  std::string dir_, clock_, last_out_;
  int runs_ = 0;
};

// The desk's engineers answer every request at once, each in words of their
// own and with the answer to its challenge question: a person read each.
TEST_F(CampaignRun, FinishedCampaignAgainstA24x7DeskPassesR45WithTheWeekGrid) {
  SupportBehaviour b;
  b.reply_delay = 0ms;  // the run's own ticket is answered too
  TestDesk desk(b, DeskClock());
  ASSERT_NE(desk.port(), 0);
  const std::string db = dir_ + "/c.db";
  const std::string sc = WriteScenario("s.yaml", desk.base(),
                                       CampaignKey(db) + "output: {formats: [json, html]}\n", true);
  ASSERT_EQ(StartCampaign(sc, db), 0) << ReadTextFile(dir_ + "/campaign.out");

  testing::TestPki pki;
  ASSERT_EQ(pki.Make("campaign-run"), "");
  ::setenv("POOLTEST_CAMPAIGN_TEST_P12", pki.password.c_str(), 1);
  const nlohmann::json r = RunAndGetR45(sc, {"--sign-p12", (pki.dir / "rsa.p12").string(),
                                             "--sign-password-env", "POOLTEST_CAMPAIGN_TEST_P12"});
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

  // The act shows what the campaign tested and the copy it was judged from,
  // which the signed manifest covers.
  const nlohmann::json& c = r["figures"]["campaign"];
  EXPECT_EQ(c["fingerprint"]["applicant_bin"], "230440012341");
  EXPECT_EQ(c["fingerprint"]["channels"][0]["create_url"], desk.base() + "/api/support/tickets");
  EXPECT_EQ(c["window"]["start"], "2025-06-02T00:00:00.000+05:00");
  EXPECT_EQ(c["window"]["end"], "2025-06-09T00:00:00.000+05:00");
  const fs::path copy = fs::path(last_out_) / "support-campaign.db";
  ASSERT_TRUE(fs::exists(copy));
  EXPECT_EQ(c["copy"]["sha256"], Sha256File(copy.string()).value());
  const nlohmann::json act =
      nlohmann::json::parse(ReadTextFile(last_out_ + "/act.json"), nullptr, false);
  ASSERT_TRUE(act.is_object());
  bool listed = false;
  for (const auto& e : act["manifest"])
    listed = listed || (e["file"] == "support-campaign.db" && e["sha256"] == c["copy"]["sha256"]);
  EXPECT_TRUE(listed) << act["manifest"].dump(1);
  auto verify = [&] {
    bool killed = false;
    RunProcess(
        {POOLTEST_BINARY, "verify", last_out_, "--ca", (pki.dir / "ca.pem").string(), "--json"},
        0ms, dir_ + "/verify.out", &killed);
    return nlohmann::json::parse(ReadTextFile(dir_ + "/verify.out"), nullptr, false);
  };
  const nlohmann::json before = verify();
  EXPECT_EQ(before.value("ok", false), true) << before.dump(2);
  testing::FlipByte(copy, 5000);  // inside the first pages: the requests
  const nlohmann::json after = verify();
  EXPECT_EQ(after.value("ok", true), false) << after.dump(2);
  bool named = false;
  for (const auto& p : after["problems"])
    named = named || p.get<std::string>().rfind("support-campaign.db: changed", 0) == 0;
  EXPECT_TRUE(named) << after.dump(2);

  // Who wrote the replies, in the act: every one a person's, with why.
  const nlohmann::json& replies = c["replies"]["desk"];
  EXPECT_EQ(replies["human"], 168) << replies.dump(2);
  EXPECT_EQ(replies["automatic"], 0);
  EXPECT_EQ(replies["doubtful"], 0);
  // The reasons are catalogue parts (said in each part's language of the act).
  std::string why;
  for (const nlohmann::json& reason : replies["examples"]["human"]["reasons"])
    why += RenderPart(reason) + "; ";
  EXPECT_NE(why.find("it answers the request's challenge question"), std::string::npos) << why;
  EXPECT_NE(summary.find("replies: 168 human, 0 automatic, 0 doubtful"), std::string::npos)
      << summary;
  const std::string html = ReadTextFile(last_out_ + "/act.html");
  EXPECT_NE(html.find("Who wrote the replies (per channel)"), std::string::npos);
  EXPECT_NE(html.find("<td>human</td><td class=\"num\">168</td>"), std::string::npos);
  EXPECT_NE(html.find("The support campaign</b>"), std::string::npos);
  EXPECT_NE(html.find(c["copy"]["sha256"].get<std::string>()), std::string::npos);
}

// The swapped campaign: a desk that never answers, judged with a scenario
// naming another pool's finished 24/7 campaign. R4.5 must not pass on it;
// the finding names the ticket API the campaign tested and the one declared.
TEST_F(CampaignRun, AnotherPoolsCampaignIsInconclusiveNamingTheMismatch) {
  SupportBehaviour good;
  good.reply_delay = 0ms;
  TestDesk other(good, DeskClock());
  const std::string db = dir_ + "/other.db";
  const std::string other_sc = FinishedCampaign(other, "other.yaml", db, CampaignKey(db), true);
  EXPECT_EQ(RunAndGetR45(other_sc).value("verdict", ""), "pass");  // it is a good campaign

  SupportBehaviour silent;
  silent.never_reply = true;
  TestDesk desk(silent, DeskClock());
  ASSERT_NE(desk.port(), 0);
  const std::string sc = WriteScenario("s.yaml", desk.base(), CampaignKey(db));
  const nlohmann::json r = RunAndGetR45(sc);
  EXPECT_EQ(r.value("verdict", ""), "inconclusive") << r.dump(2);
  const std::string summary = r.value("summary", "");
  EXPECT_NE(summary.find("is no evidence for this pool's support now"), std::string::npos)
      << summary;
  EXPECT_NE(summary.find("the campaign tested ticket API 'desk' create URL " + other.base() +
                         "/api/support/tickets but the scenario declares " + desk.base() +
                         "/api/support/tickets"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("the scenario changed since the campaign started"), std::string::npos)
      << summary;
  EXPECT_EQ(summary.find("All 168"), std::string::npos) << summary;
}

// The default max_age (30 days): a campaign of June 2025 judged now is too
// old, and the finding gives its end and the limit.
TEST_F(CampaignRun, AnOutdatedCampaignIsInconclusiveWithItsEndAndTheLimit) {
  SupportBehaviour b;
  b.reply_delay = 0ms;
  TestDesk desk(b, DeskClock());
  const std::string db = dir_ + "/c.db";
  const std::string sc = FinishedCampaign(desk, "s.yaml", db, CampaignKey(db, false), false);
  const nlohmann::json r = RunAndGetR45(sc);
  EXPECT_EQ(r.value("verdict", ""), "inconclusive") << r.dump(2);
  const std::string summary = r.value("summary", "");
  EXPECT_NE(
      summary.find("the campaign's window ended 2025-06-09T00:00:00.000+05:00, more than 30 days "
                   "(support_campaign.max_age) before this run"),
      std::string::npos)
      << summary;
  EXPECT_EQ(r["figures"]["campaign"]["unbound"].size(), 1u) << r.dump(2);
}

TEST_F(CampaignRun, FinishedCampaignAgainstAnOfficeHoursDeskFailsR45OnNightsAndWeekends) {
  SupportBehaviour b;
  b.reply_delay = 5min;
  b.office_hours_only = true;
  TestDesk desk(b, DeskClock());
  ASSERT_NE(desk.port(), 0);
  const std::string db = dir_ + "/c.db";
  const std::string sc = WriteScenario("s.yaml", desk.base(), CampaignKey(db));
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
  const std::string sc = WriteScenario("s.yaml", desk.base(), CampaignKey(db));

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
  const std::string sc = WriteScenario("s.yaml", desk.base(), CampaignKey(db));
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
