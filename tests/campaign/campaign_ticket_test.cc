// A week of support campaign against the reference pool's ticket desk, on a
// virtual clock the desk shares: office-hours support fails exactly the
// night and weekend cells, 24/7 support passes, acknowledgements are no answer.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "checks/support_campaign_binding.h"
#include "checks/support_check.h"
#include "core/sha256.h"
#include "core/utf8.h"
#include "harness/campaign/campaign_challenges.h"
#include "harness/campaign/campaign_channels.h"
#include "harness/campaign/campaign_plan.h"
#include "harness/campaign/campaign_report.h"
#include "harness/campaign/campaign_runner.h"
#include "refpool/web/support_desk.h"
#include "tests/campaign/campaign_test_env.h"
#include "tests/test_targets.h"
#include "tests/web/canary_listener.h"

namespace pooltest {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

long long Ms(system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

struct Outcome {
  CampaignMeta meta;
  std::vector<RequestRow> rows;
  nlohmann::json report;
  Observation observation;
  CheckResult check;
};

Outcome RunWeek(SupportBehaviour behaviour, int days, long long reply_wait_ms,
                bool challenge = false) {
  Outcome out;
  VirtualCampaignClock clock(MondayMidnight());
  TestDesk desk(behaviour, [&clock] { return clock.Now(); });
  EXPECT_NE(desk.port(), 0);
  Scenario sc;
  sc.support = {DeskChannel(desk.base())};
  sc.support[0].challenge = challenge;
  sc.thresholds.support_sla = 15min;
  sc.support_campaign_max_age = std::chrono::hours(24 * 3650);  // the week is in 2025

  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2025);
  EXPECT_TRUE(cal);
  CampaignPlanOptions po;
  po.start = MondayMidnight();
  po.days = days;
  po.seed = 2025;
  po.channels = {"desk"};
  auto plan = PlanCampaign(po, *cal);
  EXPECT_TRUE(plan);
  CampaignMeta m;
  m.seed = po.seed;
  m.window_start_ms = Ms(po.start);
  m.days = days;
  m.sla_ms = 15 * 60 * 1000;
  m.poll_ms = 60 * 1000;
  m.reply_wait_ms = reply_wait_ms;
  m.fingerprint = SupportCampaignFingerprint(sc);
  std::vector<RequestRow> rows = PlannedRows(*plan);
  AddChallenges(sc, po.seed, rows);
  const std::string dir = MakeTempDir("campaign-ticket");
  auto store = CampaignStore::Create(dir + "/c.db", m, rows);
  EXPECT_TRUE(store) << (store ? "" : store.error().message);
  auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
  EXPECT_TRUE(channels);
  auto res = RunCampaign(*store, *channels, clock, {});
  EXPECT_TRUE(res) << (res ? "" : res.error().message);
  EXPECT_TRUE(res && res->finished);
  out.meta = store->meta();
  out.rows = store->Requests().value();
  out.report = CampaignReportJson(out.meta, out.rows);

  // Read from a copy, as `pooltest run` does into its output folder.
  std::filesystem::create_directory(dir + "/run");
  Observation o = LoadCampaignObservation(dir + "/c.db", dir + "/run");
  EXPECT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["copy"]["file"], kCampaignCopy);
  EXPECT_EQ(o.data["copy"]["sha256"], Sha256File(dir + "/run/" + kCampaignCopy).value());
  // Reading the copy left nothing beside it (no -wal, -shm or -journal).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir + "/run"),
                          std::filesystem::directory_iterator()),
            1);
  o.id = "obs-0001";
  out.observation = o;
  std::vector<Observation> all{o};
  out.check = CheckSupport(CheckInput{sc, all});
  std::filesystem::remove_all(dir);
  return out;
}

