// A support campaign is evidence for R4.5 only about what it tested
// (checks/support_campaign_binding.h): another BIN, other endpoints of a
// ticket or e-mail desk, another scenario file, no fingerprint at all, or a
// window too old or later than the run make R4.5 inconclusive, naming what
// differs; an answered row without a response time is of unknown outcome.
// Every field read from the campaign database is read type-safely: one of
// the wrong type is absent, so the verdict is never `error` (a read that
// threw) and never `pass` (an absent fact taken as proof).
#include "checks/support_campaign_binding.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "checks/all_checks.h"
#include "checks/finding_catalogue.h"
#include "checks/finding_translations.h"
#include "checks/support_check.h"
#include "core/time_format.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

// The parts rendered as their English sentences.
std::vector<std::string> En(const std::vector<nlohmann::json>& parts) {
  std::vector<std::string> out;
  for (const nlohmann::json& p : parts) out.push_back(RenderPart(p));
  return out;
}

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::system_clock;

Scenario Desks() {
  Scenario sc = testing::TwoSiteScenario();
  sc.sha256 = std::string(64, 'a');
  sc.applicant.bin = "230440012341";
  SupportChannel t;
  t.name = "desk";
  t.ticket.create_url = "https://pool.example.kz/api/tickets";
  t.ticket.poll_url = "https://pool.example.kz/api/tickets/{{ticket_id}}";
  SupportChannel m;
  m.name = "mail";
  m.kind = SupportChannel::Kind::kEmail;
  m.email.smtp_url = "smtp://mail.example.kz:587";
  m.email.imap_url = "imaps://mail.example.kz:993/INBOX";
  m.email.from = "lab@example.kz";
  m.email.to = "support@example.kz";
  m.email.username = "lab@example.kz";
  sc.support = {t, m};
  return sc;
}

long long Ms(system_clock::time_point t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

// A finished campaign of `recorded`'s pool whose window ended `age` before
// the run, every cell answered in a minute.
Observation Campaign(const Scenario& recorded, hours age) {
  Observation o;
  o.id = "obs-0001";
  o.probe = "support.campaign";
  o.target = "c.db";
  o.status = ProbeStatus::kOk;
  o.started = system_clock::now();
  nlohmann::json reqs = nlohmann::json::array();
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h)
      reqs.push_back(
          {{"weekday", d},
           {"hour", h},
           {"state", "answered"},
           {"token", "PT-" + std::to_string(d * 24 + h)},
           {"reply_text", "on PT-" + std::to_string(d * 24 + h) + ": day x" +
                              std::string(1, 'a' + d) + " hour y" + std::string(1, 'a' + h)},
           {"response_ms", 60000}});
  o.data = {{"finished", true},
            {"requests", reqs},
            {"fingerprint", SupportCampaignFingerprint(recorded)},
            {"window", {{"end_ms", Ms(o.started - age)}}}};
  return o;
}

CheckResult Judge(const Scenario& sc, const Observation& o) {
  std::vector<Observation> all{o};
  return CheckSupport(CheckInput{sc, all});
}

TEST(SupportCampaignBinding, AMatchingRecentCampaignPasses) {
  const Scenario sc = Desks();
  const CheckResult r = Judge(sc, Campaign(sc, hours(24)));
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.summary;
  EXPECT_EQ(r.figures["campaign"]["fingerprint"]["applicant_bin"], sc.applicant.bin);
}

TEST(SupportCampaignBinding, AnotherPoolsTicketApiIsInconclusiveNamingBothUrls) {
  Scenario other = Desks();
  other.support[0].ticket.create_url = "https://other.example.kz/api/tickets";
  const CheckResult r = Judge(Desks(), Campaign(other, hours(24)));
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_NE(r.summary.find("the campaign tested ticket API 'desk' create URL "
                           "https://other.example.kz/api/tickets but the scenario declares "
                           "https://pool.example.kz/api/tickets"),
            std::string::npos)
      << r.summary;
  EXPECT_NE(r.summary.find("pooltest campaign start --scenario"), std::string::npos) << r.summary;
  EXPECT_EQ(r.figures["campaign"]["unbound"].size(), 1u);
}

