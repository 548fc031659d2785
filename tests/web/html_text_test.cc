#include "probes/http/html_text.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pooltest {
namespace {

bool Has(const HtmlFacts& f, const std::string& s) {
  return std::find(f.segments.begin(), f.segments.end(), s) != f.segments.end();
}

bool AnyContains(const HtmlFacts& f, const std::string& s) {
  for (const auto& seg : f.segments)
    if (seg.find(s) != std::string::npos) return true;
  return false;
}

TEST(HtmlText, HiddenAndNonTextElementsAreExcluded) {
  const HtmlFacts f = ExtractHtmlText(R"(<!DOCTYPE html><html lang="kk"><head>
    <title>Басты бет</title><style>p{color:red} .secret{}</style>
    <script>var t = "Скрипттегі мәтін";</script></head><body>
    <p>Көрінетін мәтін</p>
    <div hidden><p>Жасырын абзац</p></div>
    <span aria-hidden="true">Экран оқитын жоқ</span>
    <noscript>JavaScript қосыңыз</noscript>
    <template><p>Үлгі</p></template>
    <input type="hidden" value="secret-token">
    </body></html>)");
  EXPECT_EQ(f.html_lang, "kk");
  EXPECT_EQ(f.title, "Басты бет");
  EXPECT_TRUE(Has(f, "Басты бет"));
  EXPECT_TRUE(Has(f, "Көрінетін мәтін"));
  EXPECT_FALSE(AnyContains(f, "Скрипттегі"));
  EXPECT_FALSE(AnyContains(f, "color"));
  EXPECT_FALSE(AnyContains(f, "Жасырын"));
  EXPECT_FALSE(AnyContains(f, "Экран"));
  EXPECT_FALSE(AnyContains(f, "JavaScript"));
  EXPECT_FALSE(AnyContains(f, "Үлгі"));
  EXPECT_FALSE(AnyContains(f, "secret"));
  EXPECT_EQ(f.segments.size(), 2u);
}

TEST(HtmlText, LabelsInAttributesAreIncluded) {
  const HtmlFacts f = ExtractHtmlText(R"(<html lang="en"><body>
    <img src="dc.jpg" alt="Data centre in Astana">
    <textarea placeholder="Write your message here"></textarea>
    <input type="search" placeholder="Search the help">
    <input type="submit" value="Send request">
    <a href="/en/help" title="Open the help page">?</a>
    <button aria-label="Close the dialog">×</button>
    </body></html>)");
  EXPECT_TRUE(Has(f, "Data centre in Astana"));
  EXPECT_TRUE(Has(f, "Write your message here"));
  EXPECT_TRUE(Has(f, "Search the help"));
  EXPECT_TRUE(Has(f, "Send request"));
  EXPECT_TRUE(Has(f, "Open the help page"));
  EXPECT_TRUE(Has(f, "Close the dialog"));
}

TEST(HtmlText, AttributeTextIsCutAndListed) {
  std::string title;
  while (title.size() < 100000) title += "Қазақ тілі ";
  const HtmlFacts f = ExtractHtmlText("<html><body><p>Text</p><div title=\"" + title +
                                      "\">.</div><img alt=\"Дата-орталық\"></body></html>");
  ASSERT_EQ(f.attribute_segments.size(), 2u);
  const std::string& cut = f.segments[f.attribute_segments[0]];
  EXPECT_LE(cut.size(), kMaxAttributeText);
  EXPECT_GT(cut.size(), kMaxAttributeText - 4);  // cut on a character boundary, not shorter
  EXPECT_EQ(title.rfind(cut, 0), 0u) << cut;
  EXPECT_EQ(f.segments[f.attribute_segments[1]], "Дата-орталық");
  EXPECT_TRUE(Has(f, "Text"));
}

TEST(HtmlText, EntitiesDecodedWhitespaceCollapsedInlineJoined) {
  const HtmlFacts f = ExtractHtmlText(
      "<html><body><p>Комиссия&nbsp;пула &mdash; <strong>1,5%</strong>\n\n   по методу "
      "&laquo;FPPS&raquo; &amp; &#1179;&#1201;&#1179;</p><h2>Tom &amp; Jerry</h2></body></html>");
  ASSERT_EQ(f.segments.size(), 2u);
  EXPECT_EQ(f.segments[0], "Комиссия пула — 1,5% по методу «FPPS» & құқ");
  EXPECT_EQ(f.segments[1], "Tom & Jerry");
}

TEST(HtmlText, LinksAndAlternates) {
  const HtmlFacts f = ExtractHtmlText(R"(<html lang="ru"><head>
    <link rel="alternate" hreflang="kk" href="/kk/help">
    <link rel="alternate" hreflang="en" href="https://pool.example/en/help">
    <link rel="stylesheet" href="/s.css"></head><body>
    <nav class="lang-switcher"><ul>
      <li><a href="/kk/help" hreflang="kk" lang="kk">Қазақша</a></li>
      <li><a href="/en/help"><span>English</span></a></li></ul></nav>
    </body></html>)");
  ASSERT_EQ(f.alternates.size(), 2u);
  EXPECT_EQ(f.alternates[0].hreflang, "kk");
  EXPECT_EQ(f.alternates[1].href, "https://pool.example/en/help");
  ASSERT_EQ(f.anchors.size(), 2u);
  EXPECT_EQ(f.anchors[0].href, "/kk/help");
  EXPECT_EQ(f.anchors[0].hreflang, "kk");
  EXPECT_EQ(f.anchors[0].text, "Қазақша");
  EXPECT_EQ(f.anchors[1].text, "English");
  EXPECT_TRUE(Has(f, "Қазақша"));
  EXPECT_TRUE(Has(f, "English"));
}

TEST(HtmlText, DeepNestingIsReadToTheLimitAndSaysSo) {
  // Within the depth limit every level is read; past it, what lies deeper
  // is not, and the facts say they do not describe the whole page.
  auto nested = [](int levels) {
    std::string html = "<p>top</p>";
    for (int i = 0; i < levels; ++i) html += "<div>";
    return html + "deep text";
  };
  const HtmlFacts shallow = ExtractHtmlText(nested(300));
  EXPECT_FALSE(shallow.too_deep);
  EXPECT_EQ(shallow.segments, (std::vector<std::string>{"top", "deep text"}));
  const HtmlFacts deep = ExtractHtmlText(nested(5000));
  EXPECT_TRUE(deep.too_deep);
  EXPECT_EQ(deep.segments, (std::vector<std::string>{"top"}));
}

TEST(HtmlText, GarbageBytesBecomeReplacementCharactersAndEmptyIsEmpty) {
  // NUL is dropped (HTML ignores it in body text), each byte that is no
  // UTF-8 is U+FFFD, and the truncated sequence before '(' too.
  const HtmlFacts f = ExtractHtmlText(std::string("\x00\xff\xfe<p>\xc3(", 8));
  EXPECT_EQ(f.segments, (std::vector<std::string>{"\xEF\xBF\xBD\xEF\xBF\xBD", "\xEF\xBF\xBD("}));
  EXPECT_FALSE(f.too_deep);
  EXPECT_EQ(f.html_lang, "");
  EXPECT_TRUE(f.anchors.empty());
  const HtmlFacts e = ExtractHtmlText("");
  EXPECT_TRUE(e.segments.empty());
  EXPECT_TRUE(e.attribute_segments.empty());
  EXPECT_TRUE(e.anchors.empty());
  EXPECT_TRUE(e.alternates.empty());
  EXPECT_EQ(e.title, "");
  EXPECT_FALSE(e.too_deep);
}

}  // namespace
}  // namespace pooltest