// A desk that answers every new ticket with a 307 to a host the scenario
// does not declare: the campaign never re-sends the lab's ticket there (the
// canary accepts nothing), each request is failed with the refusal, and
// R4.5 fails.
TEST(CampaignTicket, ADeskRedirectingOffSiteIsNeverFollowed) {
  testing::CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  SupportBehaviour b;
  b.create_redirect_to = canary.origin();
  Outcome out = RunWeek(b, 1, 3600 * 1000LL);
  EXPECT_EQ(canary.accepted(), 0);
  ASSERT_EQ(out.rows.size(), 24u);
  for (const RequestRow& r : out.rows) {
    EXPECT_EQ(r.state, "failed") << r.detail;
    EXPECT_NE(r.detail.find("127.0.0.2 is not declared"), std::string::npos) << r.detail;
  }
  EXPECT_EQ(out.check.verdict, Verdict::kFail) << out.check.summary;
}

TEST(CampaignTicket, OfficeHoursDeskFailsExactlyNightAndWeekendCells) {
  SupportBehaviour b;
  b.reply_delay = 5min;
  b.office_hours_only = true;
  Outcome out = RunWeek(b, 7, 12 * 3600 * 1000LL);
  ASSERT_EQ(out.rows.size(), 168u);

  // Expected from the desk's own rule, request by request: the reply comes
  // at the next office opening after reply_delay; polls are each minute.
  std::set<std::string> expected;
  for (const RequestRow& r : out.rows) {
    const auto at = system_clock::time_point{std::chrono::milliseconds{r.planned_ms}};
    const auto due = SupportDesk::NextOfficeOpening(at + 5min);
    const auto wait = due - at;
    const auto polls = (wait + 59s) / 60s;  // first poll at or after the reply
    if (polls * 60s > 15min) {
      char buf[16];
      static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
      std::snprintf(buf, sizeof buf, "%s %02dh", days[r.weekday], r.hour);
      expected.insert(buf);
    }
  }
  std::set<std::string> failing;
  for (const auto& f : out.report["grid"]["failing"]) failing.insert(f.get<std::string>());
  EXPECT_EQ(failing, expected);
  // Sanity of the expectation itself: nights and weekends, never office hours.
  for (const char* d : {"Sat", "Sun"})
    for (int h = 0; h < 24; ++h) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%s %02dh", d, h);
      EXPECT_TRUE(failing.count(buf)) << buf;
    }
  for (const char* d : {"Mon", "Tue", "Wed", "Thu", "Fri"}) {
    for (int h : {0, 3, 7, 20, 23}) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%s %02dh", d, h);
      EXPECT_TRUE(failing.count(buf)) << buf;
    }
    for (int h = 9; h <= 17; ++h) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%s %02dh", d, h);
      EXPECT_FALSE(failing.count(buf)) << buf;
    }
  }
  EXPECT_EQ(out.check.verdict, Verdict::kFail);
  EXPECT_NE(out.check.summary.find("X"), std::string::npos);  // the grid is shown
  // Office-hours answers took reply_delay (rounded up to the poll minute).
  for (const RequestRow& r : out.rows)
    if (r.weekday < 5 && r.hour >= 9 && r.hour <= 17) {
      EXPECT_EQ(r.state, "answered");
      EXPECT_EQ(r.response_ms, 5 * 60 * 1000);
      EXPECT_EQ(r.sends, 1);
    }
}

TEST(CampaignTicket, RoundTheClockDeskPasses) {
  SupportBehaviour b;
  b.reply_delay = 7min;
  Outcome out = RunWeek(b, 7, 3600 * 1000LL);
  ASSERT_EQ(out.rows.size(), 168u);
  EXPECT_EQ(out.report["grid"]["passing_cells"], 168);
  EXPECT_TRUE(out.report["grid"]["failing"].empty());
  for (const RequestRow& r : out.rows) {
    EXPECT_EQ(r.state, "answered");
    EXPECT_EQ(r.response_ms, 7 * 60 * 1000);
    EXPECT_GE(r.auto_replies, 1);
  }
  EXPECT_EQ(out.check.verdict, Verdict::kPass) << out.check.summary;
  const auto& cell = out.report["grid"]["cells"][0];
  EXPECT_EQ(cell["median_ms"], 7 * 60 * 1000);
  EXPECT_EQ(cell["p95_ms"], 7 * 60 * 1000);
}