TEST(SupportCampaignBinding, EveryEmailEndpointIsCompared) {
  Scenario other = Desks();
  other.support[1].email.smtp_url = "smtp://mx.other.kz:25";
  other.support[1].email.imap_url = "imaps://mail.example.kz:993/Other";
  other.support[1].email.to = "help@other.kz";
  const std::vector<std::string> d =
      En(CampaignFingerprintDifferences(SupportCampaignFingerprint(other), Desks()));
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0],
            "the campaign tested e-mail channel 'mail' SMTP server smtp://mx.other.kz:25 but the "
            "scenario declares smtp://mail.example.kz:587");
  EXPECT_EQ(d[1],
            "the campaign tested e-mail channel 'mail' IMAP mailbox "
            "imaps://mail.example.kz:993/Other but the scenario declares "
            "imaps://mail.example.kz:993/INBOX");
  EXPECT_EQ(d[2],
            "the campaign tested e-mail channel 'mail' desk address help@other.kz but the "
            "scenario declares support@example.kz");
}

TEST(SupportCampaignBinding, BinChannelsAndScenarioHashAreCompared) {
  Scenario other = Desks();
  other.applicant.bin = "180340021791";
  other.support.pop_back();
  other.support[0].name = "tickets";
  other.sha256 = std::string(64, 'b');
  const std::vector<std::string> d =
      En(CampaignFingerprintDifferences(SupportCampaignFingerprint(other), Desks()));
  ASSERT_EQ(d.size(), 5u) << nlohmann::json(d).dump(1);
  EXPECT_EQ(d[0],
            "the campaign tested the applicant with BIN 180340021791 but the scenario "
            "declares BIN " +
                Desks().applicant.bin);
  EXPECT_EQ(d[1], "the campaign tested ticket API 'tickets', which the scenario does not declare");
  EXPECT_EQ(d[2], "the scenario declares ticket API 'desk', which the campaign did not test");
  EXPECT_EQ(d[3], "the scenario declares e-mail channel 'mail', which the campaign did not test");
  EXPECT_NE(d[4].find("SHA-256 is " + std::string(64, 'b') + " but this scenario's is " +
                      std::string(64, 'a')),
            std::string::npos)
      << d[4];
}

