#include "checks/support_check.h"

#include <functional>

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "checks/support_campaign_binding.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

Scenario WithTicketDesk() {
  Scenario sc = TwoSiteScenario();
  SupportChannel ch;
  ch.name = "web tickets";
  sc.support = {ch};
  sc.thresholds.support_sla = std::chrono::minutes(15);
  sc.thresholds.support_probe_window = std::chrono::seconds(10);
  return sc;
}

Observation Ticket(bool created, nlohmann::json reply_ms, ProbeStatus status = ProbeStatus::kOk) {
  Observation o;
  o.probe = "support.ticket";
  o.target = "http://127.0.0.11:8080/api/support/tickets";
  o.status = status;
  o.detail = created ? "ticket created" : "HTTP 500 from the ticket API";
  o.data = {{"channel", "web tickets"}, {"created", created}, {"first_human_reply_ms", reply_ms}};
  return o;
}

TEST(SupportCheck, ASingleAnsweredRequestIsNeverAPass) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Ticket(true, 1500));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.works_now");
  EXPECT_NE(r.summary.find("campaign"), std::string::npos);
}

TEST(SupportCheck, FailsWhenTheDeskRejectsRequests) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Ticket(false, nullptr, ProbeStatus::kFailed));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.refused");
  EXPECT_NE(r.summary.find("web tickets"), std::string::npos) << r.summary;
}

TEST(SupportCheck, FailsWhenTheFirstReplyIsLaterThanTheSla) {
  Scenario sc = WithTicketDesk();
  sc.thresholds.support_sla = std::chrono::seconds(1);
  Evidence ev;
  ev.Add(Ticket(true, 2500));
  testing::ExpectFinding(CheckSupport({sc, ev.all()}), Verdict::kFail, "R4.5.missed_sla");
}

TEST(SupportCheck, FailsWhenNoReplyWithinAWindowAsLongAsTheSla) {
  Scenario sc = WithTicketDesk();
  sc.thresholds.support_sla = std::chrono::seconds(5);
  sc.thresholds.support_probe_window = std::chrono::seconds(5);
  Evidence ev;
  ev.Add(Ticket(true, nullptr));
  testing::ExpectFinding(CheckSupport({sc, ev.all()}), Verdict::kFail, "R4.5.missed_sla");
}

TEST(SupportCheck, NoReplyWithinAShortWindowIsInconclusive) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Ticket(true, nullptr));
  testing::ExpectFinding(CheckSupport({sc, ev.all()}), Verdict::kInconclusive,
                         "R4.5.no_answer_in_window");
}

// A finished campaign's observation: one request per cell, answered in
// `ms(weekday, hour)` (negative: unanswered). Not a template: clang 14 built
// the templated form so that the returned observation's first `data` leaked
// (LeakSanitizer; GCC's build does not).
Observation Campaign(bool finished, const std::function<long long(int, int)>& ms) {
  Observation o;
  o.probe = "support.campaign";
  o.target = "campaign.db";
  o.status = ProbeStatus::kOk;
  nlohmann::json reqs = nlohmann::json::array();
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h) {
      const long long t = ms(d, h);
      // Each reply a text of its own (words, not numbers, tell them apart)
      // naming its request's token, as a person's would.
      const std::string token = "PT-" + std::to_string(d) + "-" + std::to_string(h);
      reqs.push_back(
          {{"weekday", d},
           {"hour", h},
           {"token", token},
           {"state", t >= 0 ? "answered" : "unanswered"},
           {"reply_text", "about " + token + ": checked day x" + std::string(1, 'a' + d) +
                              " hour y" + std::string(1, 'a' + h)},
           {"response_ms", t >= 0 ? nlohmann::json(t) : nlohmann::json()}});
    }
  o.data = {{"finished", finished}, {"requests", reqs}, {"seed", 1}};
  // Bound to the scenario it is judged with, and a day old.
  o.started = std::chrono::system_clock::now();
  o.data["fingerprint"] = SupportCampaignFingerprint(WithTicketDesk());
  o.data["window"] = {{"end_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                     (o.started - std::chrono::hours(24)).time_since_epoch())
                                     .count()}};
  return o;
}

TEST(SupportCheck, CampaignWithEveryCellWithinTheSlaPasses) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Campaign(true, [](int, int) { return 5 * 60 * 1000LL; }));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.5.pass");
  EXPECT_EQ(r.figures["campaign"]["grid"]["passing_cells"], 168);
}

TEST(SupportCheck, PassingCampaignCountsItsRepliesAsHuman) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Campaign(true, [](int, int) { return 5 * 60 * 1000LL; }));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.5.part.replies",
                         {{"human", 168},
                          {"automatic", 0},
                          {"doubtful", 0},
                          {"automatic_example", ""},
                          {"doubtful_example", ""}});
}

