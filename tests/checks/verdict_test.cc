#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "checks/all_checks.h"

namespace pooltest {
namespace {

TEST(Verdicts, PositiveOnlyWhenEveryCheckPassesOrIsAttested) {
  CheckResult pass{.id = "a",
                   .clause = "R4.1",
                   .title = "",
                   .verdict = Verdict::kPass,
                   .summary = "",
                   .evidence = {},
                   .figures = {}};
  CheckResult attested = pass;
  attested.verdict = Verdict::kAttested;
  CheckResult inconclusive = pass;
  inconclusive.verdict = Verdict::kInconclusive;
  EXPECT_TRUE(IsPositive({pass, attested}));
  EXPECT_FALSE(IsPositive({pass, inconclusive}));
  EXPECT_FALSE(IsPositive({}));
}

TEST(Verdicts, RoundTripThroughJson) {
  CheckResult r{.id = "R4.4.channels.primary",
                .clause = "R4.4",
                .title = "t",
                .verdict = Verdict::kInconclusive,
                .summary = "s",
                .evidence = {"obs-0001"},
                .figures = {{"x", 1}}};
  CheckResult back;
  std::string why;
  ASSERT_TRUE(FromJson(ToJson(r), &back, &why)) << why;
  EXPECT_EQ(back.verdict, Verdict::kInconclusive);
  EXPECT_EQ(back.evidence, r.evidence);
  EXPECT_EQ(back.figures["x"], 1);
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
  EXPECT_EQ(rs[0].verdict, Verdict::kPass);
  EXPECT_EQ(rs[2].verdict, Verdict::kPass);
  EXPECT_EQ(rs[3].verdict, Verdict::kPass);
  EXPECT_EQ(rs[6].verdict, Verdict::kPass);
  EXPECT_FALSE(IsPositive(rs));
}

}  // namespace
}  // namespace pooltest
