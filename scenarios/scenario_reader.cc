#include "scenarios/scenario_reader.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "scenarios/did_you_mean.h"

namespace pooltest {

namespace {

bool IsPlain(const YAML::Node& n) { return n.Tag() == "?"; }

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Where(const std::string& path) { return path.empty() ? "the top level" : path; }

std::string TypeHint(std::string_view expected) {
  if (expected == "a mapping") return "write indented 'key: value' lines under this key";
  if (expected == "a list") return "write one item per line, each starting with '- '";
  if (expected == "a number") return "write a number without quotes, e.g. 43.25";
  if (expected == "an integer") return "write a whole number without quotes, e.g. 16";
  if (expected == "true or false") return "write true or false without quotes";
  return "write a single value on the same line, e.g. 'key: value'";
}

void WrongType(ReadContext& ctx, const Located& v, std::string_view expected) {
  const std::string what = v.path.empty() ? "the value" : "'" + v.path + "'";
  ctx.Error(v.mark, what + " must be " + std::string(expected) + ", not " + TypeName(v.node),
            TypeHint(expected));
}

bool IsNullScalar(const YAML::Node& n) {
  if (n.IsNull()) return true;
  if (!n.IsScalar() || !IsPlain(n)) return false;
  const std::string& s = n.Scalar();
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

}  // namespace

SourceLocation ReadContext::At(const YAML::Mark& m) const {
  SourceLocation loc;
  loc.file = file_;
  if (m.line >= 0 && m.column >= 0) {
    loc.line = m.line + 1;
    loc.column = m.column + 1;
  }
  return loc;
}

std::vector<Diagnostic> ReadContext::TakeDiagnosticsInFileOrder() {
  std::vector<Diagnostic> out = TakeDiagnostics();
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Diagnostic::Severity::kError) return true;
  return false;
}

void ReadContext::Error(const YAML::Mark& m, std::string message, std::string hint) {
  diagnostics_.push_back(
      {Diagnostic::Severity::kError, At(m), std::move(message), std::move(hint)});
}

void ReadContext::Warning(const YAML::Mark& m, std::string message, std::string hint) {
  diagnostics_.push_back(
      {Diagnostic::Severity::kWarning, At(m), std::move(message), std::move(hint)});
}

bool ReadContext::has_errors() const {
  for (const Diagnostic& d : diagnostics_)
    if (d.severity == Diagnostic::Severity::kError) return true;
  return false;
}

std::string TypeName(const YAML::Node& n) {
  if (IsNullScalar(n)) return "an empty value";
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return IsPlain(n) ? "the value '" + n.Scalar() + "'" : "a quoted string";
    default:
      return "an empty value";
  }
}

Fields::Fields(ReadContext& ctx, const Located& v) : Fields(ctx, v, ScenarioKeyTable()) {}

Fields::Fields(ReadContext& ctx, const Located& v, const std::vector<MapSpec>& table) : self_(v) {
  if (!v.node.IsMap()) {
    WrongType(ctx, v, "a mapping");
    return;
  }
  valid_ = true;
  const MapSpec* spec = FindMapSpec(table, v.spec);
  const std::vector<std::string> names = spec ? spec->Names() : std::vector<std::string>{};
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      ctx.Error(key.Mark(), "a key in " + Where(v.path) + " is " + TypeName(key),
                "keys are plain words such as 'name'");
      continue;
    }
    const std::string k = key.Scalar();
    bool known = false;
    for (const std::string& n : names) known = known || n == k;
    if (!known) {
      const std::string where = v.path.empty() ? "unknown top-level key '" + k + "'"
                                               : "unknown key '" + k + "' in " + v.path;
      ctx.Error(key.Mark(), where, SuggestionHint(k, names));
      continue;
    }
    bool duplicate = false;
    for (const auto& [seen, mark] : key_marks_) {
      if (seen == k) {
        ctx.Error(key.Mark(), "duplicate key '" + k + "' in " + Where(v.path),
                  "it is first set at line " + std::to_string(mark.line + 1) +
                      "; YAML keeps only one of them: remove one");
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    key_marks_.emplace_back(k, key.Mark());
    Located child{value, value.IsNull() ? key.Mark() : value.Mark(), Child(v.path, k),
                  Child(v.spec, k)};
    entries_.emplace_back(k, std::move(child));
  }
  if (spec == nullptr) return;
  for (const KeySpec& ks : spec->keys) {
    if (!ks.required || Get(ks.name)) continue;
    if (v.spec == "ui.languages") {
      const char* language = ks.name == "kk" ? "Kazakh" : ks.name == "ru" ? "Russian" : "English";
      ctx.Error(v.mark, "ui.languages has no '" + ks.name + "' (" + language + ") variant",
                "R4.6 requires the UI in Kazakh, Russian and English: add '" + ks.name +
                    ":' with one of path_prefix, query, subdomain, accept_language, cookie");
    } else {
      ctx.Error(v.mark, "missing required key '" + ks.name + "' in " + Where(v.path),
                "add '" + ks.name + ": ...' to " + Where(v.path));
    }
  }
}

