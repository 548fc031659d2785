#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "checks/all_checks.h"
#include "checks/finding_catalogue.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

constexpr Verdict kAll[] = {Verdict::kPass, Verdict::kFail, Verdict::kInconclusive, Verdict::kError,
                            Verdict::kAttested};

CheckResult WithVerdict(Verdict v) {
  CheckResult r;
  r.id = "a";
  r.clause = "R4.1";
  r.verdict = v;
  return r;
}

TEST(Verdicts, PositiveOnlyWhenEveryCheckPassesOrIsAttested) {
  for (Verdict v : kAll) {
    const bool good = v == Verdict::kPass || v == Verdict::kAttested;
    EXPECT_EQ(IsPositive({WithVerdict(v)}), good) << ToString(v);
    EXPECT_EQ(IsPositive({WithVerdict(Verdict::kPass), WithVerdict(v)}), good) << ToString(v);
    EXPECT_EQ(IsPositive({WithVerdict(v), WithVerdict(Verdict::kAttested)}), good) << ToString(v);
  }
  EXPECT_FALSE(IsPositive({}));
}

TEST(Verdicts, EveryVerdictHasOneNameThatParsesBack) {
  std::set<std::string> names;
  for (Verdict v : kAll) {
    Verdict back = v == Verdict::kPass ? Verdict::kFail : Verdict::kPass;
    ASSERT_TRUE(ParseVerdict(ToString(v), &back)) << ToString(v);
    EXPECT_EQ(back, v);
    names.insert(ToString(v));
  }
  EXPECT_EQ(names, (std::set<std::string>{"pass", "fail", "inconclusive", "error", "attested"}));
  Verdict untouched = Verdict::kPass;
  EXPECT_FALSE(ParseVerdict("PASS", &untouched));
  EXPECT_FALSE(ParseVerdict("", &untouched));
  EXPECT_EQ(untouched, Verdict::kPass);
}

TEST(Verdicts, RoundTripThroughJsonWithTheFinding) {
  CheckResult r = WithVerdict(Verdict::kInconclusive);
  r.id = "R4.4.channels.primary";
  r.evidence = {"obs-0001"};
  r.figures = {{"x", 1}};
  Decide(r, "R4.4.asn_unknown", {{"site", "primary"}, {"channel", "ch2"}});
  AddNote(r, "R4.4.note.tls_unverified", {{"channels", {"ch1"}}});
  CheckResult back;
  std::string why;
  ASSERT_TRUE(FromJson(ToJson(r), &back, &why)) << why;
  EXPECT_EQ(back.verdict, Verdict::kInconclusive);
  EXPECT_EQ(back.evidence, r.evidence);
  EXPECT_EQ(back.figures["x"], 1);
  EXPECT_EQ(back.finding.key, "R4.4.asn_unknown");
  EXPECT_EQ(back.finding.args["channel"], "ch2");
  ASSERT_EQ(back.notes.size(), 1u);
  EXPECT_EQ(back.notes[0].key, "R4.4.note.tls_unverified");
  EXPECT_EQ(back.summary, r.summary);
  EXPECT_EQ(RenderSummary(back), r.summary);
}

TEST(Verdicts, ResultsFromBeforeFindingsStillLoad) {
  const nlohmann::json old = {{"id", "R4.1.location"},
                              {"clause", "R4.1"},
                              {"title", "t"},
                              {"verdict", "pass"},
                              {"summary", "All 4 addresses ..."},
                              {"evidence", {"obs-1"}},
                              {"figures", nlohmann::json::object()}};
  CheckResult back;
  std::string why;
  ASSERT_TRUE(FromJson(old, &back, &why)) << why;
  EXPECT_EQ(back.verdict, Verdict::kPass);
  EXPECT_TRUE(back.finding.empty());
  EXPECT_EQ(back.summary, "All 4 addresses ...");
  nlohmann::json bad = old;
  bad["finding"] = "R4.1.pass";  // not {key, args}
  EXPECT_FALSE(FromJson(bad, &back, &why));
  EXPECT_NE(why.find("finding"), std::string::npos) << why;
}

TEST(Verdicts, JudgeAllCoversEveryClauseInOrder) {
  Scenario sc = testing::TwoSiteScenario();
  testing::Evidence ev;
  ev.AddGoodPool(sc);
  std::vector<CheckResult> rs = JudgeAll({sc, ev.all()});
  std::vector<std::string> clauses;
  for (const auto& r : rs) clauses.push_back(r.clause);
  EXPECT_EQ(clauses, (std::vector<std::string>{"R4.1", "R4.2", "R4.3", "R4.4", "R4.4", "R4.5",
                                               "R4.6", "R4.7"}));
  // The good pool passes what a single run can show; R4.5 needs a campaign
  // and the documents are not attached, so the act is not positive.
  const std::pair<Verdict, const char*> expected[] = {{Verdict::kPass, "R4.1.pass_without_latency"},
                                                      {Verdict::kInconclusive, "R4.2.missing"},
                                                      {Verdict::kPass, "R4.3.pass"},
                                                      {Verdict::kPass, "R4.4.pass"},
                                                      {Verdict::kPass, "R4.4.pass"},
                                                      {Verdict::kInconclusive, "R4.5.no_channel"},
                                                      {Verdict::kPass, "R4.6.pass"},
                                                      {Verdict::kInconclusive, "R4.7.missing"}};
  ASSERT_EQ(rs.size(), std::size(expected));
  for (size_t i = 0; i < rs.size(); ++i) {
    testing::ExpectFinding(rs[i], expected[i].first, expected[i].second);
  }
  EXPECT_FALSE(IsPositive(rs));
}

}  // namespace
}  // namespace pooltest
