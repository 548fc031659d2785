// What the console prints at the end of a run, line by line: each verdict
// in its column with its sentence, the colour of each verdict on a
// terminal (none otherwise), and the overall result with the reasons a
// run's verdicts rest on partial evidence.
#include "reports/console_summary.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/reports/check_result_fixture.h"

namespace pooltest {
namespace {

using testing::MakeResult;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string Print(const RunRecord& run, bool colour) {
  std::ostringstream out;
  PrintSummary(run, out, colour);
  return out.str();
}

RunRecord EveryVerdict() {
  RunRecord run;
  run.checks = {
      MakeResult("R4.1.location", "R4.1", Verdict::kPass, "both sites in Kazakhstan."),
      MakeResult("R4.3.backup.b", "R4.3", Verdict::kFail, "the backup is in the same city."),
      MakeResult("R4.4.channels.primary", "R4.4", Verdict::kInconclusive, "one channel unreached."),
      MakeResult("R4.5.support", "R4.5", Verdict::kError, "the campaign database is unreadable."),
      MakeResult("R4.2.security-act", "R4.2", Verdict::kAttested, "attested by act 7."),
  };
  return run;
}

TEST(ConsoleSummary, OneLinePerCheckThenTheResult) {
  const std::vector<std::string> got = Lines(Print(EveryVerdict(), false));
  const std::vector<std::string> want = {
      "R4.1  R4.1.location                pass         both sites in Kazakhstan.",
      "R4.3  R4.3.backup.b                fail         the backup is in the same city.",
      "R4.4  R4.4.channels.primary        inconclusive one channel unreached.",
      "R4.5  R4.5.support                 error        the campaign database is unreadable.",
      "R4.2  R4.2.security-act            attested     attested by act 7.",
      "RESULT: not positive — see the checks above",
  };
  EXPECT_EQ(got, want);
}

TEST(ConsoleSummary, EachVerdictHasItsColourOnATerminalOnly) {
  const std::vector<std::string> got = Lines(Print(EveryVerdict(), true));
  ASSERT_EQ(got.size(), 6u);
  // green for pass and attested, red for fail and error, yellow for
  // inconclusive; the sentence after the reset.
  EXPECT_EQ(
      got[0],
      "R4.1  R4.1.location                \033[32mpass        \033[0m both sites in Kazakhstan.");
  EXPECT_EQ(got[1],
            "R4.3  R4.3.backup.b                \033[31mfail        \033[0m the backup is in the "
            "same city.");
  EXPECT_EQ(
      got[2],
      "R4.4  R4.4.channels.primary        \033[33minconclusive\033[0m one channel unreached.");
  EXPECT_EQ(got[3],
            "R4.5  R4.5.support                 \033[31merror       \033[0m the campaign database "
            "is unreadable.");
  EXPECT_EQ(got[4],
            "R4.2  R4.2.security-act            \033[32mattested    \033[0m attested by act 7.");
  EXPECT_EQ(Print(EveryVerdict(), false).find('\033'), std::string::npos);
}

TEST(ConsoleSummary, PositiveOnlyWhenEveryCheckPassedOrIsAttested) {
  RunRecord run = EveryVerdict();
  run.checks = {run.checks[0], run.checks[4]};
  EXPECT_EQ(Lines(Print(run, false)).back(),
            "RESULT: positive — every condition passed or is attested");
  for (Verdict v : {Verdict::kFail, Verdict::kInconclusive, Verdict::kError}) {
    run.checks[1].verdict = v;
    EXPECT_EQ(Lines(Print(run, false)).back(), "RESULT: not positive — see the checks above")
        << ToString(v);
  }
  run.checks.clear();
  EXPECT_EQ(Print(run, false), "RESULT: not positive — see the checks above\n");
}

TEST(ConsoleSummary, AnInterruptedRunIsNeverPositiveAndSaysWhy) {
  RunRecord run = EveryVerdict();
  run.checks = {run.checks[0]};
  run.interrupted = true;
  run.deadline_hit = true;
  const std::vector<std::string> got = Lines(Print(run, false));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[1], "RESULT: not positive — see the checks above");
  EXPECT_EQ(got[2], "The run was interrupted; the verdicts rest on partial evidence.");
  EXPECT_EQ(got[3], "The run reached its deadline (thresholds.run_timeout).");
  run.interrupted = false;
  const std::vector<std::string> deadline = Lines(Print(run, false));
  ASSERT_EQ(deadline.size(), 3u);
  EXPECT_EQ(deadline[1], "RESULT: positive — every condition passed or is attested");
  EXPECT_EQ(deadline[2], "The run reached its deadline (thresholds.run_timeout).");
}

}  // namespace
}  // namespace pooltest
