// Rendering of findings (declared in checks/finding_catalogue.h).
#include <cmath>
#include <cstdio>

#include "checks/finding_catalogue.h"

namespace pooltest {
namespace {

constexpr int kMaxNesting = 8;  // findings nest a reason or two deep; more is a loop

std::string RenderValue(const nlohmann::json& v, std::vector<std::string>* problems,
                        const FindingTemplates& templates, int depth);

std::string Render(const Finding& f, std::vector<std::string>* problems,
                   const FindingTemplates& templates, int depth) {
  const char* tmpl = depth > kMaxNesting ? nullptr : templates(f.key);
  if (tmpl == nullptr) {
    if (problems) problems->push_back("no template for finding '" + f.key + "'");
    return "[finding " + f.key + "]";
  }
  std::string out;
  for (const char* p = tmpl; *p != '\0'; ++p) {
    if (*p != '{') {
      out += *p;
      continue;
    }
    const char* end = p + 1;
    while (*end != '\0' && *end != '}') ++end;
    if (*end == '\0') {  // a lone brace is text
      out += *p;
      continue;
    }
    const std::string name(p + 1, end);
    auto arg = f.args.is_object() ? f.args.find(name) : f.args.end();
    if (arg == f.args.end()) {
      if (problems) problems->push_back("finding '" + f.key + "' lacks argument '" + name + "'");
      out += "{" + name + "}";
    } else {
      out += RenderValue(*arg, problems, templates, depth);
    }
    p = end;
  }
  return out;
}

std::string RenderValue(const nlohmann::json& v, std::vector<std::string>* problems,
                        const FindingTemplates& templates, int depth) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v.get<double>());
    return buf;
  }
  if (v.is_array()) {
    std::string list;
    for (const nlohmann::json& x : v)
      list += (list.empty() ? "" : ", ") + RenderValue(x, problems, templates, depth);
    return list;
  }
  Finding nested;
  if (FindingFromJson(v, &nested)) return Render(nested, problems, templates, depth + 1);
  return v.dump();
}

}  // namespace

const CatalogueEntry* CatalogueEntryOf(std::string_view key) {
  for (const CatalogueEntry& e : FindingCatalogue())
    if (key == e.key) return &e;
  return nullptr;
}

const char* EnglishTemplate(std::string_view key) {
  const CatalogueEntry* e = CatalogueEntryOf(key);
  return e ? e->en : nullptr;
}

std::string RenderFinding(const Finding& f, std::vector<std::string>* problems,
                          const FindingTemplates& templates) {
  return Render(f, problems, templates, 0);
}

std::string RenderPart(const nlohmann::json& part) {
  if (part.is_null()) return "";
  Finding f;
  return FindingFromJson(part, &f) ? RenderFinding(f)
                                   : RenderValue(part, nullptr, EnglishTemplate, 0);
}

nlohmann::json RenderParts(const std::vector<nlohmann::json>& parts) {
  nlohmann::json out = nlohmann::json::array();
  for (const nlohmann::json& p : parts) out.push_back(RenderPart(p));
  return out;
}

std::string RenderSummary(const CheckResult& r) {
  std::string s = RenderFinding(r.finding);
  for (const Finding& n : r.notes) {
    const std::string note = RenderFinding(n);
    // A note that is a block of its own (the week grid) starts a line.
    s += (!note.empty() && note.front() == '\n' ? "" : " ") + note;
  }
  return s;
}

void Decide(CheckResult& r, std::string key, nlohmann::json args) {
  const CatalogueEntry* e = CatalogueEntryOf(key);
  if (e == nullptr || !e->verdict) {
    r.verdict = Verdict::kError;
    r.finding = {"check.unknown_finding", {{"finding", key}}};
  } else {
    r.verdict = *e->verdict;
    r.finding = {std::move(key), std::move(args)};
  }
  r.summary = RenderSummary(r);
}

void AddNote(CheckResult& r, std::string key, nlohmann::json args) {
  r.notes.push_back({std::move(key), std::move(args)});
  r.summary = RenderSummary(r);
}

}  // namespace pooltest