TEST(CampaignTicket, AutoAcknowledgementsAreNoAnswer) {
  SupportBehaviour b;
  b.auto_acknowledge = true;
  b.never_reply = true;
  Outcome out = RunWeek(b, 1, 30 * 60 * 1000LL);
  ASSERT_EQ(out.rows.size(), 24u);
  for (const RequestRow& r : out.rows) {
    EXPECT_EQ(r.state, "unanswered");
    EXPECT_EQ(r.response_ms, -1);
    EXPECT_GE(r.auto_replies, 1);
  }
  EXPECT_EQ(out.check.verdict, Verdict::kFail);
  EXPECT_EQ(out.report["grid"]["failing"].size(), 24u);
}

// Issue 19: a desk that wants to pass without people. Each knob gives R4.5
// fail or inconclusive, never pass, and the finding says why.

// One signed template for every ticket (ticket id, subject and a rotating
// name filled in): every reply is automatic, every cell fails.
TEST(CampaignTicket, OneSignedTemplateForEveryTicketIsAutomaticAndFails) {
  SupportBehaviour b;
  b.reply_delay = 5min;
  b.template_reply = true;
  Outcome out = RunWeek(b, 7, 3600 * 1000LL);
  ASSERT_EQ(out.rows.size(), 168u);
  for (const RequestRow& r : out.rows) {
    EXPECT_EQ(r.state, "answered");
    EXPECT_EQ(r.reply_class, "automatic") << r.reply_text;  // stored in the database
    ASSERT_FALSE(r.reply_reasons.empty());
    EXPECT_NE(r.reply_reasons[0].find("one template"), std::string::npos);
  }
  EXPECT_EQ(out.check.verdict, Verdict::kFail) << out.check.summary;
  EXPECT_EQ(out.check.figures["campaign"]["grid"]["failing"].size(), 168u);
  EXPECT_NE(out.check.summary.find("replies: 0 human, 168 automatic, 0 doubtful; automatic e.g. "
                                   "request 1 (Mon 00h): the same text as the replies to 167 "
                                   "other requests, e.g. request 2"),
            std::string::npos)
      << out.check.summary;
  EXPECT_NE(out.check.figures["campaign"]["grid"]["cells"][0]["why"].get<std::string>().find(
                "answered only automatically"),
            std::string::npos);
}

// Replies in seconds, each worded on its own: nobody reads and answers that
// fast, so no cell can pass; R4.5 is inconclusive, the grid all '~'.
TEST(CampaignTicket, AnswersInSecondsAreDoubtfulAndNeverPass) {
  SupportBehaviour b;
  b.reply_delay = 3s;
  Outcome out = RunWeek(b, 7, 3600 * 1000LL);
  ASSERT_EQ(out.rows.size(), 168u);
  for (const RequestRow& r : out.rows) {
    EXPECT_EQ(r.response_ms, 10000) << r.seq;  // seen at the first early poll
    EXPECT_EQ(r.reply_class, "doubtful");
  }
  EXPECT_EQ(out.check.verdict, Verdict::kInconclusive) << out.check.summary;
  EXPECT_EQ(out.check.figures["campaign"]["grid"]["doubtful"].size(), 168u);
  EXPECT_EQ(out.check.figures["campaign"]["grid"]["rows"][0], "Mon ~~~~~~~~~~~~~~~~~~~~~~~~");
  EXPECT_NE(out.check.summary.find("168 of 168 hour x weekday cells were answered by replies not "
                                   "shown to come from a person"),
            std::string::npos)
      << out.check.summary;
  EXPECT_NE(out.check.summary.find("it came after 10 s, faster than a person reads and answers"),
            std::string::npos)
      << out.check.summary;
}

