#include "harness/scenario/scenario_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <system_error>

#include "harness/core/sha256.h"
#include "harness/scenario/bin.h"
#include "harness/scenario/did_you_mean.h"
#include "harness/scenario/duration.h"
#include "harness/scenario/endpoint_url.h"
#include "harness/scenario/host_name.h"
#include "harness/scenario/scenario_reader.h"

namespace pooltest {

namespace {

namespace fs = std::filesystem;

constexpr int kFormatVersion = 1;

// Everything the section readers share: the diagnostics, where relative
// paths start, and the ${NAME} values.
struct Loader {
  ReadContext& ctx;
  std::string base_dir;
  const LoadOptions& options;
};

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

// Reads `key` from `f` into `out` when present and well-formed.
void ReadNonEmptyInto(ReadContext& ctx, const Fields& f, const char* key, std::string& out) {
  if (auto v = f.Get(key))
    if (auto s = ReadNonEmpty(ctx, *v)) out = *s;
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
      ld.ctx.Error(v.mark, "unknown variable ${" + name + "} in " + Quote(v.path),
                   "set the environment variable " + name +
                       " or define it for this run (e.g. POOLTEST_DATA is set by `pooltest`)");
      return std::nullopt;
    }
    i = close + 1;
  }
  return out;
}

// Expands ${NAME}, resolves against the scenario's folder and checks the file
// exists. Returns the resolved path.
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

// ---- applicant, worker ----

void ReadApplicant(const Loader& ld, const Located& v, Applicant& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  ReadNonEmptyInto(ld.ctx, f, "legal_name", out.legal_name);
  if (auto a = f.Get("legal_address"))
    if (auto s = ReadString(ld.ctx, *a)) out.legal_address = *s;
  auto b = f.Get("bin");
  if (!b) return;
  std::optional<std::string> bin = ReadNonEmpty(ld.ctx, *b);
  if (!bin) return;
  if (!IsTwelveDigits(*bin)) {
    ld.ctx.Error(b->mark,
                 "applicant.bin must be 12 digits, got " + Quote(*bin) + " (" +
                     std::to_string(bin->size()) + " characters)",
                 "copy the BIN from the registration certificate; quote it so YAML keeps it "
                 "as text, e.g. bin: \"230440012347\"");
    return;
  }
  if (!IsValidBin(*bin)) {
    const std::optional<int> c = BinCheckDigit(*bin);
    ld.ctx.Error(b->mark, "applicant.bin " + Quote(*bin) + " has an invalid check digit",
                 c ? "the 12th digit should be " + std::to_string(*c) +
                         " for these first 11 digits: check the BIN for a typo"
                   : std::string("no BIN can start with these 11 digits: check it for a typo"));
    return;
  }
  out.bin = *bin;
}

void ReadWorker(const Loader& ld, const Located& v, Worker& out) {
  out.password = "x";
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  ReadNonEmptyInto(ld.ctx, f, "user", out.user);
  if (auto p = f.Get("password"))
    if (auto s = ReadString(ld.ctx, *p)) out.password = *s;
}

// ---- sites ----

void ReadChannel(const Loader& ld, const Located& v, size_t index, Channel& out) {
  out.id = "ch" + std::to_string(index + 1);
  out.where = ld.ctx.At(v.mark);
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto id = f.Get("id")) {
    if (auto s = ReadNonEmpty(ld.ctx, *id)) {
      if (IsIdentifier(*s))
        out.id = *s;
      else
        ld.ctx.Error(id->mark, Quote(id->path) + ": " + Quote(*s) + " is not a valid id",
                     "use letters, digits, '_', '-' and '.', e.g. ch1");
    }
  }
  ReadNonEmptyInto(ld.ctx, f, "provider", out.provider);
  auto a = f.Get("addresses");
  if (!a) return;
  auto items = ReadList(ld.ctx, *a, true);
  if (!items) return;
  for (const Located& item : *items) {
    std::optional<std::string> s = ReadNonEmpty(ld.ctx, item);
    if (!s) continue;
    if (!IsValidHost(*s)) {
      ld.ctx.Error(
          item.mark,
          Quote(item.path) + ": " + Quote(*s) + " is neither an IP address nor a host name",
          "write an IPv4 or IPv6 address (e.g. 185.22.64.10) or a host name (e.g. "
          "pool.example.kz), without a scheme or port");
      continue;
    }
    out.addresses.push_back(*s);
  }
}

// A witnessed failover step; its channel must be one of the site's.
void ReadFailover(const Loader& ld, const Located& v, Site& site) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  FailoverStep step;
  step.where = ld.ctx.At(v.mark);
  if (auto c = f.Get("channel")) {
    if (auto s = ReadNonEmpty(ld.ctx, *c)) {
      bool known = false;
      std::vector<std::string> ids;
      for (const Channel& ch : site.channels) {
        known = known || ch.id == *s;
        ids.push_back(ch.id);
      }
      if (!known)
        ld.ctx.Error(c->mark, Quote(c->path) + ": site has no channel " + Quote(*s),
                     "name one of the site's channels: " + QuotedList(ids));
      step.channel = *s;
    }
  }
  for (auto [key, out] : {std::pair<const char*, std::string*>{"command", &step.command},
                          {"restore", &step.restore},
                          {"prompt", &step.prompt}}) {
    if (auto x = f.Get(key))
      if (auto s = ReadNonEmpty(ld.ctx, *x)) *out = *s;
  }
  if (auto d = f.Get("deadline")) {
    if (auto s = ReadNonEmpty(ld.ctx, *d)) {
      if (std::optional<std::chrono::milliseconds> ms = ParseDuration(*s); ms && ms->count() > 0)
        step.deadline = *ms;
      else
        ld.ctx.Error(d->mark, Quote(d->path) + ": bad duration " + Quote(*s),
                     "write a whole number and a unit, e.g. 30s or 2m");
    }
  }
  site.failover = std::move(step);
}

