// pooltest diff on hand-made acts: verdicts, tolerances, sites, providers,
// settlements.
#include "reports/act_diff.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

nlohmann::json Act(const std::string& verdict, double rtt_ms, double coverage,
                   const std::string& city, const std::string& provider) {
  return {
      {"checks",
       {{{"id", "R4.3.backup.backup"}, {"verdict", verdict}, {"figures", {{"rtt_ms", rtt_ms}}}},
        {{"id", "R4.6.ui-languages"}, {"verdict", "pass"}, {"figures", {{"coverage", coverage}}}}}},
      {"pool",
       {{"sites",
         {{{"id", "backup"},
           {"role", "backup"},
           {"declared_settlement", "Shymkent"},
           {"observed",
            {{"addresses", {"127.0.0.21"}},
             {"settlements", {city}},
             {"providers", {provider}}}}}}}}}};
}

TEST(ActDiff, SameActWithinToleranceHasNoChanges) {
  auto changes = DiffActs(Act("pass", 1.0, 0.95, "Shymkent", "AS1 A"),
                          Act("pass", 30.0, 0.93, "Shymkent", "AS1 A"), DiffOptions{});
  EXPECT_TRUE(changes.empty()) << DiffTable(changes);
}

TEST(ActDiff, ReportsVerdictFigureSettlementAndProvider) {
  auto changes = DiffActs(Act("pass", 1.0, 0.95, "Shymkent", "AS1 A"),
                          Act("fail", 200.0, 0.40, "Almaty", "AS2 B"), DiffOptions{});
  std::set<std::string> got;
  for (const ActChange& c : changes)
    got.insert(c.kind + " " + c.subject + " " + c.field + " " + c.before + ">" + c.after);
  EXPECT_EQ(got, (std::set<std::string>{
                     "verdict R4.3.backup.backup  pass>fail",
                     "figure R4.3.backup.backup /rtt_ms 1>200",
                     "figure R4.6.ui-languages /coverage 0.95>0.4",
                     "settlement backup  Shymkent>Almaty",
                     "provider backup  AS1 A>",
                     "provider backup  >AS2 B",
                 }))
      << DiffTable(changes);
  EXPECT_EQ(DiffJson(changes)["count"], 6);
}

}  // namespace
}  // namespace pooltest
