#include "probes/http/page_analysis.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include <curl/curl.h>

#include "core/utf8.h"
#include "probes/http/html_bounds.h"
#include "probes/http/html_text.h"
#include "probes/http/language_id.h"
#include "probes/http/language_links.h"

namespace pooltest {
namespace {

constexpr size_t kMaxOffending = 10;
constexpr size_t kMaxOffendingChars = 300;
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

}  // namespace

nlohmann::json AnalyzePageHtml(const std::string& html, const PageTarget& target,
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

nlohmann::json ReadLanding(const std::string& html, const std::string& url,
                           const std::string& lang) {
  PageTarget t;
  t.lang = lang;
  const nlohmann::json facts = AnalyzePageHtml(html, t, url);
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

}  // namespace pooltest