void ReadSite(const Loader& ld, const Located& v, Site& out, YAML::Mark& role_mark,
              YAML::Mark& id_mark) {
  out.where = ld.ctx.At(v.mark);
  out.role = static_cast<SiteRole>(-1);  // neither, until a valid role is read
  role_mark = id_mark = v.mark;
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto id = f.Get("id")) {
    id_mark = id->mark;
    if (auto s = ReadNonEmpty(ld.ctx, *id)) {
      if (IsIdentifier(*s))
        out.id = *s;
      else
        ld.ctx.Error(id->mark, Quote(id->path) + ": " + Quote(*s) + " is not a valid id",
                     "use letters, digits, '_', '-' and '.', e.g. primary or astana-1");
    }
  }
  if (auto r = f.Get("role")) {
    role_mark = r->mark;
    if (auto s = ReadEnum(ld.ctx, *r, {"primary", "backup"}))
      out.role = *s == "primary" ? SiteRole::kPrimary : SiteRole::kBackup;
  }
  ReadNonEmptyInto(ld.ctx, f, "settlement", out.settlement);
  if (auto st = f.Get("stratum")) {
    if (auto items = ReadList(ld.ctx, *st, true)) {
      for (const Located& item : *items) {
        Fields sf(ld.ctx, item);
        if (!sf.valid()) continue;
        auto url = sf.Get("url");
        if (!url) continue;
        auto u = ReadUrl(ld.ctx, *url, {"stratum+tcp", "stratum+ssl"}, true,
                         "stratum+tcp://pool.example.kz:3333");
        if (!u) continue;
        if (!u->rest.empty() && u->rest != "/") {
          ld.ctx.Error(url->mark,
                       Quote(url->path) + ": a stratum URL has no path (" + Quote(u->rest) + ")",
                       "write only scheme, host and port, e.g. stratum+tcp://pool.example.kz:3333");
          continue;
        }
        StratumEndpoint e;
        e.url = url->node.Scalar();
        e.tls = u->scheme == "stratum+ssl";
        e.host = u->host;
        e.port = static_cast<uint16_t>(*u->port);
        e.where = ld.ctx.At(url->mark);
        for (const char* key : {"verify_tls", "tls_ca_file"}) {
          if (auto k = sf.Get(key); k && !e.tls) {
            ld.ctx.Error(k->mark, Quote(k->path) + " applies only to stratum+ssl endpoints",
                         "remove it, or write the URL as stratum+ssl://" + e.host + ":" +
                             std::to_string(e.port) + " if the pool serves TLS there");
          }
        }
        if (auto t = sf.Get("verify_tls"))
          if (auto b = ReadBool(ld.ctx, *t)) e.verify_tls = *b;
        if (auto c = sf.Get("tls_ca_file"))
          if (auto resolved = ReadExistingFile(ld, *c)) e.tls_ca_file = *resolved;
        out.stratum.push_back(std::move(e));
      }
    }
  }
  if (auto ch = f.Get("channels")) {
    if (auto items = ReadList(ld.ctx, *ch, false)) {
      std::vector<std::pair<std::string, YAML::Mark>> seen;
      for (size_t i = 0; i < items->size(); ++i) {
        Channel c;
        ReadChannel(ld, (*items)[i], i, c);
        for (const auto& [id, mark] : seen) {
          if (id == c.id) {
            ld.ctx.Error((*items)[i].mark,
                         "duplicate channel id " + Quote(c.id) + " in " + Quote(v.path),
                         "first used at line " + std::to_string(mark.line + 1) +
                             "; give each channel of a site its own id");
            break;
          }
        }
        seen.emplace_back(c.id, (*items)[i].mark);
        out.channels.push_back(std::move(c));
      }
    }
  }
  if (out.channels.size() < 2) {
    ld.ctx.Warning(v.mark,
                   "site " + Quote(out.id.empty() ? v.path : out.id) + " declares " +
                       std::to_string(out.channels.size()) + " communication channel(s)",
                   "R4.4 requires two channels from different providers per site: the check "
                   "will fail unless you declare the second one");
  } else {
    for (size_t i = 1; i < out.channels.size(); ++i) {
      if (Lower(out.channels[i].provider) == Lower(out.channels[0].provider) &&
          !out.channels[0].provider.empty()) {
        ld.ctx.Warning(v.mark,
                       "site " + Quote(out.id) + ": channels " + Quote(out.channels[0].id) +
                           " and " + Quote(out.channels[i].id) + " name the same provider " +
                           Quote(out.channels[0].provider),
                       "R4.4 requires channels from different providers");
      }
    }
  }
  if (auto fo = f.Get("failover")) ReadFailover(ld, *fo, out);
}