// Every reply within a second: no person reads and answers that fast, so
// no cell passes on it, and none fails on it either.
TEST(SupportCheck, CampaignOfRepliesFasterThanAPersonIsInconclusive) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Campaign(true, [](int, int) { return 1000LL; }));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.cells_doubtful", {{"doubtful", 168}});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.part.replies",
                         {{"human", 0}, {"doubtful", 168}});
  testing::ExpectFinding(
      r, Verdict::kInconclusive, "R4.5.part.reply_example_doubtful",
      {{"cell", Part("R4.5.part.example_cell", {{"day", Part("weekday.mon")}, {"hour", "00"}})},
       {"reason", Part("R4.5.reply.too_fast", {{"seconds", 1}, {"fast", 30}})}});
  EXPECT_EQ(r.figures["campaign"]["grid"]["rows"][0], "Mon ~~~~~~~~~~~~~~~~~~~~~~~~");
}

// One signed template for every ticket: automatic, however it is signed,
// so every cell fails.
TEST(SupportCheck, CampaignOfOneSignedTemplateFails) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  Observation o = Campaign(true, [](int, int) { return 5 * 60 * 1000LL; });
  for (auto& q : o.data["requests"])
    q["reply_text"] =
        "Dear customer, we have received your request and will look into it. "
        "Kind regards, Aigerim, support engineer";
  ev.Add(o);
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.cells_miss_sla", {{"failing", 168}});
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.part.replies",
                         {{"human", 0}, {"automatic", 168}});
  testing::ExpectFinding(
      r, Verdict::kFail, "R4.5.part.reply_example_automatic",
      {{"cell", Part("R4.5.part.example_cell", {{"day", Part("weekday.mon")}, {"hour", "00"}})}});
}

// Another pool's campaign (a different desk URL): no evidence for this
// one; with this run's own request refused, a fail.
TEST(SupportCheck, CampaignOfAnotherDeskIsUnbound) {
  Scenario sc = WithTicketDesk();
  Scenario other = sc;
  other.support[0].ticket.create_url = "http://127.0.0.99:8080/api/tickets";
  Observation o = Campaign(true, [](int, int) { return 5 * 60 * 1000LL; });
  o.data["fingerprint"] = SupportCampaignFingerprint(other);
  {
    Evidence ev;
    ev.Add(o);
    CheckResult r = CheckSupport({sc, ev.all()});
    testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.campaign_unbound",
                           {{"campaign", "campaign.db"}});
    ASSERT_EQ(r.figures["campaign"]["unbound"].size(), 1u) << r.summary;
    EXPECT_NE(r.summary.find("127.0.0.99"), std::string::npos) << r.summary;
  }
  Evidence ev;
  ev.Add(o);
  ev.Add(Ticket(false, nlohmann::json(), ProbeStatus::kFailed));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.campaign_unbound_run_failed");
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.part.run_refused");
}

TEST(SupportCheck, CampaignMarksExactlyTheLateAndUnansweredCells) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Campaign(true, [](int d, int h) {
    if (d == 6 && h == 3) return -1LL;               // Sunday 03h: no answer
    if (d == 5 && h == 22) return 16 * 60 * 1000LL;  // Saturday 22h: over 15 min
    return 15 * 60 * 1000LL;                         // exactly the SLA passes
  }));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.cells_miss_sla");
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.note.week_grid");
  const auto& grid = r.figures["campaign"]["grid"];
  EXPECT_EQ(grid["failing"], nlohmann::json({"Sat 22h", "Sun 03h"}));
  EXPECT_EQ(grid["rows"][6], "Sun ...X....................");
  EXPECT_NE(r.summary.find("Sun 03h"), std::string::npos);
}

TEST(SupportCheck, CampaignWithUncoveredCellsIsInconclusive) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  Observation o = Campaign(true, [](int, int) { return 60000LL; });
  o.data["requests"].erase(o.data["requests"].begin());  // Mon 00h never asked
  ev.Add(o);
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.cells_uncovered");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.note.week_grid");
  EXPECT_EQ(r.figures["campaign"]["grid"]["uncovered"], nlohmann::json({"Mon 00h"}));
}

TEST(SupportCheck, UnfinishedCampaignIsNotUsed) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Campaign(false, [](int, int) { return 1000LL; }));
  ev.Add(Ticket(true, 1500));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.campaign_not_decisive");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.part.campaign_unfinished");
}

TEST(SupportCheck, UnfinishedCampaignSaysHowFarItGotEvenWithAnAnsweredTicket) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  Observation o = Campaign(false, [](int, int) { return 1000LL; });
  o.data["counts"] = {{"requests", 168}, {"answered", 40}, {"unanswered", 1}, {"missed", 2},
                      {"failed", 0},     {"unknown", 0},   {"pending", 125}};
  o.data["window"] = {{"start", "2025-06-02 00:00 (UTC+5)"}, {"days", 7}};
  ev.Add(o);
  ev.Add(Ticket(true, 1500));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.campaign_not_decisive");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.part.run_answered_aside");
  EXPECT_NE(r.summary.find("not finished: 43 of 168 requests settled"), std::string::npos)
      << r.summary;
  EXPECT_NE(r.summary.find("missed 2, 125 pending"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("pooltest campaign resume --db campaign.db"), std::string::npos);
  EXPECT_NE(r.summary.find("answered in 1 s"), std::string::npos) << r.summary;
  EXPECT_EQ(r.figures["campaign"]["finished"], false);
}