// The challenge answered only in office hours: at night the replies read
// like a person's but miss the answer, so those cells are doubtful.
TEST(CampaignTicket, AChallengeAnsweredOnlyInOfficeHoursLeavesNightsDoubtful) {
  SupportBehaviour b;
  b.reply_delay = 5min;
  b.challenge_office_hours_only = true;
  Outcome out = RunWeek(b, 7, 3600 * 1000LL, /*challenge=*/true);
  ASSERT_EQ(out.rows.size(), 168u);
  std::set<std::string> langs;
  for (const RequestRow& r : out.rows) langs.insert(r.lang);
  EXPECT_EQ(langs, (std::set<std::string>{"en", "kk", "ru"}));
  EXPECT_EQ(out.check.verdict, Verdict::kInconclusive) << out.check.summary;
  std::set<std::string> doubtful;
  for (const auto& c : out.check.figures["campaign"]["grid"]["doubtful"])
    doubtful.insert(c.get<std::string>());
  for (const char* cell : {"Sat 03h", "Sun 14h", "Mon 03h", "Wed 22h"})
    EXPECT_TRUE(doubtful.count(cell)) << cell;
  for (const char* cell : {"Mon 10h", "Tue 11h", "Thu 16h"}) EXPECT_FALSE(doubtful.count(cell));
  EXPECT_NE(out.check.summary.find("it does not contain the answer"), std::string::npos)
      << out.check.summary;
  const auto& replies = out.check.figures["campaign"]["replies"]["desk"];
  EXPECT_EQ(replies["human"].get<int>() + replies["doubtful"].get<int>(), 168);
  EXPECT_GT(replies["human"].get<int>(), 30);
}

// A desk of people: every reply worded on its own, on topic, answering the
// challenge in the request's language, at any hour: R4.5 passes.
TEST(CampaignTicket, AHumanDeskAnsweringEveryChallengePasses) {
  SupportBehaviour b;
  b.reply_delay = 6min;
  Outcome out = RunWeek(b, 7, 3600 * 1000LL, /*challenge=*/true);
  ASSERT_EQ(out.rows.size(), 168u);
  for (const RequestRow& r : out.rows) {
    EXPECT_EQ(r.reply_class, "human") << r.reply_text;
    EXPECT_NE(r.reply_text.find(" = " + r.challenge_answer + "."), std::string::npos);
  }
  EXPECT_EQ(out.check.verdict, Verdict::kPass) << out.check.summary;
  EXPECT_EQ(out.check.figures["campaign"]["replies"]["desk"]["human"], 168);
}

TEST(CampaignTicket, RequestsDueWhileDownAreMissedNotSilentlySkipped) {
  SupportBehaviour b;
  b.reply_delay = 2min;
  VirtualCampaignClock clock(MondayMidnight());
  TestDesk desk(b, [&clock] { return clock.Now(); });
  Scenario sc;
  sc.support = {DeskChannel(desk.base())};
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2025);
  ASSERT_TRUE(cal);
  CampaignPlanOptions po;
  po.start = MondayMidnight();
  po.days = 1;
  po.seed = 5;
  po.channels = {"desk"};
  auto plan = PlanCampaign(po, *cal);
  ASSERT_TRUE(plan);
  CampaignMeta m;
  m.window_start_ms = Ms(po.start);
  std::vector<RequestRow> rows = PlannedRows(*plan);
  const std::string dir = MakeTempDir("campaign-missed");
  {
    auto store = CampaignStore::Create(dir + "/c.db", m, rows);
    ASSERT_TRUE(store);
    auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
    ASSERT_TRUE(channels);
    CampaignRunOptions opt;
    opt.max_steps = 40;  // stop early: "the harness went down"
    auto res = RunCampaign(*store, *channels, clock, opt);
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->finished);
  }
  // Down for six hours, then resumed.
  const auto down_at = clock.Now();
  clock.Set(down_at + 6h);
  auto store = CampaignStore::Open(dir + "/c.db");
  ASSERT_TRUE(store);
  auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
  ASSERT_TRUE(channels);
  auto res = RunCampaign(*store, *channels, clock, {});
  ASSERT_TRUE(res && res->finished);
  int missed = 0;
  const std::vector<RequestRow> final_rows = store->Requests().value();
  for (const RequestRow& r : final_rows) {
    const auto at = system_clock::time_point{std::chrono::milliseconds{r.planned_ms}};
    if (at > down_at + 5min && at + 5min < down_at + 6h) {
      EXPECT_EQ(r.state, "missed") << r.seq;
      ++missed;
    }
    if (r.state == "missed") {
      EXPECT_NE(r.detail.find("not running"), std::string::npos);
    }
    EXPECT_LE(r.sends, 1);
  }
  EXPECT_GE(missed, 4);
  auto rep = CampaignReportJson(store->meta(), final_rows);
  EXPECT_EQ(rep["counts"]["missed"].get<int>() >= missed, true);
  EXPECT_FALSE(rep["grid"]["uncovered"].empty());
  std::filesystem::remove_all(dir);
}

