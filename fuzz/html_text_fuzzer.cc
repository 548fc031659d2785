// A UI page as a hostile pool could serve it: the input's first line is the
// Content-Type header, the rest the body. It goes through what the page
// probe does to any fetched page: DecodeHtml (charset), ExtractHtmlText
// (gumbo) and IdentifySegment (CLD2 and the short-label rules) on every
// segment. Beyond "no crash": everything extracted is valid UTF-8 (the
// decoder repaired the body; whitespace collapsing must not split a
// character) and word counts are not negative.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.h"
#include "probes/http/charset.h"
#include "probes/http/html_text.h"
#include "probes/http/language_id.h"

namespace {

void ExpectUtf8(std::string_view s) {
  if (!pooltest::IsValidUtf8(s)) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t nl = in.find('\n');
  std::string_view content_type =
      nl == std::string_view::npos ? std::string_view() : in.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? in : in.substr(nl + 1);

  const pooltest::DecodedText text = pooltest::DecodeHtml(body, content_type);
  ExpectUtf8(text.utf8);
  const pooltest::HtmlFacts facts = pooltest::ExtractHtmlText(text.utf8);
  ExpectUtf8(facts.html_lang);
  ExpectUtf8(facts.title);
  for (const pooltest::HtmlAlternate& a : facts.alternates) {
    ExpectUtf8(a.href);
    ExpectUtf8(a.hreflang);
  }
  for (const pooltest::HtmlAnchor& a : facts.anchors) {
    ExpectUtf8(a.href);
    ExpectUtf8(a.text);
  }
  for (const std::string& seg : facts.segments) {
    ExpectUtf8(seg);
    if (seg.empty()) abort();  // html_text.h: segments are non-empty
    const pooltest::SegmentLanguage sl = pooltest::IdentifySegment(seg);
    if (sl.words < 0 || sl.neutral_words < 0) abort();
    (void)pooltest::ToString(sl.lang);
  }
  return 0;
}