TEST(SupportCheck, UnreadableCampaignDatabaseIsInconclusiveAndSaysWhatToDo) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  Observation o;
  o.probe = "support.campaign";
  o.target = "/nowhere/campaign.db";
  o.status = ProbeStatus::kError;
  o.detail = "no campaign database at /nowhere/campaign.db";
  ev.Add(o);
  ev.Add(Ticket(true, 1500));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.campaign_not_decisive");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.part.campaign_unreadable");
  EXPECT_NE(r.summary.find("cannot be read (no campaign database at /nowhere/campaign.db)"),
            std::string::npos)
      << r.summary;
  EXPECT_NE(r.summary.find("pooltest campaign start"), std::string::npos) << r.summary;
}

TEST(SupportCheck, PassingCampaignDecidesAndMentionsThisRunsAnswer) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Campaign(true, [](int, int) { return 5 * 60 * 1000LL; }));
  ev.Add(Ticket(true, 2500));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.5.pass");
  testing::ExpectFinding(r, Verdict::kPass, "R4.5.part.run_answered");
  testing::ExpectFinding(r, Verdict::kPass, "R4.5.part.run_note");
  EXPECT_NE(r.summary.find("this run's request: web tickets answered in 2 s"), std::string::npos)
      << r.summary;
}

TEST(SupportCheck, FailingCampaignIsNotRescuedByAnAnsweredTicket) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Campaign(true, [](int d, int) { return d >= 5 ? -1LL : 1000LL; }));
  ev.Add(Ticket(true, 1000));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.cells_miss_sla");
  EXPECT_EQ(r.figures["campaign"]["grid"]["failing"].size(), 48u);
}

TEST(SupportCheck, ThisRunsUnansweredTicketFailsEvenAfterAPassingCampaign) {
  Scenario sc = WithTicketDesk();
  sc.thresholds.support_probe_window = sc.thresholds.support_sla;  // waited the whole SLA
  Evidence ev;
  ev.Add(Campaign(true, [](int, int) { return 60000LL; }));
  ev.Add(Ticket(true, nlohmann::json()));
  CheckResult r = CheckSupport({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.campaign_ok_run_failed");
  testing::ExpectFinding(r, Verdict::kFail, "R4.5.part.run_missed");
  EXPECT_NE(r.summary.find("met the SLA in all 168"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("no human answer within the SLA"), std::string::npos) << r.summary;
}

TEST(SupportCheck, GridFiguresMedianAndP95PerCell) {
  nlohmann::json reqs = nlohmann::json::array();
  for (long long t : {1000, 2000, 3000, 4000, 100000})
    reqs.push_back({{"weekday", 2}, {"hour", 14}, {"state", "answered"}, {"response_ms", t}});
  nlohmann::json g = SupportCampaignGrid(reqs, 60000);
  const auto& cell = g["cells"][2 * 24 + 14];
  EXPECT_EQ(cell["median_ms"], 3000);
  EXPECT_EQ(cell["p95_ms"], 100000);
  EXPECT_EQ(cell["status"], "fail");
  EXPECT_EQ(cell["answered"], 5);
}

// The example of a doubtful reply names its cell by weekday, in the part's
// language: one campaign per weekday whose replies come too fast that day.
TEST(SupportCheck, TheExampleCellIsNamedByItsWeekday) {
  const struct {
    Verdict verdict;
    const char* day;
  } kDays[] = {{Verdict::kInconclusive, "weekday.mon"}, {Verdict::kInconclusive, "weekday.tue"},
               {Verdict::kInconclusive, "weekday.wed"}, {Verdict::kInconclusive, "weekday.thu"},
               {Verdict::kInconclusive, "weekday.fri"}, {Verdict::kInconclusive, "weekday.sat"},
               {Verdict::kInconclusive, "weekday.sun"}};
  Scenario sc = WithTicketDesk();
  for (int d = 0; d < 7; ++d) {
    SCOPED_TRACE(d);
    Evidence ev;
    ev.Add(Campaign(true, [d](int day, int) { return day == d ? 1000LL : 5 * 60 * 1000LL; }));
    CheckResult r = CheckSupport({sc, ev.all()});
    testing::ExpectFinding(r, kDays[d].verdict, kDays[d].day);
    testing::ExpectFinding(r, kDays[d].verdict, "R4.5.part.example_cell",
                           {{"day", Part(kDays[d].day)}, {"hour", "00"}});
  }
}

}  // namespace
}  // namespace pooltest