TEST(CampaignTicket, RateLimitHoldsAcrossAResumeFromTheSendTimesInTheDatabase) {
  SupportBehaviour b;
  b.reply_delay = 2min;
  VirtualCampaignClock clock(MondayMidnight());
  TestDesk desk(b, [&clock] { return clock.Now(); });
  Scenario sc;
  sc.support = {DeskChannel(desk.base())};
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2025);
  ASSERT_TRUE(cal);
  // Six requests an hour, at least two minutes apart; a long grace, so
  // several requests are overdue but still sendable when the campaign resumes.
  CampaignPlanOptions po;
  po.start = MondayMidnight();
  po.days = 1;
  po.seed = 11;
  po.per_hour = 6;
  po.min_gap = 120s;
  po.channels = {"desk"};
  auto plan = PlanCampaign(po, *cal);
  ASSERT_TRUE(plan);
  CampaignMeta m;
  m.window_start_ms = Ms(po.start);
  m.per_hour = 6;
  m.min_gap_s = 120;
  m.late_grace_ms = 30 * 60 * 1000LL;
  m.reply_wait_ms = 20 * 60 * 1000LL;
  std::vector<RequestRow> rows = PlannedRows(*plan);
  const std::string dir = MakeTempDir("campaign-ratelimit");
  {
    auto store = CampaignStore::Create(dir + "/c.db", m, rows);
    ASSERT_TRUE(store);
    auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
    ASSERT_TRUE(channels);
    CampaignRunOptions opt;
    opt.max_steps = 60;  // stop early: "the harness went down"
    auto res = RunCampaign(*store, *channels, clock, opt);
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->finished);
  }
  // Down for 50 minutes: the first 20 of them are past the grace (missed),
  // the last 30 hold at least two overdue requests (spaced out on resume).
  const long long down_ms = Ms(clock.Now());
  const long long resume_ms = down_ms + 50 * 60 * 1000LL;
  clock.Set(system_clock::time_point{std::chrono::milliseconds{resume_ms}});
  auto store = CampaignStore::Open(dir + "/c.db");
  ASSERT_TRUE(store);
  auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
  ASSERT_TRUE(channels);
  auto res = RunCampaign(*store, *channels, clock, {});
  ASSERT_TRUE(res && res->finished);

  // From the database alone: every send time, in order, at least the gap apart.
  const std::vector<RequestRow> final_rows = store->Requests().value();
  ASSERT_EQ(final_rows.size(), 144u);
  std::vector<long long> sends;
  int overdue_sent = 0, missed_while_down = 0;
  for (const RequestRow& r : final_rows) {
    EXPECT_TRUE(IsTerminal(r.state)) << r.seq << " " << r.state;
    EXPECT_LE(r.sends, 1);
    if (r.sends == 1) {
      sends.push_back(r.intent_ms);
      EXPECT_GE(r.intent_ms, r.planned_ms);
      EXPECT_LE(r.intent_ms - r.planned_ms, m.late_grace_ms) << r.seq;
      if (r.planned_ms < resume_ms && r.planned_ms > down_ms) ++overdue_sent;
    }
    if (r.planned_ms > down_ms && r.planned_ms + m.late_grace_ms < resume_ms) {
      EXPECT_EQ(r.state, "missed") << r.seq;  // reported, not silently skipped
      EXPECT_NE(r.detail.find("not running"), std::string::npos) << r.detail;
      ++missed_while_down;
    }
    if (r.state == "missed") {
      EXPECT_EQ(r.sends, 0);
    }
  }
  std::sort(sends.begin(), sends.end());
  for (size_t i = 1; i < sends.size(); ++i)
    EXPECT_GE(sends[i] - sends[i - 1], 120 * 1000) << "sends " << i - 1 << " and " << i;
  EXPECT_GE(overdue_sent, 2);  // the case that used to go out in one burst
  EXPECT_GE(missed_while_down, 1);
  // The overdue ones went out one gap apart from the resume on.
  EXPECT_NE(std::find(sends.begin(), sends.end(), resume_ms), sends.end());
  EXPECT_NE(std::find(sends.begin(), sends.end(), resume_ms + 120 * 1000), sends.end());
  auto rep = CampaignReportJson(store->meta(), final_rows);
  EXPECT_EQ(rep["counts"]["missed"].get<int>(), missed_while_down);
  std::filesystem::remove_all(dir);
}

