// Reads the lab file with the scenario loader's located reading machinery
// (scenario_reader.h, loader_context.h) and the lab format's own key table.
#include "scenarios/lab_loader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenarios/duration.h"
#include "scenarios/loader_context.h"
#include "scenarios/yaml_document.h"

namespace pooltest {

namespace {

namespace fs = std::filesystem;
using loader::Quote;

constexpr int kLabFormatVersion = 1;
constexpr const char* kStartHint =
    "a lab file needs pooltest_lab, name, bin, address, accreditation, act_numbering and "
    "responsible; start from scenarios/demo-lab.yaml";

const std::vector<MapSpec>& LabKeyTable() {
  const bool req = true;
  static const std::vector<MapSpec> table = {
      {"",
       {{"pooltest_lab", req},
        {"name", req},
        {"bin", req},
        {"address", req},
        {"place"},
        {"accreditation", req},
        {"act_numbering", req},
        {"responsible", req},
        {"tsa"}}},
      {"accreditation", {{"certificate", req}, {"scope", req}}},
      {"act_numbering", {{"prefix"}, {"pattern"}, {"next", req}}},
      {"responsible[]", {{"name", req}, {"position", req}}},
      {"tsa", {{"url", req}, {"ca_file"}, {"timeout"}}},
  };
  return table;
}

// Where {n} / {n:W} / {year} are in `pattern`; "" when it is well formed,
// else what is wrong with it.
std::string PatternProblem(const std::string& pattern) {
  int numbers = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '}') return "a '}' without its '{'";
    if (pattern[i] != '{') continue;
    size_t end = pattern.find('}', i);
    if (end == std::string::npos) return "a '{' without its '}'";
    std::string field = pattern.substr(i + 1, end - i - 1);
    if (field == "n" ||
        (field.size() == 3 && field.rfind("n:", 0) == 0 && field[2] >= '1' && field[2] <= '9')) {
      ++numbers;
    } else if (field != "year") {
      return "unknown field {" + field + "}";
    }
    i = end;
  }
  if (numbers != 1) return numbers == 0 ? "no {n}" : "more than one {n}";
  return "";
}

void ReadNumbering(loader::Loader& ld, const Located& v, ActNumbering& out) {
  Fields f(ld.ctx, v, LabKeyTable());
  if (!f.valid()) return;
  auto prefix = f.Get("prefix");
  auto pattern = f.Get("pattern");
  if (prefix && pattern) {
    ld.ctx.Error(pattern->mark, "act_numbering has both prefix and pattern",
                 "keep one: prefix: \"ПТ-\" numbers acts ПТ-1, ПТ-2...; pattern: "
                 "\"ПТ-{year}/{n:4}\" numbers them ПТ-2026/0001...");
  } else if (prefix) {
    if (auto s = loader::ReadNonEmpty(ld.ctx, *prefix)) {
      if (s->find_first_of("{}") != std::string::npos) {
        ld.ctx.Error(prefix->mark, "act_numbering.prefix " + Quote(*s) + " holds '{' or '}'",
                     "write fields such as {year} under pattern instead of prefix");
      } else {
        out.pattern = *s + "{n}";
      }
    }
  } else if (pattern) {
    if (auto s = loader::ReadNonEmpty(ld.ctx, *pattern)) {
      std::string problem = PatternProblem(*s);
      if (problem.empty()) {
        out.pattern = *s;
      } else {
        ld.ctx.Error(pattern->mark, "act_numbering.pattern " + Quote(*s) + ": " + problem,
                     "use {n} (or {n:4} for 0001) once for the act's number and {year} for "
                     "the year of issue, e.g. \"ПТ-{year}/{n:4}\"");
      }
    }
  } else {
    ld.ctx.Error(v.mark, "act_numbering has neither prefix nor pattern",
                 "add prefix: \"ПТ-\" or pattern: \"ПТ-{year}/{n:4}\"");
  }
  if (auto n = f.Get("next")) {
    if (auto i = ReadInteger(ld.ctx, *n)) {
      if (*i < 1) {
        ld.ctx.Error(n->mark, "act_numbering.next must be 1 or more, not " + std::to_string(*i),
                     "write the number the next act gets, e.g. next: 1");
      } else {
        out.next = *i;
      }
    }
  }
}

