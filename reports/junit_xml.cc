#include "reports/junit_xml.h"

#include <algorithm>
#include <cstdio>
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

// Seconds from the first to the last probe a check cites (0 when it cites
// none with times): a check itself takes no time, its evidence does.
double CheckSeconds(const RunRecord& run, const CheckResult& c) {
  using Clock = std::chrono::system_clock;
  Clock::time_point first = Clock::time_point::max(), last = Clock::time_point::min();
  for (const std::string& id : c.evidence) {
    auto it = run.probe_times.find(id);
    if (it == run.probe_times.end() || it->second.first == Clock::time_point{}) continue;
    first = std::min(first, it->second.first);
    last = std::max(last, it->second.second);
  }
  if (last <= first) return 0;
  return std::chrono::duration<double>(last - first).count();
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

void Property(std::ostringstream& x, const std::string& name, const std::string& value) {
  x << "    <property name=\"" << X(name) << "\" value=\"" << X(value) << "\"/>\n";
}

}  // namespace

std::string JunitXml(const RunRecord& run) {
  const bool skip_inconclusive =
      run.scenario == nullptr || run.scenario->output.junit_inconclusive != "failure";
  int failures = 0, errors = 0, skipped = 0;
  for (const CheckResult& c : run.checks) {
    if (c.verdict == Verdict::kFail) ++failures;
    if (c.verdict == Verdict::kInconclusive) ++(skip_inconclusive ? skipped : failures);
    if (c.verdict == Verdict::kError) ++errors;
  }
  const std::string seconds =
      Seconds(std::max(0.0, std::chrono::duration<double>(run.finished - run.started).count()));
  const std::string counts = "tests=\"" + std::to_string(run.checks.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
                             "\" skipped=\"" + std::to_string(skipped) + "\"";
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // Jenkins' schema has no skipped count on testsuites; testsuite has one.
  x << "<testsuites name=\"pooltest\" tests=\"" << run.checks.size() << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" time=\"" << seconds << "\">\n";
  x << "  <testsuite name=\"" << X(run.scenario ? run.scenario->name : "") << "\" " << counts
    << " timestamp=\"" << FormatUtc(run.started) << "\" hostname=\""
    << X(run.hostname.empty() ? "unknown" : run.hostname) << "\" time=\"" << seconds << "\">\n";
  // What a CI server keeps with the result: which harness, which scenario,
  // from where, on what evidence and data, and whether the run was whole.
  x << "  <properties>\n";
  Property(x, "pooltest.version", run.harness_version);
  if (run.scenario) Property(x, "scenario.sha256", run.scenario->sha256);
  Property(x, "vantage", run.vantage);
  Property(x, "evidence.sha256", run.evidence_sha256);
  Property(x, "run.interrupted", run.interrupted ? "true" : "false");
  Property(x, "run.deadline_hit", run.deadline_hit ? "true" : "false");
  Property(x, "junit.inconclusive", skip_inconclusive ? "skipped" : "failure");
  if (run.data_used.is_array()) {
    for (const nlohmann::json& d : run.data_used) {
      if (!d.is_object() || !d.contains("name") || !d["name"].is_string()) continue;
      // A database's build date, or the gazetteer's as-of date.
      std::string built = "unknown";
      for (const char* key : {"built", "as_of"})
        if (built == "unknown" && d.contains(key) && d[key].is_string())
          built = d[key].get<std::string>();
      Property(x, "data." + d["name"].get<std::string>() + ".built", built);
    }
  }
  x << "  </properties>\n";
  for (const CheckResult& c : run.checks) {
    // status tells attested from pass (both pass in JUnit's terms).
    x << "    <testcase classname=\"" << X(c.clause) << "\" name=\"" << X(c.id) << "\" time=\""
      << Seconds(CheckSeconds(run, c)) << "\" status=\"" << ToString(c.verdict) << "\">\n";
    std::string msg = X(c.summary);
    switch (c.verdict) {
      case Verdict::kFail:
        x << "      <failure type=\"fail\" message=\"" << msg << "\">" << msg << "</failure>\n";
        break;
      case Verdict::kInconclusive:
        if (skip_inconclusive) {
          x << "      <skipped>inconclusive: " << msg << "</skipped>\n";
        } else {
          x << "      <failure type=\"inconclusive\" message=\"" << msg << "\">" << msg
            << "</failure>\n";
        }
        break;
      case Verdict::kError:
        x << "      <error message=\"" << msg << "\">" << msg << "</error>\n";
        break;
      case Verdict::kPass:
      case Verdict::kAttested:
        break;
    }
    x << "      <system-out>" << ToString(c.verdict) << ": " << msg << "</system-out>\n";
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
