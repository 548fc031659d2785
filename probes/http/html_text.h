// Extracts what a reader sees on an HTML page without running scripts, with
// gumbo: visible text segments (one per block element; script, style,
// noscript, template and hidden / aria-hidden subtrees skipped; the title,
// alt, placeholder, title and aria-label attributes and button labels
// included), <html lang>, hreflang alternates and the page's links. No CSS:
// display:none is invisible here (rendered pages need a browser).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pooltest {

struct HtmlAnchor {
  std::string href;
  std::string hreflang;  // attribute values as written, may be empty
  std::string lang;
  std::string text;  // visible text inside the link, whitespace collapsed
};

struct HtmlAlternate {
  std::string hreflang;
  std::string href;
};

struct HtmlFacts {
  std::string html_lang;
  std::string title;
  // Entity-decoded, whitespace-collapsed, non-empty, in document order.
  std::vector<std::string> segments;
  std::vector<HtmlAlternate> alternates;  // <link rel="alternate" hreflang=...>
  std::vector<HtmlAnchor> anchors;        // <a href=...>
  // The tree is deeper than kHtmlMaxTreeDepth: what lies deeper was not
  // read, so these facts do not describe the whole page.
  bool too_deep = false;
};

constexpr int kHtmlMaxTreeDepth = 400;

HtmlFacts ExtractHtmlText(std::string_view html);

}  // namespace pooltest