void ReadResponsible(loader::Loader& ld, const Located& v, std::vector<ResponsiblePerson>& out) {
  auto items = ReadList(ld.ctx, v, true);
  if (!items) return;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item, LabKeyTable());
    if (!f.valid()) continue;
    ResponsiblePerson p;
    loader::ReadNonEmptyInto(ld.ctx, f, "name", p.name);
    loader::ReadNonEmptyInto(ld.ctx, f, "position", p.position);
    out.push_back(std::move(p));
  }
}

void ReadTsa(loader::Loader& ld, const Located& v, LabFile& lab) {
  Fields f(ld.ctx, v, LabKeyTable());
  if (!f.valid()) return;
  TsaSettings tsa;
  bool ok = true;
  if (auto u = f.Get("url")) {
    auto url = loader::ReadUrl(ld.ctx, *u, {"http", "https"}, false, "http://tsa.example.kz/tsp");
    ok = url.has_value();
    // The form to connect to: an internationalised host as its A-labels.
    if (url) tsa.url = url->url;
  }
  if (auto c = f.Get("ca_file")) {
    auto file = loader::ReadExistingFile(ld, *c);
    ok = ok && file.has_value();
    if (file) tsa.ca_file = *file;
  }
  if (auto t = f.Get("timeout")) {
    std::optional<std::string> s = loader::ReadNonEmpty(ld.ctx, *t);
    std::optional<std::chrono::milliseconds> d = s ? ParseDuration(*s) : std::nullopt;
    if (s && (!d || *d > std::chrono::minutes(10))) {
      ld.ctx.Error(t->mark, "tsa.timeout " + Quote(*s) + " is not a duration up to 10m",
                   "write e.g. timeout: 30s");
      ok = false;
    } else if (d) {
      tsa.timeout = *d;
    }
  }
  if (ok) lab.tsa = tsa;
}

void ReadLab(loader::Loader& ld, const YAML::Node& root, LabFile& lab) {
  Located top{root, root.Mark(), "", ""};
  Fields f(ld.ctx, top, LabKeyTable());
  if (!f.valid()) return;
  if (auto v = f.Get("pooltest_lab")) {
    if (auto i = ReadInteger(ld.ctx, *v); i && *i != kLabFormatVersion) {
      ld.ctx.Error(v->mark, "lab file format " + std::to_string(*i) + " is not supported",
                   "this pooltest reads pooltest_lab: 1");
    }
  }
  loader::ReadNonEmptyInto(ld.ctx, f, "name", lab.name);
  loader::ReadNonEmptyInto(ld.ctx, f, "address", lab.address);
  loader::ReadNonEmptyInto(ld.ctx, f, "place", lab.place);
  if (auto b = f.Get("bin"))
    if (auto bin = loader::ReadBin(ld.ctx, *b)) lab.bin = *bin;
  if (auto a = f.Get("accreditation")) {
    Fields acc(ld.ctx, *a, LabKeyTable());
    if (acc.valid()) {
      loader::ReadNonEmptyInto(ld.ctx, acc, "certificate", lab.accreditation_certificate);
      loader::ReadNonEmptyInto(ld.ctx, acc, "scope", lab.accreditation_scope);
    }
  }
  if (auto n = f.Get("act_numbering")) ReadNumbering(ld, *n, lab.numbering);
  if (auto r = f.Get("responsible")) ReadResponsible(ld, *r, lab.responsible);
  if (auto t = f.Get("tsa")) {
    ReadTsa(ld, *t, lab);
  } else {
    ld.ctx.Warning(root.Mark(), "no tsa: the act's signature will carry no trusted time",
                   "without a timestamp the act stops verifying when the lab's certificate "
                   "expires: add tsa: {url: ...} with the lab's time-stamping authority");
  }
}

