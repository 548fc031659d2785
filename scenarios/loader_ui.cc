// Reads the ui section: an http(s) base_url, absolute pages listed once, one
// way to reach each of the kk, ru and en variants (path prefix, query,
// subdomain, Accept-Language, cookie or links to follow) with a valid value,
// the render and verify_tls switches, how many pages render at once (1-16),
// the hosts a rendered page may load resources from (valid hosts), and crawl
// limits within their bounds.
#include "scenarios/loader_sections.h"

#include <algorithm>
#include <regex>
#include <string>

#include "scenarios/did_you_mean.h"
#include "scenarios/host_name.h"

namespace pooltest::loader {

namespace {

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

// ui.allowed_hosts: hosts, not URLs, each listed once.
void ReadAllowedHosts(const Loader& ld, const Located& v, std::vector<std::string>& out) {
  auto items = ReadList(ld.ctx, v, false);
  if (!items) return;
  for (const Located& item : *items) {
    std::optional<std::string> s =
        ReadHost(ld.ctx, item,
                 "write the host a rendered page loads resources from, without a scheme, port or "
                 "path (e.g. cdn.example.kz or 192.0.2.10)");
    if (!s) continue;
    if (std::find(out.begin(), out.end(), *s) != out.end()) {
      ld.ctx.Warning(item.mark, Quote(item.path) + ": host " + Quote(*s) + " is listed twice",
                     "remove the repeated entry");
      continue;
    }
    out.push_back(*s);
  }
}

}  // namespace

void ReadUi(const Loader& ld, const Located& v, WebUi& out) {
  out.where = ld.ctx.At(v.mark);
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  if (auto b = f.Get("base_url")) {
    if (auto u = ReadUrl(ld.ctx, *b, {"http", "https"}, false, "https://pool.example.kz"))
      out.base_url = u->url;
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
  if (auto c = f.Get("render_concurrency")) {
    // Each tab is a renderer process: bounded so a scenario cannot make the
    // harness start hundreds at once.
    if (std::optional<long long> n = ReadInteger(ld.ctx, *c)) {
      if (*n < 1 || *n > 16)
        ld.ctx.Error(c->mark, Quote(c->path) + ": " + std::to_string(*n) + " is out of range",
                     "render_concurrency (page variants rendered at once) is from 1 to 16");
      else
        out.render_concurrency = static_cast<int>(*n);
    }
  }
  if (auto t = f.Get("verify_tls"))
    if (auto b = ReadBool(ld.ctx, *t)) out.verify_tls = *b;
  if (auto h = f.Get("allowed_hosts")) {
    ReadAllowedHosts(ld, *h, out.allowed_hosts);
    // Only Chromium loads a page's resources; without it the list is unused.
    if (!out.render && !out.allowed_hosts.empty())
      ld.ctx.Warning(h->mark, Quote(h->path) + " has no effect without render: true",
                     "set ui.render: true, or remove allowed_hosts");
  }
  if (auto c = f.Get("crawl")) ReadCrawl(ld, *c, out.crawl);
}

}  // namespace pooltest::loader
