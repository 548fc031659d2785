#include "probes/http/html_bounds.h"

#include <gtest/gtest.h>

#include <chrono>

#include "probes/http/html_text.h"

namespace pooltest {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HtmlBounds, AnOrdinaryPageIsWithinTheLimits) {
  const std::string page =
      "<!doctype html><html lang=kk><head><title>Пул</title><meta charset=utf-8>"
      "<script>if (a < b && '<div>') {}</script><style>p>a{}</style></head><body>"
      "<!-- <div><div><div> --><ul>" +
      Repeat("<li><a href='/x?a=1&b=>'>Бет</a><br><img src=a.png alt='>'>", 500) +
      "</ul><p>бір<p>екі<p>үш<table><tr><td>1<td>2<tr><td>3</table></body></html>";
  const HtmlShape shape = MeasureHtml(page);
  EXPECT_TRUE(shape.over.empty()) << shape.over;
  EXPECT_LT(shape.max_depth, 10u);
  EXPECT_GT(shape.elements, 1500u);
}

TEST(HtmlBounds, DeepNestingIsOverTheLimit) {
  const HtmlShape shape = MeasureHtml(Repeat("<div>", 10000));
  EXPECT_EQ(shape.over, "elements nested more than 350 deep");
  EXPECT_LE(shape.elements, 400u);  // stopped early
  // Closed as it opens: not deep at all.
  EXPECT_TRUE(MeasureHtml(Repeat("<div>x</div>", 10000)).over.empty());
  // Unclosed formatting elements nest, as a parser would nest them.
  EXPECT_FALSE(MeasureHtml(Repeat("<b><i>", 1000)).over.empty());
}

TEST(HtmlBounds, TooManyElementsIsOverTheLimit) {
  const HtmlShape shape = MeasureHtml(Repeat("<span></span>", 60000));
  EXPECT_EQ(shape.over, "more than 50000 elements");
  EXPECT_TRUE(MeasureHtml(Repeat("<span></span>", 60000), {.max_elements = 100000}).over.empty());
}

TEST(HtmlBounds, AttributesAreCountedAndBounded) {
  const HtmlShape ordinary = MeasureHtml(
      "<a href='/kk/' title=\"a > b\" hreflang=kk data-x = 1 hidden>x</a><br/><img src=a.png />");
  EXPECT_TRUE(ordinary.over.empty()) << ordinary.over;
  EXPECT_EQ(ordinary.max_element_attributes, 6u);  // "= 1" counts as one more: errs high
  EXPECT_EQ(ordinary.attributes, 7u);

  std::string attrs;
  for (int i = 0; i < 501; ++i) attrs += " a" + std::to_string(i) + "=1";
  EXPECT_EQ(MeasureHtml("<body" + attrs + ">x</body>").over,
            "an element with more than 500 attributes");
  EXPECT_TRUE(
      MeasureHtml("<body" + attrs + ">x</body>", {.max_element_attributes = 1000}).over.empty());
  // Many elements, none over the limit, all of them together over the page's.
  EXPECT_EQ(MeasureHtml(Repeat("<i a=1 b=2 c=3 d=4 e=5>x</i>", 45000)).over,
            "more than 200000 attributes");
}

TEST(HtmlBounds, RawTextAndCommentsOpenNothing) {
  EXPECT_EQ(MeasureHtml("<script>" + Repeat("<div>", 10000) + "</script>").max_depth, 0u);
  EXPECT_EQ(MeasureHtml("<textarea>" + Repeat("<b>", 10000) + "</TEXTAREA>").max_depth, 0u);
  EXPECT_EQ(MeasureHtml("<!--" + Repeat("<div>", 10000) + "-->").elements, 0u);
  // Unterminated: the rest is the element's text, as a parser reads it.
  EXPECT_EQ(MeasureHtml("<style>" + Repeat("<div>", 100)).elements, 1u);
}

TEST(HtmlBounds, TheParsersOwnDepthGuardIsReported) {
  // A tree deeper than html_text reads is flagged, never silently short.
  HtmlFacts facts = ExtractHtmlText(Repeat("<div>", 1000) + "жасырын мәтін");
  EXPECT_TRUE(facts.too_deep);
  EXPECT_FALSE(ExtractHtmlText("<p>мәтін</p>").too_deep);
}

TEST(HtmlBounds, AtTheLimitsTheParserStaysQuick) {
  // The worst shapes the limits let through still parse in well under a
  // probe's deadline (typically tens of milliseconds).
  std::string attrs;
  for (int i = 0; i < 500; ++i) attrs += " a" + std::to_string(i) + "=1";
  for (const std::string& page :
       {Repeat("<b><i><u><s>x", 80) + Repeat("<p>y</p>", 10000), Repeat("<span>z</span>", 49000),
        Repeat("<a href=#><b>", 170) + Repeat("text ", 100000),
        Repeat("<span" + attrs + ">z</span>", 400)}) {
    ASSERT_TRUE(MeasureHtml(page).over.empty());
    const auto start = std::chrono::steady_clock::now();
    ExtractHtmlText(page);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  }
}

}  // namespace
}  // namespace pooltest