std::optional<Located> Fields::Get(std::string_view key) const {
  for (const auto& [k, v] : entries_)
    if (k == key) return v;
  return std::nullopt;
}

std::optional<YAML::Mark> Fields::KeyMark(std::string_view key) const {
  for (const auto& [k, m] : key_marks_)
    if (k == key) return m;
  return std::nullopt;
}

std::optional<std::string> ReadString(ReadContext& ctx, const Located& v) {
  if (IsNullScalar(v.node)) {
    ctx.Error(v.mark, "'" + v.path + "' has no value", "write the value after the colon");
    return std::nullopt;
  }
  if (!v.node.IsScalar()) {
    WrongType(ctx, v, "a string");
    return std::nullopt;
  }
  return v.node.Scalar();
}

std::optional<double> ReadNumber(ReadContext& ctx, const Located& v) {
  if (!v.node.IsScalar() || !IsPlain(v.node) || IsNullScalar(v.node)) {
    WrongType(ctx, v, "a number");
    return std::nullopt;
  }
  const std::string& s = v.node.Scalar();
  bool shape_ok = !s.empty() && s.size() < 64;
  for (char c : s)
    shape_ok = shape_ok &&
               ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E');
  char* end = nullptr;
  errno = 0;
  const double d = shape_ok ? std::strtod(s.c_str(), &end) : 0;
  if (!shape_ok || end != s.c_str() + s.size() || errno != 0 || !std::isfinite(d)) {
    WrongType(ctx, v, "a number");
    return std::nullopt;
  }
  return d;
}

std::optional<long long> ReadInteger(ReadContext& ctx, const Located& v) {
  if (!v.node.IsScalar() || !IsPlain(v.node) || IsNullScalar(v.node)) {
    WrongType(ctx, v, "an integer");
    return std::nullopt;
  }
  const std::string& s = v.node.Scalar();
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  bool ok = i < s.size() && s.size() - i <= 12;
  for (size_t j = i; ok && j < s.size(); ++j) ok = s[j] >= '0' && s[j] <= '9';
  if (!ok) {
    WrongType(ctx, v, "an integer");
    return std::nullopt;
  }
  return std::strtoll(s.c_str(), nullptr, 10);
}

std::optional<bool> ReadBool(ReadContext& ctx, const Located& v) {
  if (v.node.IsScalar() && IsPlain(v.node)) {
    const std::string& s = v.node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  WrongType(ctx, v, "true or false");
  return std::nullopt;
}

std::optional<std::string> ReadEnum(ReadContext& ctx, const Located& v,
                                    const std::vector<std::string>& allowed) {
  std::optional<std::string> s = ReadString(ctx, v);
  if (!s) return std::nullopt;
  for (const std::string& a : allowed)
    if (a == *s) return s;
  std::string hint = SuggestionHint(*s, allowed);
  if (hint.rfind("did you mean", 0) == 0) hint += " allowed: " + QuotedList(allowed);
  ctx.Error(v.mark, "'" + v.path + "': unknown value '" + *s + "'", hint);
  return std::nullopt;
}

std::optional<std::vector<Located>> ReadList(ReadContext& ctx, const Located& v, bool non_empty) {
  if (!v.node.IsSequence()) {
    WrongType(ctx, v, "a list");
    return std::nullopt;
  }
  std::vector<Located> items;
  size_t i = 0;
  for (auto it = v.node.begin(); it != v.node.end(); ++it, ++i) {
    const YAML::Node item = *it;
    items.push_back({item, item.IsNull() ? v.mark : item.Mark(),
                     v.path + "[" + std::to_string(i) + "]", v.spec + "[]"});
  }
  if (non_empty && items.empty()) {
    ctx.Error(v.mark, "'" + v.path + "' is an empty list", "add at least one item");
    return std::nullopt;
  }
  return items;
}

}  // namespace pooltest