// Requests closer than the rate limit (a plan made with a smaller gap): the
// limit still holds; the one it would push past the grace is reported missed.
TEST(CampaignTicket, RateLimitNeverExceededEvenByACloserPlan) {
  SupportBehaviour b;
  b.reply_delay = 1min;
  VirtualCampaignClock clock(MondayMidnight());
  TestDesk desk(b, [&clock] { return clock.Now(); });
  Scenario sc;
  sc.support = {DeskChannel(desk.base())};
  CampaignMeta m;
  m.window_start_ms = Ms(MondayMidnight());
  m.min_gap_s = 600;
  m.late_grace_ms = 300 * 1000LL;
  m.reply_wait_ms = 30 * 60 * 1000LL;
  std::vector<RequestRow> rows;
  for (long long at_s : {0LL, 10LL, 700LL}) {
    RequestRow r;
    r.seq = static_cast<int>(rows.size()) + 1;
    r.token = "PT-gap-" + std::to_string(r.seq);
    r.channel = "desk";
    r.planned_ms = Ms(MondayMidnight()) + at_s * 1000;
    rows.push_back(r);
  }
  const std::string dir = MakeTempDir("campaign-gap");
  auto store = CampaignStore::Create(dir + "/c.db", m, rows);
  ASSERT_TRUE(store);
  auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
  ASSERT_TRUE(channels);
  auto res = RunCampaign(*store, *channels, clock, {});
  ASSERT_TRUE(res && res->finished);
  const std::vector<RequestRow> out = store->Requests().value();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].state, "answered");
  EXPECT_EQ(out[0].intent_ms, rows[0].planned_ms);
  EXPECT_EQ(out[1].state, "missed");
  EXPECT_EQ(out[1].sends, 0);
  EXPECT_NE(out[1].detail.find("rate limit of 600 s"), std::string::npos) << out[1].detail;
  EXPECT_EQ(out[2].state, "answered");
  EXPECT_EQ(out[2].intent_ms, rows[2].planned_ms);  // 700 s after the first: within the limit
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pooltest