void ReadSites(const Loader& ld, const Located& v, std::vector<Site>& out) {
  auto items = ReadList(ld.ctx, v, true);
  if (!items) return;
  std::vector<YAML::Mark> role_marks(items->size()), id_marks(items->size());
  for (size_t i = 0; i < items->size(); ++i) {
    Site s;
    ReadSite(ld, (*items)[i], s, role_marks[i], id_marks[i]);
    out.push_back(std::move(s));
  }
  const Site* primary = nullptr;
  const Site* backup = nullptr;
  for (size_t i = 0; i < out.size(); ++i) {
    const Site& s = out[i];
    for (size_t j = 0; j < i && !s.id.empty(); ++j) {
      if (out[j].id == s.id) {
        ld.ctx.Error(id_marks[i], "duplicate site id " + Quote(s.id),
                     "first used at line " + std::to_string(id_marks[j].line + 1) +
                         "; give each site its own id");
        break;
      }
    }
    if (s.role == SiteRole::kPrimary) {
      if (primary != nullptr) {
        ld.ctx.Error(
            role_marks[i],
            "more than one primary site (" + Quote(primary->id) + " and " + Quote(s.id) + ")",
            "exactly one site has role: primary; the others are role: backup");
      } else {
        primary = &s;
      }
    } else if (s.role == SiteRole::kBackup && backup == nullptr) {
      backup = &s;
    }
  }
  bool all_roles_known = true;
  for (const Site& s : out)
    all_roles_known =
        all_roles_known && (s.role == SiteRole::kPrimary || s.role == SiteRole::kBackup);
  if (!all_roles_known) return;  // the unknown role is already reported
  if (primary == nullptr)
    ld.ctx.Error(v.mark, "no primary site",
                 "mark the main complex with role: primary (exactly one site)");
  if (backup == nullptr)
    ld.ctx.Error(v.mark, "no backup site",
                 "R4.3 requires a backup complex in another settlement: add a site with "
                 "role: backup");
  if (primary != nullptr) {
    for (size_t i = 0; i < out.size(); ++i) {
      const Site& s = out[i];
      if (s.role == SiteRole::kBackup && !s.settlement.empty() &&
          Lower(s.settlement) == Lower(primary->settlement)) {
        ld.ctx.Warning(role_marks[i],
                       "backup site " + Quote(s.id) +
                           " is in the same settlement as the primary (" + s.settlement + ")",
                       "R4.3 requires the backup complex in another settlement: the check will "
                       "fail");
      }
    }
  }
}

// ---- ui ----

bool IsNameValue(const std::string& s) {
  const size_t eq = s.find('=');
  if (eq == 0 || eq == std::string::npos) return false;
  for (char c : s)
    if (c == ' ' || c == ';' || c == '&' || c == '?' || static_cast<unsigned char>(c) < 0x20)
      return false;
  return true;
}

bool IsLanguageTag(const std::string& s) {
  static const std::regex tag("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$");
  return s.size() < 64 && std::regex_match(s, tag);
}

void ReadLanguage(const Loader& ld, const std::string& lang, const Located& v,
                  LanguageVariant& out) {
  out.lang = lang;
  out.where = ld.ctx.At(v.mark);
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  struct Way {
    const char* key;
    LanguageVariant::Method method;
  };
  static constexpr Way kWays[] = {
      {"path_prefix", LanguageVariant::Method::kPathPrefix},
      {"query", LanguageVariant::Method::kQuery},
      {"subdomain", LanguageVariant::Method::kSubdomain},
      {"accept_language", LanguageVariant::Method::kAcceptLanguage},
      {"cookie", LanguageVariant::Method::kCookie},
      {"follow", LanguageVariant::Method::kFollow},
  };
  std::vector<std::string> set;
  for (const auto& [key, value] : f.entries()) set.push_back(key);
  if (set.empty()) {
    ld.ctx.Error(v.mark, Quote(v.path) + " sets no way to reach the " + lang + " variant",
                 "set exactly one of path_prefix (e.g. /" + lang + "), query (lang=" + lang +
                     "), subdomain (" + lang + "), accept_language (" + lang +
                     "), cookie (lang=" + lang + "), follow (any)");
    return;
  }
  if (set.size() > 1) {
    ld.ctx.Error(*f.KeyMark(set[1]),
                 Quote(v.path) + " sets " + std::to_string(set.size()) + " ways (" +
                     QuotedList(set) + ") to reach the " + lang + " variant",
                 "set exactly one: the harness must know which one the pool uses");
    return;
  }
  const Located& value = f.entries()[0].second;
  std::optional<std::string> s = ReadNonEmpty(ld.ctx, value);
  if (!s) return;
  for (const Way& w : kWays)
    if (set[0] == w.key) out.method = w.method;
  bool ok = true;
  std::string hint;
  switch (out.method) {
    case LanguageVariant::Method::kPathPrefix:
      ok = s->size() > 1 && (*s)[0] == '/' && s->find_first_of(" ?#") == std::string::npos;
      hint = "a path prefix starts with '/', e.g. /" + lang;
      break;
    case LanguageVariant::Method::kQuery:
      ok = IsNameValue(*s);
      hint = "write name=value without '?', e.g. lang=" + lang;
      break;
    case LanguageVariant::Method::kSubdomain:
      ok = IsHostName(*s) && !IsIpLiteral(*s);
      hint = "write the label put before the host, e.g. " + lang;
      break;
    case LanguageVariant::Method::kAcceptLanguage:
      ok = IsLanguageTag(*s);
      hint = "write a language tag, e.g. " + lang + (lang == "en" ? "-US" : "-KZ");
      break;
    case LanguageVariant::Method::kCookie:
      ok = IsNameValue(*s);
      hint = "write name=value, e.g. lang=" + lang;
      break;
    case LanguageVariant::Method::kFollow:
      ok = *s == "hreflang" || *s == "switcher" || *s == "any";
      hint =
          "write hreflang (the page's <link rel=alternate hreflang>), switcher (its "
          "language links) or any (hreflang, then the switcher)";
      break;
  }
  if (!ok) {
    ld.ctx.Error(value.mark, Quote(value.path) + ": " + Quote(*s) + " is not a valid " + set[0],
                 hint);
    return;
  }
  out.value = *s;
}

