// The act's tables for R4.6 (pages by language) and R4.5 (the support
// week): what a reader scans must say what the check decided, cell by cell.
#include <gtest/gtest.h>

#include "reports/act_check_tables.h"
#include "tests/reports/count_occurrences.h"

namespace pooltest {
namespace {

using nlohmann::json;

json UiCheck() {
  json pages = json::array();
  auto row = [](const char* page, const char* lang, json status, double share,
                const char* html_lang, int depth, json problems = json::array()) {
    return json{{"page", page},
                {"lang", lang},
                {"status", status},
                {"share", share},
                {"html_lang", html_lang},
                {"switcher_langs", lang == std::string("kk")   ? json{"en", "ru"}
                                   : lang == std::string("ru") ? json{"en", "kk"}
                                                               : json{"kk", "ru"}},
                {"depth", depth},
                {"problems", problems}};
  };
  pages.push_back(row("/", "kk", 200, 0.97, "kk", 0));
  pages.push_back(row("/", "ru", 200, 0.995, "ru-RU", 0));
  pages.push_back(row("/", "en", 200, 0.99, "en", 0));
  // As the R4.6 check lists them: the report marks these, it does not judge.
  pages.push_back(row("/status", "kk", 200, 0.42, "kk", 1,
                      {"/status [kk] has 42% of its text in the expected language, below 90%"}));
  pages.push_back(
      row("/status", "ru", 200, 1.0, "kk", 1, {"/status [ru] declares <html lang=\"kk\">"}));
  pages.push_back(row("/status", "en", 404, 0.0, "", 1, {"/status [en] is missing (HTTP 404)"}));
  return {{"id", "R4.6.ui-languages"},
          {"clause", "R4.6"},
          {"figures", {{"pages", pages}, {"threshold", 0.9}}}};
}

TEST(ActCheckTables, PagesByLanguageMarkExactlyTheFailingCells) {
  const std::string h = CheckTablesHtml(UiCheck(), 2);
  EXPECT_NE(h.find("<td class=\"num\">97%</td>"), std::string::npos) << h;
  EXPECT_NE(h.find("<td class=\"num\">99%</td>"), std::string::npos) << "99.5% is not rounded up";
  EXPECT_NE(h.find("<td class=\"bad\">42% ✗</td>"), std::string::npos) << h;
  EXPECT_NE(h.find("<td class=\"bad\">100% ✗</td>"), std::string::npos) << "wrong html lang";
  EXPECT_NE(h.find("<td class=\"bad\">HTTP 404</td>"), std::string::npos) << h;
  EXPECT_NE(h.find("/status <span class=\"small\">(found by a link)</span>"), std::string::npos);
  size_t bad = 0;
  for (size_t p = h.find("class=\"bad\""); p != std::string::npos;
       p = h.find("class=\"bad\"", p + 1))
    ++bad;
  EXPECT_EQ(bad, 3u);
  EXPECT_NE(CheckTablesHtml(UiCheck(), 0).find("<th>Қазақша</th>"), std::string::npos);
  // The legend's "<html lang>" is text, not markup.
  EXPECT_NE(h.find("wrong &lt;html lang&gt;"), std::string::npos) << h;
}

TEST(ActCheckTables, AMissingVariantIsNotFetchedNotPassed) {
  json c = UiCheck();
  c["figures"]["pages"].erase(2);  // "/" in English never fetched
  const std::string h = CheckTablesHtml(c, 1);
  EXPECT_NE(h.find("<td class=\"bad\">не получена</td>"), std::string::npos) << h;
}

using testing::Count;

TEST(ActCheckTables, SupportWeekIsDrawnOnceWithMediansAndFailingCells) {
  json cells = json::array();
  for (int d = 0; d < 7; ++d)
    for (int hour = 0; hour < 24; ++hour) {
      const bool office = d < 5 && hour >= 9 && hour < 18;
      json c = {{"weekday", d}, {"hour", hour}, {"status", office ? "pass" : "fail"}};
      c["median_ms"] = office ? json(4 * 60000 + 20000) : json();
      c["why"] = office ? "" : "1 unanswered";
      cells.push_back(c);
    }
  cells[0]["status"] = "uncovered";     // Monday 00h: nothing reached the pool
  cells[20]["median_ms"] = 45 * 60000;  // Monday 20h: answered, but after the SLA
  const json check = {{"clause", "R4.5"},
                      {"figures", {{"campaign", {{"grid", {{"cells", cells}}}}}}}};
  const std::string h = CheckTablesHtml(check, 1);
  // One picture of the week, no second text table repeating it.
  EXPECT_EQ(Count(h, "<svg"), 1u) << h;
  EXPECT_EQ(Count(h, "<table class=\"week\""), 0u);
  EXPECT_EQ(Count(h, "<g class=\"cell "), 168u);
  EXPECT_NE(h.find(">Пн</text>"), std::string::npos) << h;
  EXPECT_NE(h.find(">Вс</text>"), std::string::npos);
  EXPECT_EQ(Count(h, "<g class=\"cell cell-pass\""), 45u);
  EXPECT_EQ(Count(h, "<g class=\"cell cell-fail\""), 168u - 45u - 1u);
  EXPECT_EQ(Count(h, "<g class=\"cell cell-uncovered\""), 1u);
  EXPECT_EQ(Count(h, ">4</text>"), 45u + 1u)
      << "median 4 min 20 s in every office-hours cell, and the hour 4 heading";
  EXPECT_EQ(Count(h, ">45✗</text>"), 1u) << "a late answer keeps its minutes";
  EXPECT_EQ(Count(h, ">✗</text>"), 168u - 45u - 1u - 1u) << "unanswered: the mark alone";
  EXPECT_EQ(Count(h, ">?</text>"), 1u);
  EXPECT_NE(h.find("<title>: 1 unanswered</title>"), std::string::npos) << "why, on hover";
}

TEST(ActCheckTables, OtherChecksHaveNoTable) {
  EXPECT_EQ(CheckTablesHtml({{"clause", "R4.1"}, {"figures", {{"pages", {1}}}}}, 2), "");
  EXPECT_EQ(CheckTablesHtml({{"clause", "R4.6"}, {"figures", {{"pages", json::array()}}}}, 2), "");
  EXPECT_EQ(CheckTablesHtml(json(), 2), "");
}

}  // namespace
}  // namespace pooltest