namespace pooltest {
namespace {

// Replies in Kazakh and with 3- and 4-byte characters, padded so the reply
// excerpt's byte budget ends at every position inside a character: the
// report is valid JSON each time (it once aborted on a cut character).
TEST(CampaignTicket, TheReportStaysValidWhereverTheExcerptCutsAReply) {
  for (size_t pad = 0; pad < 4; ++pad) {
    SupportBehaviour b;
    b.reply_delay = 5min;
    b.auto_acknowledge = false;
    b.reply_text = std::string(pad, 'a');
    for (int i = 0; i < 60; ++i) b.reply_text += "Қ€𝄞";  // 2 + 3 + 4 bytes
    Outcome out = RunWeek(b, 1, 3600 * 1000LL);
    ASSERT_EQ(out.rows.size(), 24u);
    for (const RequestRow& r : out.rows) {
      ASSERT_EQ(r.state, "answered") << r.detail;
      EXPECT_TRUE(IsValidUtf8(r.reply_excerpt)) << pad;
      EXPECT_FALSE(r.reply_excerpt.empty());
      EXPECT_EQ(b.reply_text.rfind(r.reply_excerpt, 0), 0u) << "an excerpt is a prefix";
    }
    std::string text;
    ASSERT_NO_THROW(text = out.report.dump()) << pad;
    EXPECT_NO_THROW(FormatCampaignReport(out.report));
    EXPECT_EQ(nlohmann::json::parse(text), out.report);
  }
}

// Wraps a channel and reads the store's row at the moment of each send: what
// a run killed in that moment leaves behind for the resumed one.
class IntentReadingChannel : public CampaignChannel {
 public:
  IntentReadingChannel(std::unique_ptr<CampaignChannel> inner, std::string db)
      : inner_(std::move(inner)), db_(std::move(db)) {}
  SendOutcome Send(const SupportMessage& m, system_clock::time_point now) override {
    auto store = CampaignStore::Open(db_);
    EXPECT_TRUE(store);
    auto rows = store ? store->Requests() : Result<std::vector<RequestRow>>(Error{"no store"});
    EXPECT_TRUE(rows);
    if (rows)
      for (const RequestRow& r : *rows)
        if (r.token == m.token) intents.push_back(r);
    return inner_->Send(m, now);
  }
  ReplyCheck Check(const std::string& handle, const std::string& token) override {
    return inner_->Check(handle, token);
  }
  Result<SendOutcome> Resolve(const std::string& token) override { return inner_->Resolve(token); }

  std::vector<RequestRow> intents;

 private:
  std::unique_ptr<CampaignChannel> inner_;
  std::string db_;
};

// A run killed between the intent and the send's outcome is settled by
// lookup on resume; the report then shows what the intent recorded, so the
// intent must already hold the subject (a kill there once left it empty).
TEST(CampaignTicket, TheSendIntentAlreadyHoldsTheSubject) {
  VirtualCampaignClock clock(MondayMidnight());
  SupportBehaviour b;
  b.reply_delay = 5min;
  TestDesk desk(b, [&clock] { return clock.Now(); });
  ASSERT_NE(desk.port(), 0);
  Scenario sc;
  sc.support = {DeskChannel(desk.base())};
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2025);
  ASSERT_TRUE(cal);
  CampaignPlanOptions po;
  po.start = MondayMidnight();
  po.days = 1;
  po.seed = 7;
  po.channels = {"desk"};
  auto plan = PlanCampaign(po, *cal);
  ASSERT_TRUE(plan);
  CampaignMeta m;
  m.seed = po.seed;
  m.window_start_ms = Ms(po.start);
  m.days = 1;
  m.sla_ms = 15 * 60 * 1000;
  m.poll_ms = 60 * 1000;
  m.reply_wait_ms = 3600 * 1000LL;
  const std::string dir = MakeTempDir("campaign-intent");
  auto store = CampaignStore::Create(dir + "/c.db", m, PlannedRows(*plan));
  ASSERT_TRUE(store);
  auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
  ASSERT_TRUE(channels);
  auto reader =
      std::make_unique<IntentReadingChannel>(std::move((*channels)["desk"]), dir + "/c.db");
  IntentReadingChannel* seen = reader.get();
  (*channels)["desk"] = std::move(reader);
  auto res = RunCampaign(*store, *channels, clock, {});
  ASSERT_TRUE(res && res->finished);
  ASSERT_EQ(seen->intents.size(), 24u);
  for (const RequestRow& r : seen->intents) {
    EXPECT_EQ(r.state, "sending") << r.seq;
    EXPECT_EQ(r.subject, "pooltest support check " + r.token) << r.seq;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pooltest
