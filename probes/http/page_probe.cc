#include "probes/http/page_probe.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include <curl/curl.h>

#include "core/sha256.h"
#include "core/utf8.h"
#include "probes/common/offload.h"
#include "probes/http/charset.h"
#include "probes/http/chromium_render.h"
#include "probes/http/html_bounds.h"
#include "probes/http/html_text.h"
#include "probes/http/http_fetch.h"
#include "probes/http/language_id.h"
#include "probes/http/language_links.h"
#include "probes/http/language_switch.h"

namespace pooltest {
namespace {

constexpr size_t kMaxOffending = 10;
constexpr size_t kMaxOffendingChars = 300;
constexpr size_t kMaxHeaderValue = 512;
constexpr size_t kMaxTexts = 400;
constexpr size_t kMaxLinks = 200;
constexpr std::array<const char*, 3> kUiLangs = {"kk", "ru", "en"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string HostOf(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  char* h = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &h, 0) != CURLUE_OK || !h) return {};
  std::string host(h);
  curl_free(h);
  return Lower(host);
}

// "kk /help" -> "kk_help": a file name for the rendered page's evidence.
std::string FileStem(const std::string& lang, const std::string& page) {
  std::string stem = lang + "_";
  for (char c : page) stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (stem.size() > 100) stem = stem.substr(0, 100) + "_" + Sha256Hex(page).substr(0, 8);
  return stem;
}

// Everything the probe reports about one HTML document (fetched or rendered).
void Analyze(const std::string& html, const PageTarget& target, const std::string& page_url,
             nlohmann::json& data) {
  const HtmlFacts facts = ExtractHtmlText(html);
  if (facts.too_deep)
    data["too_large_to_check"] = "elements nested more than " + std::to_string(kHtmlMaxTreeDepth) +
                                 " deep once parsed: deeper text was not read";
  data["html_lang"] = facts.html_lang;
  data["title"] = facts.title;
  nlohmann::json hreflang = nlohmann::json::object();
  for (const HtmlAlternate& alt : facts.alternates) hreflang[Lower(alt.hreflang)] = alt.href;
  data["hreflang"] = hreflang;

  // Switcher: links to this same page in another language. The labels of
  // every language link are language names written in their own language
  // by design, so they are left out of the coverage count.
  const std::string page_path = PathOf(page_url);
  const std::string page_rest = SplitLangPrefix(page_path).second;
  const std::string host = HostOf(page_url);
  std::set<std::string> switcher;
  std::set<std::string> switcher_labels;
  nlohmann::json switcher_links = nlohmann::json::object();
  std::set<std::string> links;
  for (const HtmlAnchor& a : facts.anchors) {
    const std::string path = ResolvePath(a.href, page_path);
    const std::string abs = ResolveUrl(page_url, a.href);
    if (!abs.empty() && links.size() < kMaxLinks && HostOf(abs) == host &&
        abs.rfind("http", 0) == 0)
      links.insert(abs.substr(0, abs.find('#')));
    const std::string lang = LinkLang(a, path);
    if (lang.empty() || lang == target.lang) continue;
    // Set-language links are labelled with language names too.
    if (!a.text.empty()) switcher_labels.insert(a.text);
    if (SplitLangPrefix(path).second != page_rest) continue;
    switcher.insert(lang);
    if (!switcher_links.contains(lang)) switcher_links[lang] = abs.empty() ? a.href : abs;
  }
  data["page_path"] = page_rest;
  data["switcher_langs"] = std::vector<std::string>(switcher.begin(), switcher.end());
  data["switcher_links"] = switcher_links;
  // The ways to the other languages that only following can tell (page
  // variants have a language; the unmarked entry page has none).
  if (!target.lang.empty())
    data["language_links"] = LanguageLinks(facts, page_url, target.lang, switcher);
  data["links"] = std::vector<std::string>(links.begin(), links.end());

  std::map<std::string, int> words = {
      {"kk", 0}, {"ru", 0}, {"en", 0}, {"neutral", 0}, {"unknown", 0}};
  struct Offender {
    std::string text;
    std::string lang;
    int words;
  };
  std::vector<Offender> offenders;
  nlohmann::json texts = nlohmann::json::array();
  int title_words = 0;
  bool title_seen = false;
  // Attribute text (tooltips, labels, alt) supports the page's text but may
  // not outweigh it: titles in the expected language stuffed into a page
  // that shows another must not make it pass. Attribute segments count, in
  // document order, while their words stay within the text's; all of them
  // on a page that shows no text of its own (images and icons only).
  std::vector<bool> from_attribute(facts.segments.size(), false);
  for (size_t i : facts.attribute_segments) from_attribute[i] = true;
  std::vector<SegmentLanguage> langs(facts.segments.size());
  int text_words = 0;
  for (size_t i = 0; i < facts.segments.size(); ++i) {
    if (switcher_labels.count(facts.segments[i])) continue;
    langs[i] = IdentifySegment(facts.segments[i]);
    if (!from_attribute[i]) text_words += langs[i].words;
  }
  int attribute_words = 0, attribute_words_excluded = 0;
  for (size_t i = 0; i < facts.segments.size(); ++i) {
    const std::string& seg = facts.segments[i];
    if (switcher_labels.count(seg)) continue;
    const SegmentLanguage& sl = langs[i];
    if (from_attribute[i]) {
      if (text_words > 0 && attribute_words + sl.words > text_words) {
        attribute_words_excluded += sl.words;
        continue;
      }
      attribute_words += sl.words;
    }
    if (!title_seen && !facts.title.empty() && seg == facts.title) {
      title_seen = true;
      if (sl.lang != Lang::kNeutral) title_words = sl.words;
    }
    words["neutral"] += sl.neutral_words;
    if (texts.size() < kMaxTexts)
      texts.push_back({Utf8Prefix(seg, kMaxOffendingChars), ToString(sl.lang)});
    if (sl.lang == Lang::kNeutral) continue;
    words[ToString(sl.lang)] += sl.words;
    if (ToString(sl.lang) != target.lang) offenders.push_back({seg, ToString(sl.lang), sl.words});
  }
  // The worst offenders first: the longest text in the wrong language.
  std::stable_sort(offenders.begin(), offenders.end(),
                   [](const Offender& a, const Offender& b) { return a.words > b.words; });
  nlohmann::json offending = nlohmann::json::array();
  for (const Offender& o : offenders) {
    if (offending.size() >= kMaxOffending) break;
    offending.push_back(
        {{"text", Utf8Prefix(o.text, kMaxOffendingChars)}, {"lang", o.lang}, {"words", o.words}});
  }
  const int counted = words["kk"] + words["ru"] + words["en"] + words["unknown"];
  nlohmann::json share = nlohmann::json::object();
  for (const char* l : kUiLangs) share[l] = counted > 0 ? double(words[l]) / counted : 0.0;
  data["segments"] = facts.segments.size();
  data["switcher_labels_excluded"] = switcher_labels.size();
  data["words"] = words;
  data["counted_words"] = counted;
  data["attribute_words_excluded"] = attribute_words_excluded;
  // A page whose only text is its <title> is an empty shell (a UI built by
  // scripts, seen without running them).
  data["words_outside_title"] = counted - title_words;
  data["share"] = share;
  data["offending"] = offending;
  data["offending_total"] = offenders.size();
  data["texts"] = texts;
}

// The page's shape, then (when within the HTML limits) Analyze: the work
// that runs off the io thread.
nlohmann::json AnalyzeBounded(const std::string& html, const PageTarget& target,
                              const std::string& page_url) {
  nlohmann::json data = nlohmann::json::object();
  const HtmlShape shape = MeasureHtml(html);
  data["html_shape"] = {{"elements", shape.elements},
                        {"max_depth", shape.max_depth},
                        {"attributes", shape.attributes},
                        {"max_element_attributes", shape.max_element_attributes}};
  if (!shape.over.empty()) {
    data["too_large_to_check"] = shape.over + " (the limit of html_bounds.h): not parsed";
    return data;
  }
  Analyze(html, target, page_url, data);
  return data;
}

// What a language link or form led to, for language_switch.h: the landed
// page read as a variant in `lang` is.
nlohmann::json ReadLanding(const std::string& html, const std::string& url,
                           const std::string& lang) {
  PageTarget t;
  t.lang = lang;
  const nlohmann::json facts = AnalyzeBounded(html, t, url);
  nlohmann::json out = {{"landed_page", SplitLangPrefix(PathOf(url)).second}};
  if (facts.contains("too_large_to_check")) {
    out["too_large_to_check"] = facts["too_large_to_check"];
    return out;
  }
  out["html_lang"] = facts.value("html_lang", "");
  out["title"] = facts.value("title", "");
  out["share"] = facts["share"];
  out["counted_words"] = facts["counted_words"];
  std::string detected;
  double top = 0;
  for (const char* l : kUiLangs) {
    const double share = facts["share"].value(l, 0.0);
    if (share > top) {
      top = share;
      detected = l;
    }
  }
  out["detected_lang"] = detected;
  return out;
}

// What the page's JavaScript language controls did (script_switch.h), each
// landed page read as ReadLanding reads a followed link's and, with an
// evidence folder, its DOM kept beside the page's as
// ui-render/<stem>.switch-<lang>.html (dom_file, relative to the folder).
nlohmann::json ScriptSwitchesJson(const std::vector<ScriptSwitch>& tried,
                                  const std::string& evidence_dir, const std::string& stem) {
  nlohmann::json out = nlohmann::json::array();
  for (const ScriptSwitch& sw : tried) {
    nlohmann::json j = {{"lang", sw.lang},          {"kind", "script"},
                        {"control", sw.control},    {"method", sw.action},
                        {"outcome", sw.outcome},    {"effect", sw.effect},
                        {"final_url", sw.final_url}};
    if (!sw.detail.empty()) j["detail"] = sw.detail;
    if (sw.status != 0) j["status"] = sw.status;
    if (sw.refused)
      j["refused"] = RefusalJson(
          {"navigation_refused", sw.refused->from, sw.refused->to, sw.refused->refusal});
    if (sw.outcome == "landed") {
      j.update(ReadLanding(sw.dom, sw.final_url, sw.lang));
      if (!evidence_dir.empty()) {
        const std::filesystem::path rel =
            std::filesystem::path("ui-render") / (stem + ".switch-" + sw.lang + ".html");
        std::ofstream f(std::filesystem::path(evidence_dir) / rel,
                        std::ios::binary | std::ios::trunc);
        f.write(sw.dom.data(), static_cast<std::streamsize>(sw.dom.size()));
        if (f) j["dom_file"] = rel.string();
      }
    }
    out.push_back(std::move(j));
  }
  return out;
}

// When work on the page was cut off: whose time ran out, for the status.
template <typename T>
bool Unfinished(const Offloaded<T>& done, const std::string& what, Observation& obs) {
  obs.data["analysis"] = {{"queued_ms", done.queued_ms}, {"work_ms", done.work_ms}};
  if (done.end == OffloadEnd::kDone) return false;
  if (done.end == OffloadEnd::kCancelled) {
    obs.status = ProbeStatus::kCancelled;
    obs.detail = what + ": cancelled with the run";
  } else if (done.work_ms == 0) {
    // It never got a thread: the harness was busy, the page is not to blame.
    obs.status = ProbeStatus::kError;
    obs.detail = what + ": the harness had no free thread before the probe's deadline";
  } else {
    obs.status = ProbeStatus::kTimeout;
    obs.data["too_large_to_check"] = what + " took longer than the probe's deadline";
    obs.detail = what + " did not finish by the probe's deadline";
  }
  obs.finished = std::chrono::system_clock::now();
  return true;
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
  obs.data["tls_verify"] = target.verify_tls;
  obs.data["rendered"] = false;

  HttpRequest req;
  req.url = target.url;
  req.verify_tls = target.verify_tls;
  req.ca_file = target.ca_file;
  for (const auto& [name, value] : target.headers) req.headers.emplace_back(name, value);
  // The page's cookies (a CSRF token a set-language form needs) are kept
  // for following its language links.
  req.cookie_engine = true;
  HttpFetch fetched = co_await FetchHttp(ctx, std::move(req));
  HttpResponse& res = fetched.response;
  obs.transcript = std::move(res.transcript);
  obs.status = ToProbeStatus(res.outcome);
  obs.data["hops"] = fetched.hops;
  obs.data["served_by"] = fetched.served_by;
  if (fetched.refused) {
    obs.data["refused"] = RefusalJson(*fetched.refused);
    if (fetched.refused->refusal.harness_fault) obs.status = ProbeStatus::kError;
  }

  obs.data["status"] = res.status;
  obs.data["final_url"] = res.final_url;
  obs.data["content_type"] = res.content_type;
  obs.data["redirects"] = res.redirects;
  obs.data["bytes"] = res.body.size();
  obs.data["body_sha256"] = Sha256Hex(res.body);
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : res.headers)
    headers[name] = Utf8Prefix(value, kMaxHeaderValue);  // last one wins, as for most headers
  obs.data["headers"] = headers;
  if (res.outcome == HttpOutcome::kTlsFailed) obs.data["tls_error"] = res.error;

