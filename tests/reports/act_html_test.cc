// act.html from a hand-made act (not the demo's): each of the three
// language parts (kk, ru, en) shows every check with its verdict in that
// part's language and its finding (the English sentence, escaped), the
// verdict of each condition, and the conclusion, so a part cannot drop a
// check or show another check's verdict.
#include "reports/act_html.h"

#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/reports/count_occurrences.h"

namespace pooltest {
namespace {

using nlohmann::json;
using testing::Count;

struct Check {
  const char* id;
  const char* clause;
  const char* verdict;
  const char* summary;          // as act.json holds it
  const char* summary_escaped;  // as the HTML must show it
  const char* phrase[3];        // the verdict in kk, ru, en
};

const Check kChecks[] = {
    {"R4.1.location",
     "R4.1",
     "pass",
     "both sites are in Kazakhstan.",
     "both sites are in Kazakhstan.",
     {"Орындалды", "Выполнено", "Pass"}},
    {"R4.3.backup.b",
     "R4.3",
     "fail",
     "backup <b> is in Astana & so is the primary.",
     "backup &lt;b&gt; is in Astana &amp; so is the primary.",
     {"Орындалмады", "Не выполнено", "Fail"}},
    {"R4.4.channels.primary",
     "R4.4",
     "inconclusive",
     "channel \"KTC\" was never reached.",
     "channel &quot;KTC&quot; was never reached.",
     {"Анықталмады", "Не установлено", "Inconclusive"}},
    {"R4.5.support",
     "R4.5",
     "error",
     "the campaign database is unreadable.",
     "the campaign database is unreadable.",
     {"Тексеру қатесі", "Ошибка проверки", "Check error"}},
    {"R4.2.security-act",
     "R4.2",
     "attested",
     "act no. 7 of the lab 'Sec'.",
     "act no. 7 of the lab &#39;Sec&#39;.",
     {"Құжатпен расталды", "Подтверждено документом", "Attested"}},
};

const char* const kLangs[] = {"kk", "ru", "en"};
const char* const kFindingLabel[] = {"Тұжырым", "Вывод", "Finding"};

json HandMadeAct() {
  json checks = json::array(), conditions = json::array();
  for (const Check& c : kChecks) {
    checks.push_back(
        {{"id", c.id},
         {"clause", c.clause},
         {"title", std::string("title of ") + c.id},
         {"verdict", c.verdict},
         {"summary", c.summary},
         {"finding", {{"key", std::string(c.clause) + ".x"}, {"args", json::object()}}},
         {"figures", {{"n", 1}}},
         {"evidence", {{{"id", std::string("obs-") + c.clause}, {"probe", "p"}}}}});
    conditions.push_back({{"clause", c.clause}, {"verdict", c.verdict}, {"checks", {c.id}}});
  }
  return {{"applicant", {{"legal_name", "TOO Hand"}, {"bin", "1"}}},
          {"scenario", {{"name", "hand-made"}}},
          {"run", json::object()},
          {"result", {{"positive", false}}},
          {"conditions", conditions},
          {"checks", checks},
          {"documents", json::array()},
          {"pool", {{"sites", json::array()}}},
          {"manifest", json::array()},
          {"signature", nullptr}};
}

// The part of `html` in language `lang`, from its section tag to the end.
std::string PartOf(const std::string& html, const char* lang) {
  const std::string open =
      std::string("<section class=\"part part-") + lang + "\" lang=\"" + lang + "\"";
  const size_t at = html.find(open);
  if (at == std::string::npos) return "";
  const size_t end = html.find("</section>", at);
  return html.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// One check's block in a part: from its id's heading to the end of its div.
std::string CheckBlock(const std::string& part, const char* id) {
  const std::string head = std::string("<h3><span class=\"mono\">") + id + "</span>";
  const size_t at = part.find(head);
  if (at == std::string::npos) return "";
  return part.substr(at, part.find("</div>", at) - at);
}

TEST(ActHtml, EachPartShowsEveryChecksVerdictAndFinding) {
  const std::string html = ActHtml(HandMadeAct());
  for (int l = 0; l < 3; ++l) {
    SCOPED_TRACE(kLangs[l]);
    const std::string part = PartOf(html, kLangs[l]);
    ASSERT_FALSE(part.empty());
    for (const Check& c : kChecks) {
      SCOPED_TRACE(c.id);
      const std::string block = CheckBlock(part, c.id);
      ASSERT_FALSE(block.empty());
      EXPECT_NE(block.find(std::string("<span class=\"v v-") + c.verdict + "\">" + c.phrase[l] +
                           "</span></h3>"),
                std::string::npos)
          << block;
      EXPECT_NE(
          // The hand-made keys are no catalogue keys: the act's English
          // sentence, marked as such outside the English part.
          block.find(std::string("<b>") + kFindingLabel[l] + ":</b> <span class=\"finding\">" +
                     (l == 2 ? std::string(c.summary_escaped)
                             : std::string("<span lang=\"en\" class=\"fallback\">[EN] ") +
                                   c.summary_escaped + "</span>") +
                     "</span>"),
          std::string::npos)
          << block;
      EXPECT_NE(block.find(std::string("obs-") + c.clause), std::string::npos) << block;
      // The condition's row in the summary table has the same verdict.
      std::string id;  // check ids break at their dots in the summary table
      for (const char* p = c.id; *p; ++p)
        id += *p == '.' ? std::string(".<wbr>") : std::string(1, *p);
      const std::string row = std::string("<td class=\"mono small\">") + id + "</td><td>" +
                              "<span class=\"v v-" + c.verdict + "\">" + c.phrase[l] + "</span>";
      EXPECT_EQ(Count(part, row), 1u) << part;
    }
  }
  // Each finding once per part, never unescaped.
  for (const Check& c : kChecks) {
    EXPECT_EQ(Count(html, c.summary_escaped), 3u) << c.id;
  }
  EXPECT_EQ(html.find("<b> is in Astana"), std::string::npos);
}

TEST(ActHtml, KnownChecksAreTitledInThePartsLanguage) {
  const std::string html = ActHtml(HandMadeAct());
  const char* location[] = {"Кешендердің орналасқан жері", "Местонахождение комплексов",
                            "Location of the complexes"};
  const char* backup[] = {"«b» резервтік кешені", "Резервный комплекс «b»", "Backup complex “b”"};
  for (int l = 0; l < 3; ++l) {
    SCOPED_TRACE(kLangs[l]);
    const std::string part = PartOf(html, kLangs[l]);
    EXPECT_NE(CheckBlock(part, "R4.1.location").find(location[l]), std::string::npos);
    EXPECT_NE(CheckBlock(part, "R4.3.backup.b").find(backup[l]), std::string::npos);
  }
}

TEST(ActHtml, TheConclusionFollowsTheActsResultInEveryPart) {
  json act = HandMadeAct();
  const char* negative[] = {"ОҢ ЕМЕС:", "НЕ ПОЛОЖИТЕЛЬНОЕ:", "NOT POSITIVE:"};
  const char* positive[] = {"ОҢ:", "ПОЛОЖИТЕЛЬНОЕ:", "POSITIVE:"};
  std::string html = ActHtml(act);
  for (int l = 0; l < 3; ++l) {
    const std::string part = PartOf(html, kLangs[l]);
    EXPECT_NE(part.find(std::string("<p class=\"conclusion negative\">") + negative[l]),
              std::string::npos)
        << kLangs[l];
  }
  act["result"]["positive"] = true;
  html = ActHtml(act);
  for (int l = 0; l < 3; ++l) {
    const std::string part = PartOf(html, kLangs[l]);
    EXPECT_NE(part.find(std::string("<p class=\"conclusion positive\">") + positive[l]),
              std::string::npos)
        << kLangs[l];
    EXPECT_EQ(part.find("conclusion negative"), std::string::npos) << kLangs[l];
  }
}

}  // namespace
}  // namespace pooltest