LabLoadOutcome Finish(ReadContext& ctx, std::optional<LabFile> lab) {
  LabLoadOutcome out;
  out.diagnostics = ctx.TakeDiagnosticsInFileOrder();
  if (!HasErrors(out.diagnostics)) out.lab = std::move(lab);
  return out;
}

}  // namespace

std::string FormatActNumber(const ActNumbering& numbering, int year) {
  std::string out;
  const std::string& p = numbering.pattern;
  for (size_t i = 0; i < p.size(); ++i) {
    size_t end = p[i] == '{' ? p.find('}', i) : std::string::npos;
    if (end == std::string::npos) {
      out += p[i];
      continue;
    }
    std::string field = p.substr(i + 1, end - i - 1);
    if (field == "year") {
      out += std::to_string(year);
    } else {
      std::string n = std::to_string(numbering.next);
      size_t width = field.size() == 3 ? static_cast<size_t>(field[2] - '0') : 0;
      if (n.size() < width) n.insert(0, width - n.size(), '0');
      out += n;
    }
    i = end;
  }
  return out;
}

LabLoadOutcome ParseLabFile(std::string_view text, const std::string& display_path,
                            const std::string& base_dir) {
  ReadContext ctx(display_path);
  LabFile lab;
  lab.source_path = display_path;
  lab.where = SourceLocation{display_path, 1, 1};
  if (text.size() > kMaxLabFileBytes || loader::FindLongLine(text, kMaxLabFileBytes)) {
    ctx.Error(YAML::Mark(), "the lab file is over " + std::to_string(kMaxLabFileBytes) + " bytes",
              "a lab file holds a few names and numbers; " + std::string(kStartHint));
    return Finish(ctx, std::nullopt);
  }
  const LoadOptions options;
  try {
    loader::FirstDocument doc = loader::LoadFirstDocument(std::string(text), kMaxLabFileBytes);
    if (doc.empty || doc.root.IsNull()) {
      ctx.Error(YAML::Mark(), "the lab file is empty", kStartHint);
    } else {
      if (doc.trailing)
        ctx.Error(*doc.trailing, "text after the end of the first YAML document",
                  "a lab file is one document: remove this text");
      loader::Loader ld{ctx, base_dir, options};
      ReadLab(ld, doc.root, lab);
    }
  } catch (const YAML::ParserException& e) {
    ctx.Error(e.mark, "YAML syntax error: " + e.msg,
              "check indentation (spaces, not tabs), colons after keys and matching quotes");
  } catch (const std::exception& e) {
    ctx.Error(YAML::Mark(), std::string("cannot read the lab file: ") + e.what(),
              "simplify the construct near the last reported line");
  }
  return Finish(ctx, std::move(lab));
}

LabLoadOutcome LoadLabFile(const std::string& path) {
  std::error_code ec;
  ReadContext ctx(path);
  if (!fs::is_regular_file(path, ec)) {
    ctx.Error(YAML::Mark(), "lab file not found: " + path,
              "give --lab the lab's own file; scenarios/demo-lab.yaml is an example");
    return Finish(ctx, std::nullopt);
  }
  if (fs::file_size(path, ec) > kMaxLabFileBytes) {
    ctx.Error(YAML::Mark(), path + " is over " + std::to_string(kMaxLabFileBytes) + " bytes",
              kStartHint);
    return Finish(ctx, std::nullopt);
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) {
    ctx.Error(YAML::Mark(), "cannot read " + path, "check the file's permissions");
    return Finish(ctx, std::nullopt);
  }
  return ParseLabFile(buf.str(), path, fs::path(path).parent_path().string());
}

}  // namespace pooltest
