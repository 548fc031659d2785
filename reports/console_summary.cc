#include "reports/console_summary.h"

#include <iomanip>

namespace pooltest {
namespace {

const char* Colour(Verdict v) {
  switch (v) {
    case Verdict::kPass:
    case Verdict::kAttested:
      return "\033[32m";
    case Verdict::kFail:
    case Verdict::kError:
      return "\033[31m";
    case Verdict::kInconclusive:
      return "\033[33m";
  }
  return "";
}

}  // namespace

void PrintSummary(const RunRecord& run, std::ostream& out, bool colour) {
  for (const CheckResult& c : run.checks) {
    std::string verdict = ToString(c.verdict);
    out << std::left << std::setw(5) << c.clause << ' ' << std::setw(28) << c.id << ' ';
    if (colour) out << Colour(c.verdict);
    out << std::setw(12) << verdict;
    if (colour) out << "\033[0m";
    out << ' ' << c.summary << '\n';
  }
  bool positive = IsPositive(run.checks) && !run.interrupted;
  out << (positive ? "RESULT: positive — every condition passed or is attested\n"
                   : "RESULT: not positive — see the checks above\n");
  if (run.interrupted) out << "The run was interrupted; the verdicts rest on partial evidence.\n";
  if (run.deadline_hit) out << "The run reached its deadline (thresholds.run_timeout).\n";
}

}  // namespace pooltest