void ReadCrawl(const Loader& ld, const Located& v, WebUi::Crawl& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  out.max_pages = 50;  // present means on
  struct I {
    const char* key;
    long long lo, hi;
    int* out;
    const char* what;
  };
  // Bounded so a crawl of a hostile or endless site still ends.
  for (const I& i : {I{"depth", 0, 10, &out.depth, "link hops from a declared page"},
                     I{"max_pages", 1, 2000, &out.max_pages, "pages checked in all"}}) {
    auto x = f.Get(i.key);
    if (!x) continue;
    std::optional<long long> n = ReadInteger(ld.ctx, *x);
    if (!n) continue;
    if (*n < i.lo || *n > i.hi) {
      ld.ctx.Error(x->mark, Quote(x->path) + ": " + std::to_string(*n) + " is out of range",
                   std::string(i.key) + " (" + i.what + ") is from " + std::to_string(i.lo) +
                       " to " + std::to_string(i.hi));
      continue;
    }
    *i.out = static_cast<int>(*n);
  }
}

void ReadUi(const Loader& ld, const Located& v, WebUi& out) {
  out.where = ld.ctx.At(v.mark);
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto b = f.Get("base_url")) {
    if (auto u = ReadUrl(ld.ctx, *b, {"http", "https"}, false, "https://pool.example.kz"))
      out.base_url = b->node.Scalar();
  }
  if (auto p = f.Get("pages")) {
    if (auto items = ReadList(ld.ctx, *p, true)) {
      for (const Located& item : *items) {
        std::optional<std::string> s = ReadNonEmpty(ld.ctx, item);
        if (!s) continue;
        if ((*s)[0] != '/' || s->find_first_of(" \t") != std::string::npos) {
          ld.ctx.Error(item.mark, Quote(item.path) + ": " + Quote(*s) + " is not an absolute path",
                       "pages are paths under base_url starting with '/', e.g. /help");
          continue;
        }
        if (std::find(out.pages.begin(), out.pages.end(), *s) != out.pages.end()) {
          ld.ctx.Warning(item.mark, Quote(item.path) + ": page " + Quote(*s) + " is listed twice",
                         "remove the repeated entry");
          continue;
        }
        out.pages.push_back(*s);
      }
    }
  }
  if (auto l = f.Get("languages")) {
    Fields lf(ld.ctx, *l);
    if (lf.valid()) {
      for (const char* lang : {"kk", "ru", "en"}) {
        auto lv = lf.Get(lang);
        if (!lv) continue;
        LanguageVariant variant;
        ReadLanguage(ld, lang, *lv, variant);
        out.languages.push_back(std::move(variant));
      }
    }
  }
  if (auto r = f.Get("render"))
    if (auto b = ReadBool(ld.ctx, *r)) out.render = *b;
  if (auto t = f.Get("verify_tls"))
    if (auto b = ReadBool(ld.ctx, *t)) out.verify_tls = *b;
  if (auto c = f.Get("crawl")) ReadCrawl(ld, *c, out.crawl);
}

// ---- support ----

bool IsJsonPointer(const std::string& s) { return !s.empty() && s[0] == '/'; }

bool IsEmailAddress(const std::string& s) {
  const size_t at = s.find('@');
  if (at == 0 || at == std::string::npos || at + 1 >= s.size()) return false;
  if (s.find('@', at + 1) != std::string::npos) return false;
  if (s.find_first_of(" \t<>,;") != std::string::npos) return false;
  return IsHostName(s.substr(at + 1)) || IsIpLiteral(s.substr(at + 1));
}

std::optional<std::string> ReadPointer(const Loader& ld, const Located& v) {
  std::optional<std::string> s = ReadNonEmpty(ld.ctx, v);
  if (s && !IsJsonPointer(*s)) {
    ld.ctx.Error(v.mark, Quote(v.path) + ": " + Quote(*s) + " is not a JSON pointer",
                 "a JSON pointer starts with '/', e.g. /id or /replies/0/text");
    return std::nullopt;
  }
  return s;
}

bool HasHugeRepeat(const std::string& re) {
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] != '{') continue;
    long n = 0;
    for (size_t j = i + 1; j < re.size() && n <= 100; ++j) {
      if (re[j] >= '0' && re[j] <= '9')
        n = n * 10 + (re[j] - '0');
      else if (re[j] == ',')
        n = 0;  // judge the upper bound too
      else
        break;
    }
    if (n > 100) return true;
  }
  return false;
}

