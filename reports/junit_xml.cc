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

// What the scenario asked for, with each dialect's defaults: Ant's schema
// has no <skipped>, so there an inconclusive check is a failure.
struct Form {
  bool ant = false;
  bool skip_inconclusive = true;
};

Form FormOf(const RunRecord& run) {
  Form f;
  f.ant = run.scenario != nullptr && run.scenario->output.junit_dialect == "ant";
  f.skip_inconclusive =
      !f.ant && (run.scenario == nullptr || run.scenario->output.junit_inconclusive != "failure");
  return f;
}

struct Counts {
  int failures = 0, errors = 0, skipped = 0;
};

Counts CountsOf(const RunRecord& run, const Form& f) {
  Counts n;
  for (const CheckResult& c : run.checks) {
    if (c.verdict == Verdict::kFail) ++n.failures;
    if (c.verdict == Verdict::kInconclusive) ++(f.skip_inconclusive ? n.skipped : n.failures);
    if (c.verdict == Verdict::kError) ++n.errors;
  }
  return n;
}

std::string RunSeconds(const RunRecord& run) {
  return Seconds(std::max(0.0, std::chrono::duration<double>(run.finished - run.started).count()));
}

// What a CI server keeps with the result: which harness, which scenario,
// from where, on what evidence and data, and whether the run was whole.
// Ant's dialect has no per-case status, so there each verdict is a
// property too (attested is told from pass).
void SuiteProperties(std::ostringstream& x, const RunRecord& run, const Form& f) {
  x << "  <properties>\n";
  Property(x, "pooltest.version", run.harness_version);
  if (run.scenario) Property(x, "scenario.sha256", run.scenario->sha256);
  Property(x, "vantage", run.vantage);
  Property(x, "evidence.sha256", run.evidence_sha256);
  Property(x, "run.interrupted", run.interrupted ? "true" : "false");
  Property(x, "run.deadline_hit", run.deadline_hit ? "true" : "false");
  Property(x, "junit.inconclusive", f.skip_inconclusive ? "skipped" : "failure");
  if (f.ant) {
    Property(x, "junit.dialect", "ant");
    Property(x, "timestamp.zone", "UTC");
  }
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
  if (f.ant)
    for (const CheckResult& c : run.checks) Property(x, "verdict." + c.id, ToString(c.verdict));
  x << "  </properties>\n";
}

// The element a verdict that is not a pass becomes; "" for a pass. Ant's
// schema requires a type on <error> as on <failure>.
std::string Outcome(const CheckResult& c, const Form& f) {
  const std::string msg = X(c.summary);
  switch (c.verdict) {
    case Verdict::kFail:
      return "<failure type=\"fail\" message=\"" + msg + "\">" + msg + "</failure>";
    case Verdict::kInconclusive:
      if (f.skip_inconclusive) return "<skipped>inconclusive: " + msg + "</skipped>";
      return "<failure type=\"inconclusive\" message=\"" + msg + "\">" + msg + "</failure>";
    case Verdict::kError:
      return std::string("<error") + (f.ant ? " type=\"error\"" : "") + " message=\"" + msg +
             "\">" + msg + "</error>";
    case Verdict::kPass:
    case Verdict::kAttested:
      break;
  }
  return "";
}

// Jenkins' dialect: <testsuites> around one <testsuite>; each case says its
// verdict in status and in its own <system-out>.
std::string JenkinsXml(const RunRecord& run, const Form& f) {
  const Counts n = CountsOf(run, f);
  const std::string seconds = RunSeconds(run);
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // Jenkins' schema has no skipped count on testsuites; testsuite has one.
  x << "<testsuites name=\"pooltest\" tests=\"" << run.checks.size() << "\" failures=\""
    << n.failures << "\" errors=\"" << n.errors << "\" time=\"" << seconds << "\">\n";
  x << "  <testsuite name=\"" << X(run.scenario ? run.scenario->name : "") << "\" tests=\""
    << run.checks.size() << "\" failures=\"" << n.failures << "\" errors=\"" << n.errors
    << "\" skipped=\"" << n.skipped << "\" timestamp=\"" << FormatUtc(run.started)
    << "\" hostname=\"" << X(run.hostname.empty() ? "unknown" : run.hostname) << "\" time=\""
    << seconds << "\">\n";
  SuiteProperties(x, run, f);
  for (const CheckResult& c : run.checks) {
    // status tells attested from pass (both pass in JUnit's terms).
    x << "    <testcase classname=\"" << X(c.clause) << "\" name=\"" << X(c.id) << "\" time=\""
      << Seconds(CheckSeconds(run, c)) << "\" status=\"" << ToString(c.verdict) << "\">\n";
    const std::string outcome = Outcome(c, f);
    if (!outcome.empty()) x << "      " << outcome << "\n";
    x << "      <system-out>" << ToString(c.verdict) << ": " << X(c.summary) << "</system-out>\n";
    x << "    </testcase>\n";
  }
  x << "  </testsuite>\n</testsuites>\n";
  return x.str();
}

// Ant's dialect, as its junit task writes one suite: a <testsuite> root
// whose attributes, <properties>, <system-out> and <system-err> are all
// required; a timestamp with no zone (UTC, said in a property); cases with
// no status and no output of their own, so the verdicts are properties
// and lines of the suite's <system-out>.
std::string AntXml(const RunRecord& run, const Form& f) {
  const Counts n = CountsOf(run, f);
  const std::string name =
      run.scenario && !run.scenario->name.empty() ? run.scenario->name : "pooltest";
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuite name=\"" << X(name) << "\" tests=\"" << run.checks.size() << "\" failures=\""
    << n.failures << "\" errors=\"" << n.errors << "\" timestamp=\""
    << FormatUtc(run.started).substr(0, 19) << "\" hostname=\""
    << X(run.hostname.empty() ? "localhost" : run.hostname) << "\" time=\"" << RunSeconds(run)
    << "\">\n";
  SuiteProperties(x, run, f);
  std::string out;
  for (const CheckResult& c : run.checks) {
    x << "  <testcase classname=\"" << X(c.clause) << "\" name=\"" << X(c.id) << "\" time=\""
      << Seconds(CheckSeconds(run, c)) << "\"";
    const std::string outcome = Outcome(c, f);
    if (outcome.empty()) {
      x << "/>\n";
    } else {
      x << ">\n    " << outcome << "\n  </testcase>\n";
    }
    out += X(c.id) + " " + ToString(c.verdict) + ": " + X(c.summary) + "\n";
  }
  x << "  <system-out>" << out << "</system-out>\n";
  x << "  <system-err></system-err>\n";
  x << "</testsuite>\n";
  return x.str();
}

}  // namespace

std::string JunitXml(const RunRecord& run) {
  const Form f = FormOf(run);
  return f.ant ? AntXml(run, f) : JenkinsXml(run, f);
}

Status WriteJunitXml(const RunRecord& run, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  out << JunitXml(run);
  out.close();
  if (!out) return Error{"cannot write '" + path + "'"};
  return Ok{};
}

}  // namespace pooltest
