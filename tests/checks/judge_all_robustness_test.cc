// JudgeAll is total: whatever an observation's data holds (a field missing,
// null, of another type; data that is no object), every check returns a
// verdict and none throws. The mutations are systematic, not random: every
// field of every observation of a full run is replaced in turn by each JSON
// type, so each read in checks/ meets each wrong type once.
#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "checks/all_checks.h"
#include "checks/guarded_check.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

// A good pool's evidence plus one observation of every other kind the
// checks read, in the shapes the probes write.
Evidence FullRun(Scenario& sc) {
  Evidence ev;
  ev.AddGoodPool(sc);
  sc.ui->crawl.max_pages = 10;
  FailoverStep step;
  step.channel = "ch1";
  step.command = "true";
  sc.sites[0].failover = step;
  ev.Failover("primary", "ch1", true, true);
  ev.Rtt("tcp.connect", "primary", "127.0.0.11", "lab", 1.5);
  ev.Rtt("latency.import", "backup", "127.0.0.21", "lab", 2.5);
  Observation crawl;
  crawl.probe = "ui.crawl";
  crawl.status = ProbeStatus::kOk;
  crawl.data = {{"finished", true}, {"pages", {{{"page", "/"}}, {{"page", "/help"}}}},
                {"left_out", 1},    {"left_out_examples", {"/more"}},
                {"found", 3},       {"skipped_links", {{"offsite", 1}}}};
  ev.Add(crawl);
  Observation ticket;
  ticket.probe = "support.ticket";
  ticket.target = "http://127.0.0.11:8080/api/tickets";
  ticket.status = ProbeStatus::kOk;
  ticket.data = {{"channel", "tickets"},
                 {"created", true},
                 {"first_human_reply_ms", 1200},
                 {"refused", {{"reason", "r"}, {"harness_fault", false}, {"kind", "k"}}}};
  ev.Add(ticket);
  Observation campaign;
  campaign.probe = "support.campaign";
  campaign.target = "campaign.db";
  campaign.status = ProbeStatus::kOk;
  campaign.data = {
      {"finished", true},
      {"seed", 7},
      {"window", {{"start", "2026-01-05"}, {"days", 7}}},
      {"holidays_in_window", nlohmann::json::array()},
      {"counts", {{"requests", 1}, {"pending", 0}, {"answered", 1}}},
      {"requests", {{{"weekday", 0}, {"hour", 3}, {"state", "answered"}, {"response_ms", 5}}}}};
  ev.Add(campaign);
  Observation doc;
  doc.probe = "document.hash";
  doc.target = "act.pdf";
  doc.status = ProbeStatus::kOk;
  doc.data = {{"clause", "R4.2"},     {"matches_declared", true}, {"reference", "No. 1"},
              {"date", "2026-01-01"}, {"issuer", "Lab"},          {"sha256", "ab12"}};
  ev.Add(doc);
  return ev;
}

const std::vector<nlohmann::json>& WrongValues() {
  static const std::vector<nlohmann::json> values = {
      nullptr,     true,        -1, 1e300, "x", nlohmann::json::array({1, "a", nullptr}),
      {{"k", {}}}, 4294967296LL};
  return values;
}

std::vector<std::string> Ids(const std::vector<CheckResult>& rs) {
  std::vector<std::string> ids;
  for (const CheckResult& r : rs) ids.push_back(r.id);
  return ids;
}

void ExpectTotal(const Scenario& sc, const std::vector<Observation>& obs,
                 const std::vector<std::string>& ids, const std::string& what) {
  std::vector<CheckResult> rs;
  ASSERT_NO_THROW(rs = JudgeAll({sc, obs})) << what;
  EXPECT_EQ(Ids(rs), ids) << what;
  for (const CheckResult& r : rs) {
    // No check may give up internally on data: that would be a harness bug.
    EXPECT_FALSE(r.figures.is_object() && r.figures.contains("internal_error"))
        << what << ": " << r.id << ": " << r.summary;
  }
}