void ReadPattern(const Loader& ld, const Fields& f, std::string& out) {
  auto p = f.Get("auto_reply_pattern");
  if (!p) return;
  std::optional<std::string> s = ReadNonEmpty(ld.ctx, *p);
  if (!s) return;
  std::string problem;
  if (s->size() > 512) {
    problem = "longer than 512 characters";
  } else if (HasHugeRepeat(*s)) {
    // std::regex builds one state per repetition: "a{99999999}" exhausts memory.
    problem = "a repetition count above 100";
  } else {
    try {
      std::regex re(*s, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      problem = e.what();
    }
  }
  if (!problem.empty()) {
    ld.ctx.Error(p->mark, Quote(p->path) + " is not a valid regular expression: " + problem,
                 "use ECMAScript syntax, alternatives with '|', e.g. received|автоматическ");
    return;
  }
  out = *s;
}

void ReadTicketApi(const Loader& ld, const Fields& f, TicketApi& out) {
  if (auto c = f.Get("create")) {
    Fields cf(ld.ctx, *c);
    if (cf.valid()) {
      if (auto u = cf.Get("url"))
        if (ReadUrl(ld.ctx, *u, {"http", "https"}, false, "https://pool.example.kz/api/tickets"))
          out.create_url = u->node.Scalar();
      if (auto m = cf.Get("method"))
        if (auto s = ReadEnum(ld.ctx, *m, {"POST", "PUT", "PATCH", "GET"})) out.create_method = *s;
      if (auto b = cf.Get("body"))
        if (auto s = ReadString(ld.ctx, *b)) out.create_body = *s;
      if (auto t = cf.Get("ticket_id"))
        if (auto s = ReadPointer(ld, *t)) out.ticket_id_pointer = *s;
    }
  }
  if (auto p = f.Get("poll")) {
    Fields pf(ld.ctx, *p);
    if (pf.valid()) {
      if (auto u = pf.Get("url")) {
        if (ReadUrl(ld.ctx, *u, {"http", "https"}, false,
                    "https://pool.example.kz/api/tickets/{{ticket_id}}")) {
          out.poll_url = u->node.Scalar();
          if (out.poll_url.find("{{ticket_id}}") == std::string::npos)
            ld.ctx.Error(u->mark, Quote(u->path) + " does not contain {{ticket_id}}",
                         "the harness substitutes the created ticket's id there, e.g. "
                         "https://pool.example.kz/api/tickets/{{ticket_id}}");
        }
      }
      if (auto r = pf.Get("reply"))
        if (auto s = ReadPointer(ld, *r)) out.reply_pointer = *s;
    }
  }
  if (auto l = f.Get("lookup")) {
    Fields lf(ld.ctx, *l);
    if (lf.valid()) {
      if (auto u = lf.Get("url")) {
        if (ReadUrl(ld.ctx, *u, {"http", "https"}, false,
                    "https://pool.example.kz/api/tickets?subject={{token}}")) {
          out.lookup_url = u->node.Scalar();
          if (out.lookup_url.find("{{token}}") == std::string::npos)
            ld.ctx.Error(u->mark, Quote(u->path) + " does not contain {{token}}",
                         "the support campaign finds a ticket by the token in its subject, e.g. "
                         "https://pool.example.kz/api/tickets?subject={{token}}");
        }
      }
      if (auto t = lf.Get("ticket_id"))
        if (auto s = ReadPointer(ld, *t)) out.lookup_id_pointer = *s;
    }
  }
}

void ReadEmail(const Loader& ld, const Fields& f, EmailChannel& out) {
  if (auto s = f.Get("smtp"))
    if (ReadUrl(ld.ctx, *s, {"smtp", "smtps"}, false, "smtp://mail.example.kz:587"))
      out.smtp_url = s->node.Scalar();
  if (auto i = f.Get("imap"))
    if (ReadUrl(ld.ctx, *i, {"imap", "imaps"}, false, "imaps://mail.example.kz:993/INBOX"))
      out.imap_url = i->node.Scalar();
  for (const char* key : {"from", "to"}) {
    auto a = f.Get(key);
    if (!a) continue;
    std::optional<std::string> s = ReadNonEmpty(ld.ctx, *a);
    if (!s) continue;
    if (!IsEmailAddress(*s)) {
      ld.ctx.Error(a->mark, Quote(a->path) + ": " + Quote(*s) + " is not an e-mail address",
                   "write a bare address, e.g. lab-probe@example.kz");
      continue;
    }
    (std::string(key) == "from" ? out.from : out.to) = *s;
  }
  out.username = out.from;
  ReadNonEmptyInto(ld.ctx, f, "username", out.username);
  if (auto p = f.Get("password_env")) {
    if (auto s = ReadNonEmpty(ld.ctx, *p)) {
      bool ok = !((*s)[0] >= '0' && (*s)[0] <= '9');
      for (char c : *s)
        ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_');
      if (!ok) {
        ld.ctx.Error(p->mark, Quote(p->path) + ": " + Quote(*s) + " is not a variable name",
                     "name the environment variable that holds the password, e.g. "
                     "SUPPORT_MAIL_PASSWORD (never the password itself)");
      } else {
        out.password_env = *s;
        if (std::getenv(s->c_str()) == nullptr)
          ld.ctx.Warning(p->mark, "environment variable " + *s + " is not set",
                         "set it before `pooltest run`, or the e-mail probe cannot log in");
      }
    }
  }
}

void ReadSupport(const Loader& ld, const Located& v, std::vector<SupportChannel>& out) {
  auto items = ReadList(ld.ctx, v, true);
  if (!items) return;
  static const std::vector<std::string> kTicketKeys = {"create", "poll", "lookup"};
  static const std::vector<std::string> kEmailKeys = {"smtp", "imap",     "from",
                                                      "to",   "username", "password_env"};
  std::vector<std::pair<std::string, YAML::Mark>> names;
  for (const Located& item : *items) {
    SupportChannel sc;
    sc.where = ld.ctx.At(item.mark);
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    if (auto n = f.Get("name")) {
      if (auto s = ReadNonEmpty(ld.ctx, *n)) {
        sc.name = *s;
        for (const auto& [seen, mark] : names)
          if (seen == *s)
            ld.ctx.Error(n->mark, "duplicate support channel name " + Quote(*s),
                         "first used at line " + std::to_string(mark.line + 1));
        names.emplace_back(*s, n->mark);
      }
    }
    std::optional<std::string> kind;
    if (auto k = f.Get("kind")) kind = ReadEnum(ld.ctx, *k, {"ticket_api", "email"});
    if (kind) {
      const bool ticket = *kind == "ticket_api";
      sc.kind = ticket ? SupportChannel::Kind::kTicketApi : SupportChannel::Kind::kEmail;
      const std::vector<std::string>& own = ticket ? kTicketKeys : kEmailKeys;
      const std::vector<std::string>& other = ticket ? kEmailKeys : kTicketKeys;
      for (const std::string& key : other) {
        if (auto m = f.KeyMark(key))
          ld.ctx.Error(
              *m, "key " + Quote(key) + " in " + item.path + " does not apply to kind " + *kind,
              "remove it, or set kind: " + std::string(ticket ? "email" : "ticket_api"));
      }
      const std::vector<std::string> required =
          ticket ? std::vector<std::string>{"create", "poll"}
                 : std::vector<std::string>{"smtp", "imap", "from", "to"};
      for (const std::string& key : required)
        if (!f.Get(key))
          ld.ctx.Error(
              item.mark,
              "missing required key " + Quote(key) + " in " + item.path + " (kind " + *kind + ")",
              "a " + *kind + " support channel needs " + QuotedList(required));
      (void)own;
      if (ticket)
        ReadTicketApi(ld, f, sc.ticket);
      else
        ReadEmail(ld, f, sc.email);
    }
    ReadPattern(ld, f,
                sc.kind == SupportChannel::Kind::kTicketApi ? sc.ticket.auto_reply_pattern
                                                            : sc.email.auto_reply_pattern);
    out.push_back(std::move(sc));
  }
}

// ---- vantage points, data sources ----

void ReadVantagePoints(const Loader& ld, const Located& v, std::vector<VantagePoint>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  int locals = 0;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    VantagePoint vp;
    if (auto n = f.Get("name")) {
      if (auto s = ReadNonEmpty(ld.ctx, *n)) {
        vp.name = *s;
        for (const VantagePoint& other : out)
          if (other.name == *s)
            ld.ctx.Error(n->mark, "duplicate vantage point name " + Quote(*s),
                         "give each vantage point its own name");
      }
    }
    struct Coord {
      const char* key;
      double limit;
      double* out;
    };
    for (const Coord& c :
         {Coord{"latitude", 90, &vp.latitude}, Coord{"longitude", 180, &vp.longitude}}) {
      auto x = f.Get(c.key);
      if (!x) continue;
      std::optional<double> d = ReadNumber(ld.ctx, *x);
      if (!d) continue;
      if (*d < -c.limit || *d > c.limit) {
        std::ostringstream msg;
        msg << Quote(x->path) << ": " << x->node.Scalar() << " is out of range";
        std::ostringstream hint;
        hint << c.key << " is in degrees from " << -c.limit << " to " << c.limit
             << " (Astana is 51.17, 71.45)";
        ld.ctx.Error(x->mark, msg.str(), hint.str());
        continue;
      }
      *c.out = *d;
    }
    if (auto l = f.Get("local"))
      if (auto b = ReadBool(ld.ctx, *l)) vp.local = *b;
    if (auto a = f.Get("atlas_probe")) {
      if (std::optional<long long> n = ReadInteger(ld.ctx, *a)) {
        if (*n < 1 || *n > 100000000)
          ld.ctx.Error(a->mark,
                       Quote(a->path) + ": " + std::to_string(*n) + " is not a RIPE Atlas probe id",
                       "write the probe's numeric id as shown on atlas.ripe.net");
        else
          vp.atlas_probe = static_cast<int>(*n);
      }
    }
    if (auto l = f.Get("loopback_evidence"))
      if (auto b = ReadBool(ld.ctx, *l)) vp.loopback_evidence = *b;
    if (vp.local && ++locals == 2)
      ld.ctx.Warning(item.mark, "more than one vantage point is marked local: true",
                     "the harness runs in one place; mark only that one local");
    out.push_back(std::move(vp));
  }
}

