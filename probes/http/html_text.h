// Extracts what a reader sees on an HTML page without running scripts, with
// gumbo: visible text segments (one per block element; script, style,
// noscript, template and hidden / aria-hidden subtrees skipped; the title,
// alt, placeholder, title and aria-label attributes and button labels
// included, each cut to kMaxAttributeText bytes and listed in
// attribute_segments), <html lang>, hreflang alternates, the page's links
// and its forms.
// No CSS: display:none is invisible here (rendered pages need a browser).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pooltest {

// An attribute's text is a phrase (a tooltip, a label, an image's alt); only
// its first this many bytes (on a character boundary) are a segment.
inline constexpr size_t kMaxAttributeText = 500;

struct HtmlAnchor {
  std::string href;
  std::string hreflang;  // attribute values as written, may be empty
  std::string lang;
  std::string text;  // visible text inside the link, whitespace collapsed
};

// A <form> as a browser would submit it: the values of its named hidden and
// text inputs, and for each named <select> or radio group the values it can
// take. Bounded: kMaxHtmlForms forms, kMaxHtmlFormFields fields each,
// values cut to kMaxAttributeText bytes.
struct HtmlForm {
  std::string action;  // as written, may be empty (the page itself)
  std::string method;  // lowercase, "get" when absent
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::pair<std::string, std::vector<std::string>>> choices;
};

inline constexpr size_t kMaxHtmlForms = 20;
inline constexpr size_t kMaxHtmlFormFields = 50;

struct HtmlAlternate {
  std::string hreflang;
  std::string href;
};

struct HtmlFacts {
  std::string html_lang;
  std::string title;
  // Entity-decoded, whitespace-collapsed, non-empty, in document order.
  std::vector<std::string> segments;
  // Indices into segments of those taken from attributes, in order.
  std::vector<size_t> attribute_segments;
  std::vector<HtmlAlternate> alternates;  // <link rel="alternate" hreflang=...>
  std::vector<HtmlAnchor> anchors;        // <a href=...>
  std::vector<HtmlForm> forms;
  // The tree is deeper than kHtmlMaxTreeDepth: what lies deeper was not
  // read, so these facts do not describe the whole page.
  bool too_deep = false;
};

constexpr int kHtmlMaxTreeDepth = 400;

HtmlFacts ExtractHtmlText(std::string_view html);

}  // namespace pooltest
