// Rendering of findings (declared in checks/finding_catalogue.h).
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "checks/finding_catalogue.h"

namespace pooltest {
namespace {

constexpr int kMaxNesting = 8;  // findings nest a reason or two deep; more is a loop

struct Context {
  std::vector<std::string>* problems;
  const FindingTemplates& templates;
  const FindingMarkup* markup;

  std::string Text(const std::string& s) const { return markup ? markup->text(s) : s; }
  std::string Quoted(const std::string& s) const { return markup ? markup->quoted(s) : s; }
};

std::string RenderValue(const nlohmann::json& v, const Context& c, int depth);

// The number an argument holds (a JSON number or a string the check
// formatted, "0.500"); nullopt when it holds none.
std::optional<double> NumberOf(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string() || v.get<std::string>().empty()) return std::nullopt;
  const std::string s = v.get<std::string>();
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

}  // namespace

std::string_view PluralForm(double n, const std::vector<std::string_view>& forms) {
  if (forms.empty()) return "";
  const bool whole = n == std::floor(n) && std::fabs(n) < 1e15;
  if (forms.size() == 2) return whole && std::fabs(n) == 1 ? forms[0] : forms[1];
  if (forms.size() != 3) return forms.back();
  if (!whole) return forms[1];  // 1,5 секунды: a fraction takes the genitive singular
  const long long i = std::llabs(static_cast<long long>(n));
  if (i % 10 == 1 && i % 100 != 11) return forms[0];
  if (i % 10 >= 2 && i % 10 <= 4 && (i % 100 < 12 || i % 100 > 14)) return forms[1];
  return forms[2];
}

namespace {

// "{name|form|form...}": the form the argument's number selects.
std::string Plural(const Finding& f, const std::string& spec, const Context& c) {
  std::vector<std::string_view> parts;
  std::string_view rest = spec;
  for (size_t bar = rest.find('|'); bar != std::string_view::npos; bar = rest.find('|')) {
    parts.push_back(rest.substr(0, bar));
    rest.remove_prefix(bar + 1);
  }
  parts.push_back(rest);
  const std::string name(parts.front());
  parts.erase(parts.begin());
  auto arg = f.args.is_object() ? f.args.find(name) : f.args.end();
  std::optional<double> n = arg == f.args.end() ? std::nullopt : NumberOf(*arg);
  if (!n) {
    if (c.problems)
      c.problems->push_back("finding '" + f.key + "' selects a word form by '" + name +
                            "', which is not a number");
    return c.Text(std::string(parts.back()));
  }
  return c.Text(std::string(PluralForm(*n, parts)));
}

std::string Render(const Finding& f, const Context& c, int depth) {
  const char* tmpl = depth > kMaxNesting ? nullptr : c.templates(f.key);
  if (tmpl == nullptr) {
    if (c.problems) c.problems->push_back("no template for finding '" + f.key + "'");
    return c.Text("[finding " + f.key + "]");
  }
  std::string out, text;
  auto flush = [&] {
    if (!text.empty()) out += c.Text(text);
    text.clear();
  };
  for (const char* p = tmpl; *p != '\0'; ++p) {
    if (*p != '{') {
      text += *p;
      continue;
    }
    const char* end = p + 1;
    while (*end != '\0' && *end != '}') ++end;
    if (*end == '\0') {  // a lone brace is text
      text += *p;
      continue;
    }
    const std::string name(p + 1, end);
    flush();
    p = end;
    if (name.find('|') != std::string::npos) {
      out += Plural(f, name, c);
      continue;
    }
    auto arg = f.args.is_object() ? f.args.find(name) : f.args.end();
    if (arg == f.args.end()) {
      if (c.problems)
        c.problems->push_back("finding '" + f.key + "' lacks argument '" + name + "'");
      out += c.Text("{" + name + "}");
    } else {
      out += RenderValue(*arg, c, depth);
    }
  }
  flush();
  return out;
}

std::string RenderValue(const nlohmann::json& v, const Context& c, int depth) {
  if (v.is_string()) return c.Quoted(v.get<std::string>());
  if (v.is_number_integer() || v.is_number_unsigned()) return c.Text(v.dump());
  if (v.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v.get<double>());
    return c.Text(buf);
  }
  if (v.is_array()) {
    std::string list;
    for (const nlohmann::json& x : v)
      list += (list.empty() ? "" : c.Text(", ")) + RenderValue(x, c, depth);
    return list;
  }
  Finding nested;
  if (FindingFromJson(v, &nested)) return Render(nested, c, depth + 1);
  return c.Quoted(v.dump());
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
                          const FindingTemplates& templates, const FindingMarkup* markup) {
  return Render(f, Context{problems, templates, markup}, 0);
}

std::string RenderPart(const nlohmann::json& part) {
  if (part.is_null()) return "";
  Finding f;
  return FindingFromJson(part, &f)
             ? RenderFinding(f)
             : RenderValue(part, Context{nullptr, EnglishTemplate, nullptr}, 0);
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