void ReadDataSourceList(const Loader& ld, const Located& v, DataSource::Kind kind,
                        const std::vector<std::string>& formats, std::vector<DataSource>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    DataSource ds;
    ds.kind = kind;
    if (kind == DataSource::Kind::kGazetteer) ds.format = DataSource::Format::kJson;
    ds.where = ld.ctx.At(item.mark);
    ReadNonEmptyInto(ld.ctx, f, "name", ds.name);
    if (auto fm = f.Get("format"))
      if (auto s = ReadEnum(ld.ctx, *fm, formats))
        ds.format = *s == "csv"    ? DataSource::Format::kCsv
                    : *s == "json" ? DataSource::Format::kJson
                                   : DataSource::Format::kMaxMindDb;
    if (auto p = f.Get("path"))
      if (auto resolved = ReadExistingFile(ld, *p)) ds.path = *resolved;
    out.push_back(std::move(ds));
  }
}

void ReadDataSources(const Loader& ld, const Located& v, std::vector<DataSource>& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto g = f.Get("geolocation"))
    ReadDataSourceList(ld, *g, DataSource::Kind::kGeolocation, {"mmdb"}, out);
  if (auto a = f.Get("asn"))
    ReadDataSourceList(ld, *a, DataSource::Kind::kAsn, {"mmdb", "csv"}, out);
  if (auto z = f.Get("gazetteer"))
    ReadDataSourceList(ld, *z, DataSource::Kind::kGazetteer, {"json"}, out);
}

void ReadMeasurements(const Loader& ld, const Located& v, std::vector<MeasurementFile>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    MeasurementFile m;
    m.where = ld.ctx.At(item.mark);
    if (auto fm = f.Get("format"))
      if (auto s = ReadEnum(ld.ctx, *fm, {"pooltest", "ripe-atlas"}))
        m.format = *s == "ripe-atlas" ? MeasurementFile::Format::kRipeAtlas
                                      : MeasurementFile::Format::kPooltest;
    if (auto p = f.Get("path"))
      if (auto resolved = ReadExistingFile(ld, *p)) m.path = *resolved;
    out.push_back(std::move(m));
  }
}

