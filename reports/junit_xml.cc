#include "reports/junit_xml.h"

#include <fstream>
#include <sstream>

#include "core/markup_escape.h"
#include "core/time_format.h"
#include "core/utf8.h"

namespace pooltest {
namespace {

// Text from the pool (a summary quotes what it sent) may be any bytes; the
// document says UTF-8, and one invalid sequence makes a CI server reject it.
std::string X(std::string_view s) { return EscapeMarkup(ToValidUtf8(s)); }

}  // namespace

std::string JunitXml(const RunRecord& run) {
  int failures = 0, errors = 0;
  for (const CheckResult& c : run.checks) {
    if (c.verdict == Verdict::kFail || c.verdict == Verdict::kInconclusive) ++failures;
    if (c.verdict == Verdict::kError) ++errors;
  }
  double seconds = std::chrono::duration<double>(run.finished - run.started).count();
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuites name=\"pooltest\" tests=\"" << run.checks.size() << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" time=\"" << seconds << "\">\n";
  x << "  <testsuite name=\"" << X(run.scenario->name) << "\" tests=\"" << run.checks.size()
    << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" timestamp=\""
    << FormatUtc(run.started) << "\" time=\"" << seconds << "\">\n";
  for (const CheckResult& c : run.checks) {
    x << "    <testcase classname=\"" << X(c.clause) << "\" name=\"" << X(c.id) << "\">\n";
    std::string msg = X(c.summary);
    switch (c.verdict) {
      case Verdict::kFail:
        x << "      <failure type=\"fail\" message=\"" << msg << "\">" << msg << "</failure>\n";
        break;
      case Verdict::kInconclusive:
        x << "      <failure type=\"inconclusive\" message=\"" << msg << "\">" << msg
          << "</failure>\n";
        break;
      case Verdict::kError:
        x << "      <error message=\"" << msg << "\">" << msg << "</error>\n";
        break;
      case Verdict::kPass:
      case Verdict::kAttested:
        x << "      <system-out>" << ToString(c.verdict) << ": " << msg << "</system-out>\n";
        break;
    }
    x << "    </testcase>\n";
  }
  x << "  </testsuite>\n</testsuites>\n";
  return x.str();
}

Status WriteJunitXml(const RunRecord& run, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  out << JunitXml(run);
  out.close();
  if (!out) return Error{"cannot write '" + path + "'"};
  return Ok{};
}

}  // namespace pooltest