TEST(SupportCampaignBinding, ACampaignWithoutAFingerprintIsInconclusive) {
  const Scenario sc = Desks();
  Observation o = Campaign(sc, hours(24));
  o.data.erase("fingerprint");
  const CheckResult r = Judge(sc, o);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_NE(r.summary.find("recorded no fingerprint"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("rerun the campaign"), std::string::npos) << r.summary;
  o.data["fingerprint"] = "not an object";
  EXPECT_EQ(Judge(sc, o).verdict, Verdict::kInconclusive);
}

TEST(SupportCampaignBinding, AnOutdatedCampaignIsInconclusiveWithItsEndAndTheLimit) {
  Scenario sc = Desks();
  Observation o = Campaign(sc, hours(24 * 31));
  CheckResult r = Judge(sc, o);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  const std::string end = FormatKazakhstan(
      system_clock::time_point{milliseconds{o.data["window"]["end_ms"].get<long long>()}});
  EXPECT_NE(r.summary.find("the campaign's window ended " + end +
                           ", more than 30 days (support_campaign.max_age) before this run"),
            std::string::npos)
      << r.summary;
  sc.support_campaign_max_age = hours(24 * 60);  // the scenario allows two months
  EXPECT_EQ(Judge(sc, o).verdict, Verdict::kPass);
}

TEST(SupportCampaignBinding, ACampaignEndingAfterTheRunIsInconclusive) {
  const Scenario sc = Desks();
  const CheckResult r = Judge(sc, Campaign(sc, hours(-48)));
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_NE(r.summary.find("after this run"), std::string::npos) << r.summary;
}

TEST(SupportCampaignBinding, ACampaignWithoutAWindowEndIsInconclusive) {
  const Scenario sc = Desks();
  Observation o = Campaign(sc, hours(24));
  o.data["window"] = {{"start", "2025-06-02 00:00 (UTC+5)"}};
  const CheckResult r = Judge(sc, o);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_NE(r.summary.find("recorded no window end"), std::string::npos) << r.summary;
}

TEST(SupportCampaignBinding, AnAnsweredRowWithoutAResponseTimeIsUnknownNeverAPass) {
  const Scenario sc = Desks();
  Observation o = Campaign(sc, hours(24));
  o.data["requests"][0].erase("response_ms");  // Mon 00h: "answered", no time
  const CheckResult r = Judge(sc, o);
  EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
  const nlohmann::json& cell = r.figures["campaign"]["grid"]["cells"][0];
  EXPECT_EQ(cell["status"], "uncovered");
  EXPECT_EQ(cell["unknown"], 1);
  EXPECT_EQ(cell["answered"], 0);
  EXPECT_EQ(r.figures["campaign"]["grid"]["uncovered"], nlohmann::json({"Mon 00h"}));
}

// R4.5 as the run decides it, through JudgeAll (which turns a check that
// throws into `error`).
CheckResult JudgeGuarded(const Scenario& sc, const Observation& o) {
  std::vector<Observation> all{o};
  for (CheckResult& r : JudgeAll(CheckInput{sc, all}))
    if (r.id == "R4.5.support") return r;
  ADD_FAILURE() << "no R4.5.support result";
  return {};
}

TEST(SupportCampaignBinding, WrongTypedRowFieldsAreAbsentNeverAnErrorNorAPass) {
  const Scenario sc = Desks();
  const Observation good = Campaign(sc, hours(24));
  ASSERT_EQ(JudgeGuarded(sc, good).verdict, Verdict::kPass) << "the baseline passes";
  Observation o = good;
  nlohmann::json& rows = o.data["requests"];
  // Mon 00h and 01h: one reply template, and the other row's seq is text
  // (the classifier names that row when it explains "automatic").
  rows[0]["reply_text"] = "Thank you, we received your request.";
  rows[1]["reply_text"] = "Thank you, we received your request.";
  rows[0]["seq"] = 1;
  rows[1]["seq"] = "seven";
  rows[2]["weekday"] = nullptr;             // Mon 02h: no cell
  rows[3]["hour"] = {{"h", 3}};             // Mon 03h: an object for a number
  rows[4]["response_ms"] = "fast";          // Mon 04h: no response time
  rows[5]["token"] = 5;                     // a number for a string
  rows[6]["reply_text"] = {"an", "array"};  // an array for a string
  rows[7]["state"] = {{"answered", true}};  // an object for a string
  rows[8]["reply_reasons"] = "not a list";  // recomputed by the check
  const CheckResult r = JudgeGuarded(sc, o);
  ASSERT_NE(r.verdict, Verdict::kError) << r.summary;  // an error result has no figures
  EXPECT_NE(r.verdict, Verdict::kPass) << r.summary;
  // The one template answers no one in person: its two cells miss the SLA.
  // Nothing else fails: a wrong-typed field leaves its row out or unknown.
  EXPECT_EQ(r.verdict, Verdict::kFail) << r.summary;
  EXPECT_EQ(r.finding.key, "R4.5.cells_miss_sla") << r.summary;
  EXPECT_NE(
      r.summary.find("2 of 168 hour x weekday cells miss the SLA of 900 s (Mon 00h, Mon 01h;"),
      std::string::npos)
      << r.summary;
  const nlohmann::json& grid = r.figures["campaign"]["grid"];
  const nlohmann::json& replies = r.figures["campaign"]["replies"];
  // The rows without a weekday or hour are in no cell; the one without a
  // response time is of unknown outcome; the template is automatic.
  EXPECT_EQ(grid["cells"][2]["requests"], 0) << grid["cells"][2];
  EXPECT_EQ(grid["cells"][3]["requests"], 0) << grid["cells"][3];
  EXPECT_EQ(grid["cells"][4]["unknown"], 1) << grid["cells"][4];
  ASSERT_TRUE(replies.is_object()) << replies;
  ASSERT_EQ(replies.size(), 1u) << replies;
  const nlohmann::json& desk = replies.begin().value();
  EXPECT_EQ(desk["automatic"], 2) << desk;
  EXPECT_EQ(desk["examples"]["automatic"]["seq"].is_number_integer(), true) << desk;
}

TEST(SupportCampaignBinding, WrongTypedFingerprintAndWindowAreAbsentNeverAnErrorNorAPass) {
  const Scenario sc = Desks();
  struct Case {
    const char* what;
    const char* pointer;  // into the campaign's data
    nlohmann::json value;
    const char* problem;
  };
  const Case cases[] = {
      {"channels an object",
       "/fingerprint/channels",
       {{"name", "desk"}},
       "recorded no fingerprint"},
      {"channels null", "/fingerprint/channels", nullptr, "recorded no fingerprint"},
      {"fingerprint a number", "/fingerprint", 7, "recorded no fingerprint"},
      {"a channel a string", "/fingerprint/channels/0", "desk",
       "the scenario declares ticket API 'desk', which the campaign did not test"},
      {"a channel's name a number", "/fingerprint/channels/0/name", 1,
       "the scenario declares ticket API 'desk', which the campaign did not test"},
      {"a URL an array",
       "/fingerprint/channels/0/create_url",
       {"https://pool.example.kz"},
       "create URL none but the scenario declares https://pool.example.kz/api/tickets"},
      {"the BIN a number", "/fingerprint/applicant_bin", 230440012341LL,
       "the campaign tested the applicant with BIN none"},
      {"the scenario hash null", "/fingerprint/scenario_sha256", nullptr, "whose SHA-256 is none"},
      {"end_ms a string", "/window/end_ms", "1767225600000", "recorded no window end"},
      {"end_ms a float", "/window/end_ms", 1.5e12, "recorded no window end"},
      {"window an array", "/window", {1, 2}, "recorded no window end"},
      {"end_ms absurd", "/window/end_ms", 9000000000000000000LL, "after this run"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Observation o = Campaign(sc, hours(24));
    o.data[nlohmann::json::json_pointer(c.pointer)] = c.value;
    const CheckResult r = JudgeGuarded(sc, o);
    EXPECT_EQ(r.verdict, Verdict::kInconclusive) << r.summary;
    EXPECT_NE(r.summary.find(c.problem), std::string::npos) << r.summary;
  }
}

// The differences are catalogue parts: the act's Kazakh and Russian parts
// say them in their own language, the values quoted as they are.
TEST(SupportCampaignBinding, DifferencesReadInKazakhAndRussian) {
  Scenario other = Desks();
  other.support[1].email.to = "help@other.kz";
  const std::vector<nlohmann::json> d =
      CampaignFingerprintDifferences(SupportCampaignFingerprint(other), Desks());
  ASSERT_EQ(d.size(), 1u);
  Finding f;
  ASSERT_TRUE(FindingFromJson(d[0], &f));
  EXPECT_EQ(RenderFinding(f, nullptr, TemplatesFor("ru")),
            "кампания проверяла канал электронной почты 'mail': адрес службы поддержки — "
            "help@other.kz, а в сценарии — support@example.kz");
  EXPECT_EQ(RenderFinding(f, nullptr, TemplatesFor("kk")),
            "науқан тексерген электрондық пошта арнасы 'mail': қолдау қызметінің мекенжайы — "
            "help@other.kz, ал сценарийде — support@example.kz");
}

// Every endpoint field, each kind, an empty side and the scenario are named
// by their catalogue parts, which read in all three languages.
TEST(SupportCampaignBinding, EveryDifferenceIsACataloguePart) {
  Scenario other = Desks();
  other.support[0].ticket.create_url = "https://other.kz/api/tickets";
  other.support[0].ticket.create_method = "PUT";
  other.support[0].ticket.poll_url = "https://other.kz/api/tickets/{{ticket_id}}";
  other.support[0].ticket.lookup_url = "https://other.kz/api/lookup";
  other.support[1].email.smtp_url = "smtp://mx.other.kz:25";
  other.support[1].email.imap_url = "imaps://mx.other.kz:993/INBOX";
  other.support[1].email.to = "help@other.kz";
  other.support[1].email.from = "probe@other.kz";
  other.support[1].email.username = "probe";
  const nlohmann::json d =
      CampaignFingerprintDifferences(SupportCampaignFingerprint(other), Desks());
  ASSERT_EQ(d.size(), 9u) << d.dump(1);
  testing::ExpectPart(d, "R4.5.binding.field",
                      {{"name", "desk"}, {"was", "https://other.kz/api/tickets"}});
  testing::ExpectPart(d, "support.kind.ticket_api");
  testing::ExpectPart(d, "support.kind.email");
  testing::ExpectPart(d, "support.field.create_url");
  testing::ExpectPart(d, "support.field.create_method");
  testing::ExpectPart(d, "support.field.poll_url");
  testing::ExpectPart(d, "support.field.lookup_url");
  testing::ExpectPart(d, "support.field.smtp_url");
  testing::ExpectPart(d, "support.field.imap_url");
  testing::ExpectPart(d, "support.field.to");
  testing::ExpectPart(d, "support.field.from");
  testing::ExpectPart(d, "support.field.username");
  // The scenario declares no lookup URL: that side is "none".
  testing::ExpectPart(d, "value.none");

  Scenario moved = Desks();
  moved.applicant.bin = "180340021791";
  moved.support[1].name = "mailbox";
  moved.sha256 = std::string(64, 'b');
  const nlohmann::json m =
      CampaignFingerprintDifferences(SupportCampaignFingerprint(moved), Desks());
  testing::ExpectPart(m, "R4.5.binding.bin", {{"was", "180340021791"}});
  testing::ExpectPart(m, "R4.5.binding.channel_gone", {{"name", "mailbox"}});
  testing::ExpectPart(m, "R4.5.binding.channel_new", {{"name", "mail"}});
  testing::ExpectPart(m, "R4.5.binding.scenario", {{"was", std::string(64, 'b')}});

  nlohmann::json kind = SupportCampaignFingerprint(Desks());
  kind["channels"][0]["kind"] = "email";
  testing::ExpectPart(CampaignFingerprintDifferences(kind, Desks()), "R4.5.binding.kind_changed",
                      {{"name", "desk"}});
  testing::ExpectPart(CampaignFingerprintDifferences(nlohmann::json(), Desks()),
                      "R4.5.binding.no_fingerprint");
}

TEST(SupportCampaignBinding, AgeProblemsAreCataloguePartsWithTheirDuration) {
  const system_clock::time_point run = system_clock::now();
  testing::ExpectPart(CampaignAgeProblem(run - hours(24 * 100), run, hours(24 * 90)),
                      "R4.5.binding.too_old");
  testing::ExpectPart(CampaignAgeProblem(run - hours(24 * 100), run, hours(24 * 90)),
                      "duration.days", {{"n", 90}});
  testing::ExpectPart(CampaignAgeProblem(run - hours(48), run, hours(36)), "duration.hours",
                      {{"n", 36}});
  testing::ExpectPart(CampaignAgeProblem(run - hours(1), run, milliseconds(90000)),
                      "duration.seconds", {{"n", 90}});
  testing::ExpectPart(CampaignAgeProblem(run + hours(1), run, hours(24)), "R4.5.binding.ahead");
  EXPECT_TRUE(CampaignAgeProblem(run - hours(1), run, hours(24)).is_null());
  Observation o = Campaign(Desks(), hours(1));
  o.data["window"].erase("end_ms");
  testing::ExpectPart(CampaignBindingProblems(o, Desks()), "R4.5.binding.no_window_end");
}

// Several problems are numbered, each still a part of its own.
TEST(SupportCampaignBinding, SeveralProblemsAreNumbered) {
  Scenario other = Desks();
  other.applicant.bin = "180340021791";
  const CheckResult r = Judge(Desks(), Campaign(other, hours(24 * 400)));
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.part.problem", {{"n", 1}});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.5.binding.bin");
  EXPECT_NE(r.summary.find("(1) the campaign tested the applicant with BIN 180340021791"),
            std::string::npos)
      << r.summary;
  EXPECT_NE(r.summary.find("(2) the campaign's window ended"), std::string::npos) << r.summary;
}

}  // namespace
}  // namespace pooltest