// ---- dns ----

// "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353" -> address and port.
std::optional<DnsServer> ParseDnsServer(const std::string& s) {
  DnsServer out;
  std::string port;
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.address = s.substr(1, close - 1);
    if (close + 1 < s.size()) {
      if (s[close + 1] != ':') return std::nullopt;
      port = s.substr(close + 2);
      if (port.empty()) return std::nullopt;
    }
    if (!IsIpv6Literal(out.address)) return std::nullopt;
  } else if (IsIpv6Literal(s)) {
    out.address = s;
  } else {
    size_t colon = s.find(':');
    out.address = s.substr(0, colon);
    if (colon != std::string::npos) {
      port = s.substr(colon + 1);
      if (port.empty()) return std::nullopt;
    }
    if (!IsIpv4Literal(out.address)) return std::nullopt;
  }
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    long p = std::stol(port);
    if (!PortInRange(p)) return std::nullopt;
    out.port = static_cast<uint16_t>(p);
  }
  return out;
}

void ReadDns(const Loader& ld, const Located& v, DnsSettings& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  out.where = ld.ctx.At(v.mark);
  if (auto sv = f.Get("servers")) {
    if (auto items = ReadList(ld.ctx, *sv, true)) {
      for (const Located& item : *items) {
        std::optional<std::string> s = ReadNonEmpty(ld.ctx, item);
        if (!s) continue;
        std::optional<DnsServer> server = ParseDnsServer(*s);
        if (!server) {
          ld.ctx.Error(item.mark,
                       Quote(item.path) + ": " + Quote(*s) + " is not a DNS server address",
                       "write an IP address and an optional port: 127.0.0.1:5353, 192.0.2.53, "
                       "[::1]:5353 or ::1 (port 53 when absent); host names are not allowed");
          continue;
        }
        out.servers.push_back(*server);
      }
    }
  }
  if (auto x = f.Get("timeout")) {
    if (std::optional<std::string> s = ReadNonEmpty(ld.ctx, *x)) {
      std::optional<std::chrono::milliseconds> ms = ParseDuration(*s);
      if (!ms || ms->count() < 1) {
        ld.ctx.Error(x->mark, Quote(x->path) + ": bad duration " + Quote(*s),
                     "write a whole number and a unit, e.g. 500ms or 2s");
      } else {
        out.timeout = *ms;
      }
    }
  }
  if (auto x = f.Get("tries")) {
    if (std::optional<long long> n = ReadInteger(ld.ctx, *x)) {
      if (*n < 1 || *n > 10)
        ld.ctx.Error(x->mark, Quote(x->path) + ": " + std::to_string(*n) + " is out of range",
                     "tries is from 1 to 10");
      else
        out.tries = static_cast<int>(*n);
    }
  }
}

// ---- thresholds, documents, output ----

