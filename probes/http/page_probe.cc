#include "probes/http/page_probe.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/core/sha256.h"
#include "probes/http/curl_transfer.h"
#include "probes/http/html_text.h"
#include "probes/http/language_id.h"

namespace pooltest {
namespace {

constexpr size_t kMaxOffending = 10;
constexpr size_t kMaxOffendingChars = 300;
constexpr size_t kMaxHeaderValue = 512;
constexpr std::array<const char*, 3> kUiLangs = {"kk", "ru", "en"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "kk-KZ" -> "kk"; empty when not one of the UI languages.
std::string UiLang(std::string tag) {
  tag = Lower(tag.substr(0, tag.find_first_of("-_")));
  for (const char* l : kUiLangs)
    if (tag == l) return tag;
  return {};
}

std::string PathOf(const std::string& url) {
  std::string rest = url;
  const size_t scheme = rest.find("://");
  if (scheme != std::string::npos) {
    const size_t slash = rest.find('/', scheme + 3);
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  return rest.substr(0, rest.find_first_of("?#"));
}

std::string QueryOf(const std::string& href) {
  const size_t q = href.find('?');
  if (q == std::string::npos) return {};
  return href.substr(q + 1, href.find('#', q) - q - 1);
}

// Resolves an href's path against the page's path (enough for same-page
// comparison: no dot-segment handling).
std::string ResolvePath(const std::string& href, const std::string& base_path) {
  if (href.empty() || href[0] == '?' || href[0] == '#') return base_path;
  if (href.find("://") != std::string::npos) return PathOf(href);
  if (href.rfind("//", 0) == 0) return PathOf("http:" + href);
  if (href[0] == '/') return PathOf(href);
  return base_path.substr(0, base_path.rfind('/') + 1) + PathOf(href);
}

// Splits "/kk/help" into ("kk", "/help"); ("", path) without a prefix.
std::pair<std::string, std::string> SplitLangPrefix(const std::string& path) {
  for (const char* l : kUiLangs) {
    const std::string p = std::string("/") + l;
    if (path == p || path == p + "/") return {l, "/"};
    if (path.rfind(p + "/", 0) == 0) return {l, path.substr(p.size())};
  }
  return {"", path.empty() ? "/" : path};
}

// The language a link points to: hreflang or lang attribute, a "lang=xx"
// query parameter, or a /xx/ path prefix.
std::string LinkLang(const HtmlAnchor& a, const std::string& resolved_path) {
  if (std::string l = UiLang(a.hreflang); !l.empty()) return l;
  if (std::string l = UiLang(a.lang); !l.empty()) return l;
  const std::string query = QueryOf(a.href);
  for (const char* key : {"lang=", "locale=", "hl="}) {
    const size_t k = query.find(key);
    if (k != std::string::npos && (k == 0 || query[k - 1] == '&')) {
      const size_t v = k + std::strlen(key);
      if (std::string l = UiLang(query.substr(v, query.find('&', v) - v)); !l.empty()) return l;
    }
  }
  return SplitLangPrefix(resolved_path).first;
}

}  // namespace

boost::asio::awaitable<Observation> ProbeUiPage(ProbeContext ctx, PageTarget target) {
  Observation obs;
  obs.probe = "ui.page";
  obs.target = target.url;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  obs.data["page"] = target.page;
  obs.data["expected_lang"] = target.lang;

  HttpRequest req;
  req.url = target.url;
  req.verify_tls = target.verify_tls;
  for (const auto& [name, value] : target.headers) req.headers.emplace_back(name, value);
  HttpResponse res = co_await PerformHttp(ctx, std::move(req));
  obs.transcript = std::move(res.transcript);
  obs.status = ToProbeStatus(res.outcome);

  obs.data["status"] = res.status;
  obs.data["final_url"] = res.final_url;
  obs.data["content_type"] = res.content_type;
  obs.data["redirects"] = res.redirects;
  obs.data["bytes"] = res.body.size();
  obs.data["body_sha256"] = Sha256Hex(res.body);
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : res.headers)
    headers[name] = value.substr(0, kMaxHeaderValue);  // last one wins, as for most headers
  obs.data["headers"] = headers;

  if (res.outcome != HttpOutcome::kOk) {
    obs.detail = "GET " + target.url + ": " + res.error;
    obs.finished = std::chrono::system_clock::now();
    co_return obs;
  }

  const HtmlFacts facts = ExtractHtmlText(res.body);
  obs.data["html_lang"] = facts.html_lang;
  obs.data["title"] = facts.title;
  nlohmann::json hreflang = nlohmann::json::object();
  for (const HtmlAlternate& alt : facts.alternates) hreflang[Lower(alt.hreflang)] = alt.href;
  obs.data["hreflang"] = hreflang;

  // Switcher: links to this same page in another language. Their labels are
  // language names written in their own language by design, so they are
  // left out of the coverage count.
  const std::string page_path = PathOf(res.final_url.empty() ? target.url : res.final_url);
  const std::string page_rest = SplitLangPrefix(page_path).second;
  std::set<std::string> switcher;
  std::set<std::string> switcher_labels;
  for (const HtmlAnchor& a : facts.anchors) {
    const std::string path = ResolvePath(a.href, page_path);
    const std::string lang = LinkLang(a, path);
    if (lang.empty() || lang == target.lang) continue;
    if (SplitLangPrefix(path).second != page_rest) continue;
    switcher.insert(lang);
    if (!a.text.empty()) switcher_labels.insert(a.text);
  }
  obs.data["switcher_langs"] = std::vector<std::string>(switcher.begin(), switcher.end());

  std::map<std::string, int> words = {
      {"kk", 0}, {"ru", 0}, {"en", 0}, {"neutral", 0}, {"unknown", 0}};
  nlohmann::json offending = nlohmann::json::array();
  int offending_total = 0;
  for (const std::string& seg : facts.segments) {
    if (switcher_labels.count(seg)) continue;
    const SegmentLanguage sl = IdentifySegment(seg);
    words["neutral"] += sl.neutral_words;
    if (sl.lang == Lang::kNeutral) continue;
    words[ToString(sl.lang)] += sl.words;
    if (ToString(sl.lang) != target.lang) {
      ++offending_total;
      if (offending.size() < kMaxOffending)
        offending.push_back(
            {{"text", seg.substr(0, kMaxOffendingChars)}, {"lang", ToString(sl.lang)}});
    }
  }
  const int counted = words["kk"] + words["ru"] + words["en"] + words["unknown"];
  nlohmann::json share = nlohmann::json::object();
  for (const char* l : kUiLangs) share[l] = counted > 0 ? double(words[l]) / counted : 0.0;
  obs.data["segments"] = facts.segments.size();
  obs.data["switcher_labels_excluded"] = switcher_labels.size();
  obs.data["words"] = words;
  obs.data["share"] = share;
  obs.data["offending"] = offending;
  obs.data["offending_total"] = offending_total;

  char pct[16];
  std::snprintf(pct, sizeof pct, "%.0f%%",
                100.0 * (share.contains(target.lang) ? share[target.lang].get<double>() : 0.0));
  obs.detail = "HTTP " + std::to_string(res.status) + ", " + std::to_string(counted) +
               " words of text, " + pct + " in " + target.lang;
  obs.finished = std::chrono::system_clock::now();
  co_return obs;
}

}  // namespace pooltest