TEST(JudgeAllRobustness, EveryFieldOfEveryObservationMayHoldAnyType) {
  Scenario sc = TwoSiteScenario();
  const Evidence ev = FullRun(sc);
  const std::vector<std::string> ids = Ids(JudgeAll({sc, ev.all()}));
  ASSERT_EQ(ids.size(), 8u);
  int mutations = 0;
  for (size_t i = 0; i < ev.all().size(); ++i) {
    const nlohmann::json original = ev.all()[i].data;
    for (const auto& [key, value] : original.items()) {
      for (const nlohmann::json& wrong : WrongValues()) {
        std::vector<Observation> obs = ev.all();
        obs[i].data[key] = wrong;
        ExpectTotal(sc, obs, ids, obs[i].probe + "." + key + " = " + wrong.dump());
        ++mutations;
      }
      std::vector<Observation> obs = ev.all();
      obs[i].data.erase(key);
      ExpectTotal(sc, obs, ids, obs[i].probe + " without " + key);
    }
    for (const nlohmann::json& wrong : WrongValues()) {
      std::vector<Observation> obs = ev.all();
      obs[i].data = wrong;
      ExpectTotal(sc, obs, ids, obs[i].probe + " data = " + wrong.dump());
    }
  }
  EXPECT_GT(mutations, 300);  // the run above really covered the fields
}

TEST(JudgeAllRobustness, AsnRecordWithNullOrganisationIsUnknownNotAnAbort) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.AddGoodPool(sc);
  std::vector<Observation> obs = ev.all();
  for (Observation& o : obs)
    if (o.probe == "asn.lookup" && o.site == "primary" && o.channel == "ch2")
      o.data["organisation"] = nullptr;
  std::vector<CheckResult> rs = JudgeAll({sc, obs});
  ASSERT_EQ(rs.size(), 8u);
  const CheckResult& primary = rs[3];
  ASSERT_EQ(primary.id, "R4.4.channels.primary");
  testing::ExpectFinding(primary, Verdict::kInconclusive, "R4.4.organisation_unknown",
                         {{"site", "primary"}, {"channel", "ch2"}});
  EXPECT_EQ(primary.figures["channels"][1]["organisation_unknown"], true);
  EXPECT_EQ(rs[4].verdict, Verdict::kPass) << "the backup site is untouched";
}

TEST(GuardedCheck, AThrowingCheckIsAnErrorForEachOfItsSlots) {
  const std::vector<CheckSlot> slots = {{"R4.4.channels.a", "R4.4", "A"},
                                        {"R4.4.channels.b", "R4.4", "B"}};
  std::vector<CheckResult> rs = GuardedCheck(
      []() -> std::vector<CheckResult> { throw std::runtime_error("type_error.302"); }, slots);
  ASSERT_EQ(rs.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(rs[i].id, slots[i].id);
    EXPECT_EQ(rs[i].clause, "R4.4");
    EXPECT_EQ(rs[i].title, slots[i].title);
    testing::ExpectFinding(rs[i], Verdict::kError, "check.internal_error",
                           {{"what", "type_error.302"}});
    EXPECT_EQ(rs[i].figures["internal_error"], "type_error.302");
  }
  std::vector<CheckResult> odd =
      GuardedCheck([]() -> std::vector<CheckResult> { throw 42; }, {slots[0]});
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_EQ(odd[0].verdict, Verdict::kError);
}

TEST(GuardedCheck, AWorkingCheckPassesThrough) {
  CheckResult r;
  r.id = "x";
  r.verdict = Verdict::kPass;
  std::vector<CheckResult> rs =
      GuardedCheck([&r] { return std::vector<CheckResult>{r}; }, {{"R4.1.location", "R4.1", "t"}});
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].id, "x");
  EXPECT_EQ(rs[0].verdict, Verdict::kPass);
}

}  // namespace
}  // namespace pooltest