void ReadThresholds(const Loader& ld, const Located& v, Thresholds& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  struct D {
    const char* key;
    std::chrono::milliseconds* out;
  };
  for (const D& d :
       {D{"probe_timeout", &out.probe_timeout}, D{"run_timeout", &out.run_timeout},
        D{"support_sla", &out.support_sla}, D{"support_probe_window", &out.support_probe_window}}) {
    auto x = f.Get(d.key);
    if (!x) continue;
    std::optional<std::string> s = ReadNonEmpty(ld.ctx, *x);
    if (!s) continue;
    std::optional<std::chrono::milliseconds> ms = ParseDuration(*s);
    if (!ms) {
      ld.ctx.Error(x->mark, Quote(x->path) + ": bad duration " + Quote(*s),
                   "write a whole number and a unit (ms, s, m, h, d), e.g. 500ms, 5s, 2m, 1h, "
                   "7d or 1h30m");
      continue;
    }
    *d.out = *ms;
  }
  struct I {
    const char* key;
    long long lo, hi;
    int* out;
  };
  for (const I& i :
       {I{"concurrency", 1, 256, &out.concurrency}, I{"rtt_samples", 1, 50, &out.rtt_samples}}) {
    auto x = f.Get(i.key);
    if (!x) continue;
    std::optional<long long> n = ReadInteger(ld.ctx, *x);
    if (!n) continue;
    if (*n < i.lo || *n > i.hi) {
      ld.ctx.Error(
          x->mark, Quote(x->path) + ": " + std::to_string(*n) + " is out of range",
          std::string(i.key) + " is from " + std::to_string(i.lo) + " to " + std::to_string(i.hi));
      continue;
    }
    *i.out = static_cast<int>(*n);
  }
  if (auto x = f.Get("ui_coverage")) {
    if (std::optional<double> d = ReadNumber(ld.ctx, *x)) {
      if (*d < 0 || *d > 1)
        ld.ctx.Error(x->mark, Quote(x->path) + ": " + x->node.Scalar() + " is out of range",
                     "ui_coverage is a share from 0 to 1, e.g. 0.9 for 90%");
      else
        out.ui_coverage = *d;
    }
  }
  if (out.probe_timeout > out.run_timeout)
    ld.ctx.Warning(v.mark, "thresholds.probe_timeout is longer than thresholds.run_timeout",
                   "probes will be cut off by the run deadline");
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

bool IsSha256Hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

void ReadDocuments(const Loader& ld, const Located& v, std::vector<AttestedDocument>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  for (const Located& item : *items) {
    Fields f(ld.ctx, item);
    if (!f.valid()) continue;
    AttestedDocument doc;
    doc.where = ld.ctx.At(item.mark);
    if (auto c = f.Get("clause"))
      if (auto s = ReadEnum(ld.ctx, *c, {"R4.2", "R4.7"})) doc.clause = *s;
    ReadNonEmptyInto(ld.ctx, f, "reference", doc.reference);
    ReadNonEmptyInto(ld.ctx, f, "issuer", doc.issuer);
    if (auto d = f.Get("date")) {
      if (auto s = ReadNonEmpty(ld.ctx, *d)) {
        if (IsRealDate(*s))
          doc.date = *s;
        else
          ld.ctx.Error(d->mark, Quote(d->path) + ": " + Quote(*s) + " is not a real date",
                       "write the document's date as YYYY-MM-DD, e.g. \"2024-03-15\"");
      }
    }
    if (auto fl = f.Get("file"))
      if (auto resolved = ReadExistingFile(ld, *fl)) doc.file = *resolved;
    if (auto h = f.Get("sha256")) {
      if (auto s = ReadNonEmpty(ld.ctx, *h)) {
        if (!IsSha256Hex(*s)) {
          ld.ctx.Error(h->mark, Quote(h->path) + " is not 64 hexadecimal digits",
                       "compute it with `sha256sum FILE`, or leave sha256 out");
        } else {
          doc.sha256 = Lower(*s);
          if (!doc.file.empty()) {
            Result<std::string> actual = Sha256File(doc.file);
            if (!actual.ok()) {
              ld.ctx.Error(h->mark,
                           Quote(h->path) + ": cannot hash the file: " + actual.error().message,
                           "check that the file is readable");
            } else if (*actual != doc.sha256) {
              ld.ctx.Error(h->mark,
                           "sha256 of " + doc.file + " does not match " + Quote(h->path) +
                               ": the file has " + *actual,
                           "the file changed since the digest was written: attach the right "
                           "file or update sha256");
            }
          }
        }
      }
    }
    out.push_back(std::move(doc));
  }
}

void ReadOutput(const Loader& ld, const Located& v, OutputOptions& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  auto fm = f.Get("formats");
  if (!fm) return;
  auto items = ReadList(ld.ctx, *fm, true);
  if (!items) return;
  out.formats.clear();
  for (const Located& item : *items) {
    auto s = ReadEnum(ld.ctx, item, {"json", "junit", "html", "pdf"});
    if (!s) continue;
    if (std::find(out.formats.begin(), out.formats.end(), *s) != out.formats.end()) {
      ld.ctx.Warning(item.mark, Quote(item.path) + ": format " + Quote(*s) + " is listed twice",
                     "remove the repeated entry");
      continue;
    }
    out.formats.push_back(*s);
  }
}

// ---- documents ----

// Notes where a document starts and whether it holds anything. Used to find
// text after the first document without YAML::LoadAll, which in yaml-cpp 0.7
// loops forever, allocating, on a flow collection followed by junk ("{},").
class DocumentProbe : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& m) override { Note(m); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Note(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnMapEnd() override {}

  bool any() const { return any_; }
  const YAML::Mark& first() const { return first_; }

 private:
  void Note(const YAML::Mark& m) {
    if (!any_) first_ = m;
    any_ = true;
  }
  bool any_ = false;
  YAML::Mark first_;
};

struct FirstDocument {
  bool empty = true;
  std::optional<YAML::Mark> trailing;  // where text after the first document starts
  YAML::Node root;
};

// Parses the first document; throws YAML::ParserException on syntax errors.
FirstDocument LoadFirstDocument(const std::string& text) {
  FirstDocument doc;
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentProbe first;
  if (!parser.HandleNextDocument(first)) return doc;
  doc.empty = !first.any();
  DocumentProbe second;
  if (parser.HandleNextDocument(second) && second.any()) doc.trailing = second.first();
  if (!doc.empty) doc.root = YAML::Load(text);
  return doc;
}

// ---- top level ----

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

LoadOutcome ParseScenario(std::string_view text, const std::string& display_path,
                          const std::string& base_dir, const LoadOptions& options) {
  ReadContext ctx(display_path);
  Scenario sc;
  sc.source_path = display_path;
  sc.sha256 = Sha256Hex(text);
  try {
    FirstDocument doc;
    bool parsed = false;
    try {
      doc = LoadFirstDocument(std::string(text));
      parsed = true;
    } catch (const YAML::ParserException& e) {
      ctx.Error(e.mark, "YAML syntax error: " + e.msg,
                "check indentation (spaces, not tabs), colons after keys and matching quotes "
                "and brackets near this place");
    }
    if (parsed && (doc.empty || doc.root.IsNull())) {
      ctx.Error(YAML::Mark(), "the file is empty",
                "a scenario needs at least pooltest, name, applicant, sites and worker; "
                "start from scenarios/demo.yaml");
    } else if (parsed) {
      if (doc.trailing)
        ctx.Error(*doc.trailing, "text after the end of the first YAML document",
                  "a scenario is one document: remove this text (or a '---' separator and "
                  "what follows it)");
      Loader ld{ctx, base_dir, options};
      ReadScenario(ld, doc.root, sc);
    }
  } catch (const std::exception& e) {
    // yaml-cpp may throw on inputs the parser accepted oddly; never let it out.
    ctx.Error(YAML::Mark(), std::string("cannot read the scenario: ") + e.what(),
              "simplify the construct near the last reported line");
  }
  LoadOutcome outcome;
  outcome.diagnostics = ctx.TakeDiagnostics();
  std::stable_sort(outcome.diagnostics.begin(), outcome.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.where.line, a.where.column) <
                            std::pair(b.where.line, b.where.column);
                   });
  bool errors = false;
  for (const Diagnostic& d : outcome.diagnostics)
    errors = errors || d.severity == Diagnostic::Severity::kError;
  if (!errors) outcome.scenario = std::move(sc);
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