  if (res.outcome == HttpOutcome::kTooLarge) obs.data["too_large_to_check"] = res.error;
  if (res.outcome != HttpOutcome::kOk) {
    obs.detail = "GET " + target.url + ": " + res.error;
    obs.finished = std::chrono::system_clock::now();
    co_return obs;
  }

  auto body = std::make_shared<const std::string>(std::move(res.body));
  const std::string content_type = res.content_type;
  // Named, not a temporary in the co_await expression: GCC 12 destroys such
  // temporaries twice.
  std::function<DecodedText()> decode = [body, content_type] {
    return DecodeHtml(*body, content_type);
  };
  Offloaded<DecodedText> decoded = co_await Offload<DecodedText>(ctx, std::move(decode));
  if (Unfinished(decoded, "decoding the page's text", obs)) co_return obs;
  DecodedText& text = *decoded.value;
  obs.data["charset"] = {{"declared", text.declared},
                         {"source", text.source},
                         {"used", text.used},
                         {"converted", text.converted}};
  if (!text.error.empty()) obs.data["charset"]["error"] = text.error;
  const std::string page_url = res.final_url.empty() ? target.url : res.final_url;

  std::string html = std::move(text.utf8);  // up to 8 MiB: moved, not copied
  std::vector<ScriptSwitch> switches;
  if (target.render) {
    RenderRequest rr;
    rr.url = page_url;
    rr.verify_tls = target.verify_tls;
    rr.headers.assign(target.headers.begin(), target.headers.end());
    // Chromium goes to the address that served the page, never asking the
    // machine's resolver for the page's host.
    const std::string host = fetched.hops.back().value("host", std::string());
    if (!host.empty() && host != fetched.served_by && !fetched.served_by.empty())
      rr.host_rules.push_back("MAP " + host + " " + fetched.served_by);
    if (!ctx.evidence_dir.empty())
      rr.out_dir = (std::filesystem::path(ctx.evidence_dir) / "ui-render").string();
    rr.file_stem = FileStem(target.lang, target.page);
    rr.switch_from = target.lang;
    RenderResult rendered = co_await RenderWithChromium(ctx, rr);
    nlohmann::json rj = {{"argv", rendered.argv},
                         {"exit_code", rendered.exit_code},
                         // The run's one browser: the same pid on every
                         // variant unless it failed and was restarted.
                         {"browser_pid", rendered.pid},
                         {"browser_starts", rendered.browser_starts},
                         {"dom_bytes", rendered.dom.size()},
                         {"dom_sha256", Sha256Hex(rendered.dom)}};
    if (!rendered.dom_path.empty())
      rj["dom_file"] =
          std::filesystem::path(rendered.dom_path).lexically_relative(ctx.evidence_dir).string();
    if (!rendered.screenshot_path.empty())
      rj["screenshot_file"] = std::filesystem::path(rendered.screenshot_path)
                                  .lexically_relative(ctx.evidence_dir)
                                  .string();
    rj["protocol"] = rendered.protocol_log;
    rj["blocked_requests"] = nlohmann::json::array();
    for (const PageRequest& b : rendered.blocked_requests)
      rj["blocked_requests"].push_back({{"url", b.url}, {"host", b.host}, {"reason", b.reason}});
    rj["blocked_total"] = rendered.blocked_total;
    rj["allowed_requests"] = nlohmann::json::array();
    for (const PageRequest& a : rendered.allowed_requests)
      rj["allowed_requests"].push_back({{"url", a.url}, {"host", a.host}, {"via", a.reason}});
    rj["allowed_total"] = rendered.allowed_total;
    if (!rendered.warning.empty()) rj["warning"] = rendered.warning;
    if (!rendered.ok) rj["stderr_tail"] = rendered.stderr_tail;
    obs.data["render"] = rj;
    if (rendered.document_refused) {
      // As FetchHttp's refused redirect: the variant is not served by the
      // pool, the check names where it went.
      const DocumentRefusal& d = *rendered.document_refused;
      obs.data["refused"] = RefusalJson({"redirect_refused", d.from, d.to, d.refusal});
      obs.status = d.refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed;
      obs.detail = "render " + page_url + ": " + rendered.error;
      obs.finished = std::chrono::system_clock::now();
      co_return obs;
    }
    if (!rendered.ok) {
      obs.status = rendered.cancelled   ? ProbeStatus::kCancelled
                   : rendered.timed_out ? ProbeStatus::kTimeout
                                        : ProbeStatus::kError;
      obs.detail = "render " + page_url + ": " + rendered.error;
      obs.finished = std::chrono::system_clock::now();
      co_return obs;
    }
    obs.data["rendered"] = true;
    html = std::move(rendered.dom);
    switches = std::move(rendered.switches);
  }

