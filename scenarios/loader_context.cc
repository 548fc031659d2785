// The shared reading machinery of the scenario loader: see loader_context.h.
#include "scenarios/loader_context.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "scenarios/bin.h"
#include "scenarios/did_you_mean.h"
#include "scenarios/host_name.h"
#include "scenarios/idn_host.h"

namespace pooltest::loader {

namespace fs = std::filesystem;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::optional<std::string> ReadNonEmpty(ReadContext& ctx, const Located& v) {
  std::optional<std::string> s = ReadString(ctx, v);
  if (s && s->empty()) {
    ctx.Error(v.mark, Quote(v.path) + " is empty", "write a value between the quotes");
    return std::nullopt;
  }
  return s;
}

void ReadNonEmptyInto(ReadContext& ctx, const Fields& f, const char* key, std::string& out) {
  if (auto v = f.Get(key))
    if (auto s = ReadNonEmpty(ctx, *v)) out = *s;
}

std::optional<std::string> ReadBin(ReadContext& ctx, const Located& v) {
  std::optional<std::string> bin = ReadNonEmpty(ctx, v);
  if (!bin) return std::nullopt;
  if (!IsTwelveDigits(*bin)) {
    ctx.Error(v.mark,
              v.path + " must be 12 digits, got " + Quote(*bin) + " (" +
                  std::to_string(bin->size()) + " characters)",
              "copy the BIN from the registration certificate; quote it so YAML keeps it "
              "as text, e.g. bin: \"230440012347\"");
    return std::nullopt;
  }
  if (!IsValidBin(*bin)) {
    const std::optional<int> c = BinCheckDigit(*bin);
    ctx.Error(v.mark, v.path + " " + Quote(*bin) + " has an invalid check digit",
              c ? "the 12th digit should be " + std::to_string(*c) +
                      " for these first 11 digits: check the BIN for a typo"
                : std::string("no BIN can start with these 11 digits: check it for a typo"));
    return std::nullopt;
  }
  return bin;
}

std::optional<std::string> ReadHost(ReadContext& ctx, const Located& item, const char* hint) {
  std::optional<std::string> s = ReadNonEmpty(ctx, item);
  if (!s) return std::nullopt;
  if (IsInternationalisedHost(*s)) {
    Result<std::string> ascii = HostToAscii(*s);
    if (!ascii) {
      ctx.Error(item.mark,
                Quote(item.path) + ": host " + Quote(*s) + " is " + ascii.error().message,
                "write the name as registered, in Unicode (e.g. пул.қаз) or as its A-labels (e.g. "
                "xn--k1ahm.xn--80ao21a)");
      return std::nullopt;
    }
    return *ascii;
  }
  if (!IsValidHost(*s)) {
    ctx.Error(item.mark,
              Quote(item.path) + ": " + Quote(*s) + " is neither an IP address nor a host name",
              hint);
    return std::nullopt;
  }
  return s;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return s[0] != '-' && s[0] != '.';
}

// ---- URLs ----

std::optional<UrlParts> ReadUrl(ReadContext& ctx, const Located& v,
                                const std::vector<std::string>& schemes, bool port_required,
                                const std::string& example) {
  std::optional<std::string> s = ReadNonEmpty(ctx, v);
  if (!s) return std::nullopt;
  const std::string head = Quote(v.path) + ": ";
  std::string expected;
  for (const std::string& sc : schemes) expected += (expected.empty() ? "" : " or ") + sc + "://";
  UrlParse p = ParseUrl(*s);
  if (p.problem) {
    if (p.problem->kind == UrlProblem::Kind::kNoScheme) {
      ctx.Error(v.mark, head + Quote(*s) + " has no scheme",
                "start the URL with " + expected + ", e.g. " + example);
    } else {
      ctx.Error(v.mark, head + p.problem->message + " in " + Quote(*s), "e.g. " + example);
    }
    return std::nullopt;
  }
  UrlParts& u = *p.parts;
  if (std::find(schemes.begin(), schemes.end(), u.scheme) == schemes.end()) {
    std::string hint = SuggestionHint(u.scheme, schemes);
    if (hint.rfind("did you mean", 0) != 0) hint.clear();
    hint += (hint.empty() ? "" : " ") + std::string("the URL must start with ") + expected +
            ", e.g. " + example;
    ctx.Error(v.mark, head + "unsupported scheme " + Quote(u.scheme), hint);
    return std::nullopt;
  }
  if (!u.port && port_required) {
    ctx.Error(v.mark, head + "no port in " + Quote(*s),
              "add the port after the host, e.g. " + example);
    return std::nullopt;
  }
  if (u.port && !PortInRange(*u.port)) {
    ctx.Error(v.mark, head + "port " + u.port_text + " is out of range",
              "a port is a number from 1 to 65535");
    return std::nullopt;
  }
  return u;
}

// ---- variables and files ----

std::optional<std::string> ExpandVariables(const Loader& ld, const Located& v,
                                           const std::string& in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (in[i] != '$' || i + 1 >= in.size() || in[i + 1] != '{') {
      out += in[i++];
      continue;
    }
    const size_t close = in.find('}', i + 2);
    if (close == std::string::npos) {
      ld.ctx.Error(v.mark, Quote(v.path) + ": unterminated '${' in " + Quote(in),
                   "write variables as ${NAME}");
      return std::nullopt;
    }
    const std::string name = in.substr(i + 2, close - i - 2);
    bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name)
      valid = valid && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_');
    if (!valid) {
      ld.ctx.Error(v.mark, Quote(v.path) + ": bad variable name " + Quote("${" + name + "}"),
                   "variable names are letters, digits and '_', e.g. ${POOLTEST_DATA}");
      return std::nullopt;
    }
    auto it = ld.options.variables.find(name);
    if (it != ld.options.variables.end()) {
      out += it->second;
    } else if (const char* env = std::getenv(name.c_str())) {
      out += env;
    } else {
      std::string hint = "set the environment variable " + name +
                         " or define it for this run (e.g. POOLTEST_DATA is set by `pooltest`)";
      if (auto h = ld.options.variable_hints.find(name); h != ld.options.variable_hints.end())
        hint += "; " + h->second;
      ld.ctx.Error(v.mark, "unknown variable ${" + name + "} in " + Quote(v.path), hint);
      return std::nullopt;
    }
    i = close + 1;
  }
  return out;
}

