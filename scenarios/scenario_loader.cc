// The top level of the scenario loader: parses the first YAML document (and
// refuses a second one), checks the format version, reads each section with
// the readers of loader_sections.h, warns about sections whose absence makes
// checks inconclusive, and returns the diagnostics in file order.
#include "scenarios/scenario_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/sha256.h"
#include "scenarios/duration.h"
#include "scenarios/loader_sections.h"
#include "scenarios/yaml_document.h"

namespace pooltest {

namespace {

namespace fs = std::filesystem;

constexpr const char* kSizeHint =
    "a scenario describes a pool in a few kilobytes: values are URLs, hosts, paths and short "
    "texts; keep documents and data in their own files and name them by path";

}  // namespace

namespace loader {

namespace {

constexpr int kFormatVersion = 1;

// Returns false when the version is unsupported: the rest of the file is then
// in a format this loader does not know, and judging it would only mislead.
bool CheckVersion(ReadContext& ctx, const YAML::Node& root, Scenario& sc) {
  for (auto it = root.begin(); it != root.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node v = it->second;
    if (!key.IsScalar() || key.Scalar() != "pooltest") continue;
    Located loc{v, v.IsNull() ? key.Mark() : v.Mark(), "pooltest", "pooltest"};
    std::optional<long long> n = ReadInteger(ctx, loc);
    if (!n) return true;  // a type error, reported; go on as version 1
    if (*n != kFormatVersion) {
      ctx.Error(loc.mark, "unsupported format version " + std::to_string(*n),
                "this pooltest reads format version " + std::to_string(kFormatVersion) +
                    ": write 'pooltest: 1' or use a pooltest that knows version " +
                    std::to_string(*n));
      return false;
    }
    sc.version = static_cast<int>(*n);
    return true;
  }
  return true;  // missing: reported by the key check
}

void ReadScenario(const Loader& ld, const YAML::Node& root, Scenario& sc) {
  ReadContext& ctx = ld.ctx;
  if (!root.IsMap()) {
    ctx.Error(root.Mark(), "the top level is " + TypeName(root) + ", not a mapping",
              "a scenario starts with 'pooltest: 1' and 'name: ...' lines; see "
              "scenarios/demo.yaml");
    return;
  }
  if (!CheckVersion(ctx, root, sc)) return;
  Located top{root, root.Mark(), "", ""};
  Fields f(ctx, top);
  ReadNonEmptyInto(ctx, f, "name", sc.name);
  if (auto a = f.Get("applicant")) ReadApplicant(ld, *a, sc.applicant);
  if (auto s = f.Get("sites")) ReadSites(ld, *s, sc.sites);
  if (auto w = f.Get("worker")) ReadWorker(ld, *w, sc.worker);
  if (auto u = f.Get("ui")) {
    sc.ui.emplace();
    ReadUi(ld, *u, *sc.ui);
  } else {
    ctx.Warning(root.Mark(), "no ui section",
                "R4.6 (UI in Kazakh, Russian and English) will be inconclusive: add ui");
  }
  if (auto s = f.Get("support")) {
    ReadSupport(ld, *s, sc.support);
  } else {
    ctx.Warning(root.Mark(), "no support section",
                "R4.5 (24/7 support) will be inconclusive: add a ticket_api or email channel");
  }
  if (auto c = f.Get("support_campaign")) {
    Fields cf(ctx, *c);
    if (cf.valid())
      if (auto d = cf.Get("database"))
        if (auto s = ReadNonEmpty(ctx, *d)) {
          // Need not exist yet: the campaign may not have started.
          std::filesystem::path p(*s);
          if (p.is_relative())
            p = std::filesystem::path(ld.base_dir.empty() ? "." : ld.base_dir) / p;
          sc.support_campaign_db = p.string();
        }
    if (cf.valid())
      if (auto a = cf.Get("max_age"))
        if (auto s = ReadNonEmpty(ctx, *a)) {
          if (std::optional<std::chrono::milliseconds> ms = ParseDuration(*s))
            sc.support_campaign_max_age = *ms;
          else
            ctx.Error(a->mark, Quote(a->path) + ": bad duration " + Quote(*s),
                      "how long before the run the campaign may have ended, e.g. 30d or 90d");
        }
  }
  if (auto v = f.Get("vantage_points")) ReadVantagePoints(ld, *v, sc.vantage_points);
  if (auto d = f.Get("data_sources")) ReadDataSources(ld, *d, sc.data_sources);
  for (auto it = sc.data_sources.begin(); it != sc.data_sources.end();) {
    if (it->kind != DataSource::Kind::kGazetteer) {
      ++it;
      continue;
    }
    sc.gazetteer = *it;
    it = sc.data_sources.erase(it);
  }
  if (auto m = f.Get("measurements")) ReadMeasurements(ld, *m, sc.measurements);
  bool geo = false, asn = false;
  for (const DataSource& d : sc.data_sources) {
    geo = geo || d.kind == DataSource::Kind::kGeolocation;
    asn = asn || d.kind == DataSource::Kind::kAsn;
  }
  if (!geo)
    ctx.Warning(root.Mark(), "no geolocation data source",
                "R4.1 and R4.3 will be inconclusive: add data_sources.geolocation");
  if (!asn)
    ctx.Warning(root.Mark(), "no ASN data source",
                "R4.4 will be inconclusive: add data_sources.asn");
  if (auto d = f.Get("dns")) ReadDns(ld, *d, sc.dns);
  if (auto t = f.Get("thresholds")) ReadThresholds(ld, *t, sc.thresholds);
  if (auto d = f.Get("documents")) ReadDocuments(ld, *d, sc.documents);
  for (const char* clause : {"R4.2", "R4.7"}) {
    bool found = false;
    for (const AttestedDocument& doc : sc.documents) found = found || doc.clause == clause;
    if (!found)
      ctx.Warning(root.Mark(), std::string("no document for ") + clause,
                  std::string(clause) +
                      " is attested by a document: the act will not be "
                      "positive without one (add it under documents)");
  }
  if (auto o = f.Get("output")) ReadOutput(ld, *o, sc.output);
}

}  // namespace

}  // namespace loader

LoadOutcome ParseScenario(std::string_view text, const std::string& display_path,
                          const std::string& base_dir, const LoadOptions& options) {
  ReadContext ctx(display_path);
  Scenario sc;
  sc.source_path = display_path;
  sc.sha256 = Sha256Hex(text);
  auto refuse = [&](YAML::Mark where, std::string message) {
    ctx.Error(where, std::move(message), kSizeHint);
    LoadOutcome outcome;
    outcome.diagnostics = ctx.TakeDiagnostics();
    return outcome;
  };
  if (text.size() > kMaxScenarioBytes)
    return refuse(YAML::Mark(), "the file is " + std::to_string(text.size()) +
                                    " bytes, over the limit of " +
                                    std::to_string(kMaxScenarioBytes));
  if (std::optional<int> line = loader::FindLongLine(text, kMaxScenarioScalarBytes)) {
    YAML::Mark at;
    at.line = *line - 1;  // yaml-cpp's marks are 0-based
    at.column = 0;
    return refuse(at, "line " + std::to_string(*line) + " is longer than " +
                          std::to_string(kMaxScenarioScalarBytes) + " bytes");
  }
  try {
    loader::FirstDocument doc;
    bool parsed = false;
    try {
      doc = loader::LoadFirstDocument(std::string(text), kMaxScenarioScalarBytes);
      parsed = true;
    } catch (const YAML::ParserException& e) {
      ctx.Error(e.mark, "YAML syntax error: " + e.msg,
                "check indentation (spaces, not tabs), colons after keys and matching quotes "
                "and brackets near this place");
    }
    if (parsed && doc.long_scalar) {
      ctx.Error(*doc.long_scalar,
                "a value longer than " + std::to_string(kMaxScenarioScalarBytes) + " bytes",
                kSizeHint);
    } else if (parsed && (doc.empty || doc.root.IsNull())) {
      ctx.Error(YAML::Mark(), "the file is empty",
                "a scenario needs at least pooltest, name, applicant, sites and worker; "
                "start from scenarios/demo.yaml");
    } else if (parsed) {
      if (doc.trailing)
        ctx.Error(*doc.trailing, "text after the end of the first YAML document",
                  "a scenario is one document: remove this text (or a '---' separator and "
                  "what follows it)");
      loader::Loader ld{ctx, base_dir, options};
      loader::ReadScenario(ld, doc.root, sc);
    }
  } catch (const std::exception& e) {
    // yaml-cpp may throw on inputs the parser accepted oddly; never let it out.
    ctx.Error(YAML::Mark(), std::string("cannot read the scenario: ") + e.what(),
              "simplify the construct near the last reported line");
  }
  LoadOutcome outcome;
  outcome.diagnostics = ctx.TakeDiagnosticsInFileOrder();
  if (!HasErrors(outcome.diagnostics)) outcome.scenario = std::move(sc);
  return outcome;
}

LoadOutcome LoadScenarioFile(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  auto fail = [&](std::string message, std::string hint) {
    LoadOutcome out;
    out.diagnostics.push_back({Diagnostic::Severity::kError, SourceLocation{path, 0, 0},
                               std::move(message), std::move(hint)});
    return out;
  };
  if (ec || !fs::exists(st))
    return fail("file not found: " + path, "check the path to the scenario file");
  if (!fs::is_regular_file(st))
    return fail(path + " is not a regular file", "name a scenario file, e.g. scenarios/demo.yaml");
  // Refused before reading: a huge file costs nothing.
  if (const uintmax_t size = fs::file_size(path, ec); !ec && size > kMaxScenarioBytes)
    return fail(path + " is " + std::to_string(size) + " bytes, over the limit of " +
                    std::to_string(kMaxScenarioBytes) + " for a scenario",
                kSizeHint);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return fail("cannot read " + path, "check the file's permissions");
  const std::string base = fs::path(path).parent_path().string();
  return ParseScenario(buf.str(), path, base, options);
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.where.file;
  if (d.where.line > 0)
    out += ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
  out += d.severity == Diagnostic::Severity::kError ? ": error: " : ": warning: ";
  out += d.message;
  if (!d.hint.empty()) out += "\n  hint: " + d.hint;
  return out;
}

}  // namespace pooltest