  auto page = std::make_shared<const std::string>(std::move(html));
  std::function<nlohmann::json()> analyse = [page, target, page_url] {
    return AnalyzeBounded(*page, target, page_url);
  };
  Offloaded<nlohmann::json> analysed = co_await Offload<nlohmann::json>(ctx, std::move(analyse));
  if (Unfinished(analysed, "reading the page's text", obs)) co_return obs;
  obs.data.update(*analysed.value);
  if (obs.data.contains("too_large_to_check")) {
    obs.detail = "HTTP " + std::to_string(res.status) +
                 ", too large to check: " + obs.data["too_large_to_check"].get<std::string>();
    obs.finished = std::chrono::system_clock::now();
    co_return obs;
  }
  if (obs.data.contains("language_links")) {
    LanguageLinkFetch how;
    how.page_url = page_url;
    for (const auto& [name, value] : target.headers)
      if (Lower(name) != "cookie") how.headers.emplace_back(name, value);
    how.verify_tls = target.verify_tls;
    how.ca_file = target.ca_file;
    how.read = ReadLanding;
    std::vector<std::string> cookies = fetched.response.cookies;
    nlohmann::json followed = nlohmann::json::array();
    for (const nlohmann::json& link : obs.data["language_links"]) {
      if (followed.size() >= kMaxLanguageLinks) break;
      LanguageLinkResult r = co_await FollowLanguageLink(ctx, link, how, cookies);
      cookies = std::move(r.cookies);
      for (auto& t : r.transcript) obs.transcript.push_back(std::move(t));
      followed.push_back(std::move(r.link));
    }
    obs.data["language_links"] = std::move(followed);
  }
  if (!switches.empty()) {
    auto tried = std::make_shared<std::vector<ScriptSwitch>>(std::move(switches));
    std::function<nlohmann::json()> read = [tried, dir = ctx.evidence_dir,
                                            stem = FileStem(target.lang, target.page)] {
      return ScriptSwitchesJson(*tried, dir, stem);
    };
    Offloaded<nlohmann::json> read_switches =
        co_await Offload<nlohmann::json>(ctx, std::move(read));
    if (read_switches.end == OffloadEnd::kDone) {
      obs.data["script_switches"] = std::move(*read_switches.value);
    } else {
      // Neither a way to the languages nor proof there is none.
      nlohmann::json unread = nlohmann::json::array();
      for (const ScriptSwitch& sw : *tried)
        unread.push_back({{"lang", sw.lang},
                          {"kind", "script"},
                          {"control", sw.control},
                          {"outcome", "unfinished"},
                          {"detail", "reading the page it led to did not finish"}});
      obs.data["script_switches"] = std::move(unread);
    }
  }
  const nlohmann::json& share = obs.data["share"];
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.0f%%",
                100.0 * (share.contains(target.lang) ? share[target.lang].get<double>() : 0.0));
  obs.detail = "HTTP " + std::to_string(res.status) + ", " +
               std::to_string(obs.data["counted_words"].get<int>()) + " words of " +
               (target.render ? "rendered " : "") + "text, " + pct + " in " + target.lang +
               (text.converted ? " (converted from " + text.used + ")" : "");
  obs.finished = std::chrono::system_clock::now();
  co_return obs;
}

}  // namespace pooltest