std::optional<std::string> ReadExistingFile(const Loader& ld, const Located& v) {
  std::optional<std::string> raw = ReadNonEmpty(ld.ctx, v);
  if (!raw) return std::nullopt;
  std::optional<std::string> expanded = ExpandVariables(ld, v, *raw);
  if (!expanded) return std::nullopt;
  fs::path p(*expanded);
  if (p.is_relative()) p = fs::path(ld.base_dir.empty() ? "." : ld.base_dir) / p;
  p = p.lexically_normal();
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  if (ec || !fs::exists(st)) {
    std::string hint = "relative paths are resolved against the scenario's folder (" +
                       (ld.base_dir.empty() ? std::string(".") : ld.base_dir) + ")";
    if (*expanded != *raw) hint = Quote(*raw) + " expanded to " + Quote(*expanded) + "; " + hint;
    for (const auto& [name, extra] : ld.options.variable_hints)
      if (raw->find("${" + name + "}") != std::string::npos) hint += "; " + extra;
    ld.ctx.Error(v.mark, "file not found: " + p.string() + " (" + v.path + ")", hint);
    return std::nullopt;
  }
  if (!fs::is_regular_file(st)) {
    ld.ctx.Error(v.mark, Quote(v.path) + ": " + p.string() + " is not a regular file",
                 "name a file, not a folder");
    return std::nullopt;
  }
  return p.string();
}

bool IsRealDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)),
            d = std::stoi(s.substr(8, 2));
  if (y < 1991 || m < 1 || m > 12 || d < 1) return false;  // Kazakhstan's acts start in 1991
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

}  // namespace pooltest::loader
