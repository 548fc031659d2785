// Every sentence of the act's kk and ru parts is in the part's language:
// findings rendered from their key and arguments with the language's
// templates, settlements by their name in the language, English only as a
// visible fallback; and the detector the demo act is checked with finds
// English where there is some.
#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "checks/finding_catalogue.h"
#include "reports/act_html.h"
#include "tests/reports/english_in_part.h"

namespace pooltest {
namespace {

using testing::EnglishRuns;
using testing::PartText;

TEST(EnglishRuns, FindsEnglishSentencesButNotNamesOrCommands) {
  EXPECT_EQ(EnglishRuns("Проверку не удалось завершить: the check could not be completed"),
            (std::vector<std::string>{"the check could not be completed"}));
  EXPECT_TRUE(EnglishRuns("укажите ui.base_url, pages и languages").empty());
  EXPECT_TRUE(EnglishRuns("(pooltest campaign start --scenario <этот сценарий>)").empty());
  EXPECT_TRUE(EnglishRuns("mining.authorize | was rejected").empty()) << "a quoted piece breaks";
  EXPECT_EQ(EnglishRuns("Site has 2 channels; TLS was not verified").size(), 1u);
}

TEST(EnglishRuns, PartTextLeavesOutQuotedPiecesOnly) {
  const std::string html =
      "<section lang=\"kk\"><p>Тұжырым: <code class=\"q\">Demo lab of the pool</code> "
      "<span class=\"q\">is the applicant</span> and this is not quoted</p></section>"
      "<section lang=\"en\"><p>English part is all English</p></section>";
  const std::string kk = PartText(html, "kk");
  EXPECT_EQ(kk.find("Demo lab"), std::string::npos);
  EXPECT_EQ(kk.find("applicant"), std::string::npos);
  EXPECT_EQ(EnglishRuns(kk), (std::vector<std::string>{"and this is not quoted"}));
  EXPECT_EQ(PartText(html, "ru"), "");
}

// An act with one check per catalogue key (and every part as a note), each
// argument a number: what the templates themselves say, in every part.
nlohmann::json EveryKeyAct() {
  nlohmann::json checks = nlohmann::json::array();
  nlohmann::json notes = nlohmann::json::array();
  auto args_of = [](const char* tmpl) {
    nlohmann::json args = nlohmann::json::object();
    for (const char* p = tmpl; (p = std::strchr(p, '{')) != nullptr; ++p) {
      const char* end = std::strchr(p, '}');
      if (end == nullptr) break;
      const std::string inside(p + 1, end);
      args[inside.substr(0, inside.find('|'))] = 2;
    }
    return args;
  };
  for (const CatalogueEntry& e : FindingCatalogue()) {
    const nlohmann::json f = {{"key", e.key}, {"args", args_of(e.en)}};
    if (!e.verdict) {
      notes.push_back(f);
      continue;
    }
    checks.push_back({{"id", std::string("X.") + e.key},
                      {"verdict", ToString(*e.verdict)},
                      {"summary", "English summary"},
                      {"finding", f}});
  }
  checks.push_back({{"id", "X.parts"},
                    {"verdict", "inconclusive"},
                    {"finding", checks[0]["finding"]},
                    {"notes", notes}});
  return {{"checks", checks}};
}

TEST(ActHtmlLanguage, EveryFindingAndPartReadsInKazakhAndRussian) {
  const std::string html = ActHtml(EveryKeyAct());
  for (const char* lang : {"kk", "ru"}) {
    SCOPED_TRACE(lang);
    const std::string text = PartText(html, lang);
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(EnglishRuns(text), std::vector<std::string>{});
    EXPECT_EQ(text.find("[EN]"), std::string::npos);
    EXPECT_EQ(text.find("English summary"), std::string::npos);
  }
  // The same act's English part is English: the detector does see it.
  EXPECT_GT(EnglishRuns(PartText(html, "en")).size(), 50u);
}

TEST(ActHtmlLanguage, AKeyALanguageLacksFallsBackToEnglishVisibly) {
  nlohmann::json act = {
      {"checks",
       {{{"id", "R4.1.location"},
         {"verdict", "error"},
         {"finding", {{"key", "check.internal_error"}, {"args", {{"what", "x"}}}}},
         {"notes", {{{"key", "R9.made_up"}, {"args", nlohmann::json::object()}}}}},
        {{"id", "R4.2.security-act"}, {"verdict", "pass"}, {"summary", "Old act summary."}}}}};
  const std::string html = ActHtml(act);
  const std::string ru = PartText(html, "ru");
  EXPECT_NE(ru.find("Проверку не удалось завершить"), std::string::npos);
  EXPECT_NE(html.find("<span lang=\"en\" class=\"fallback\">[EN] [finding R9.made_up]"),
            std::string::npos);
  // An older act without a finding shows its English summary, marked.
  EXPECT_NE(html.find("<span lang=\"en\" class=\"fallback\">[EN] Old act summary.</span>"),
            std::string::npos);
}

nlohmann::json OskemenAct() {
  return {
      {"pool",
       {{"sites",
         {{{"id", "primary"},
           {"role", "primary"},
           {"declared_settlement", "Astana"},
           {"declared_settlement_id", "astana"},
           {"observed",
            {{"settlements", {"Nur-Sultan"}}, {"settlement_ids", {{"Nur-Sultan", "astana"}}}}}},
          {{"id", "east"},
           {"role", "backup"},
           {"declared_settlement", "Ust-Kamenogorsk"},
           {"declared_settlement_id", "oskemen"},
           {"observed",
            {{"settlements", {"Oskemen", "Nowhere"}},
             {"settlement_ids", {{"Oskemen", "oskemen"}}}}}}}},
        {"settlement_names",
         {{"astana", {{"en", "Astana"}, {"kk", "Астана"}, {"ru", "Астана"}}},
          {"oskemen", {{"en", "Oskemen"}, {"kk", "Өскемен"}, {"ru", "Усть-Каменогорск"}}}}}}},
      {"checks",
       {{{"id", "R4.3.backup.east"},
         {"verdict", "pass"},
         {"finding",
          {{"key", "R4.3.pass"},
           {"args",
            {{"site", "east"},
             {"settlement", "Oskemen"},
             {"settlement_id", "oskemen"},
             {"kind", {{"key", "settlement.kind.regional"}, {"args", nlohmann::json::object()}}},
             {"primary", "Astana"},
             {"primary_id", "astana"},
             {"primary_kind",
              {{"key", "settlement.kind.capital"}, {"args", nlohmann::json::object()}}}}}}}}}}};
}

TEST(ActHtmlLanguage, SettlementsAreNamedInThePartsLanguage) {
  const std::string html = ActHtml(OskemenAct());
  const std::string kk = PartText(html, "kk");
  const std::string ru = PartText(html, "ru");
  const std::string en = PartText(html, "en");
  EXPECT_NE(html.find("Қазақстанның <code class=\"q\">Өскемен</code> елді мекенінен"),
            std::string::npos);
  EXPECT_NE(html.find("из населённого пункта <code class=\"q\">Усть-Каменогорск</code>"),
            std::string::npos);
  EXPECT_NE(html.find("serves miners from <code class=\"q\">Oskemen</code>"), std::string::npos);
  // The sites table: the declared and observed settlements in the part's
  // language, one the gazetteer does not know as the database spelled it.
  EXPECT_EQ(html.find("Ust-Kamenogorsk"), std::string::npos);
  EXPECT_EQ(html.find("Nur-Sultan"), std::string::npos);
  EXPECT_NE(html.find("<td>Өскемен</td><td>Өскемен<br><code class=\"q\">Nowhere</code>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>Усть-Каменогорск</td><td>Усть-Каменогорск<br>"), std::string::npos);
  (void)kk;
  (void)ru;
  (void)en;
}

TEST(ActHtmlLanguage, ASiteNamedAfterItsRoleIsNotNamedTwiceInEnglish) {
  const std::string html = ActHtml(OskemenAct());
  EXPECT_EQ(html.find("primary (primary)"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>primary</td>"), std::string::npos);
  EXPECT_NE(html.find("<code class=\"q\">east</code> (backup)"), std::string::npos);
  EXPECT_NE(html.find("<code class=\"q\">primary</code> (негізгі)"), std::string::npos);
}

// The support campaign's table: why a reply was classed and why a campaign
// is no evidence are the check's parts, said in the part's language; the
// desk's own reply is quoted as it is.
TEST(ActHtmlLanguage, CampaignReasonsAndBindingProblemsReadInThePartsLanguage) {
  const nlohmann::json reasons = {Part("R4.5.reply.own_text"),
                                  Part("R4.5.reply.too_fast", {{"seconds", 9}, {"fast", 30}})};
  nlohmann::json campaign = {
      {"database", "c.db"},
      {"grid", {{"cells", nlohmann::json::array()}}},
      {"replies",
       {{"desk",
         {{"human", 0},
          {"automatic", 0},
          {"doubtful", 1},
          {"examples",
           {{"doubtful",
             {{"seq", 4}, {"excerpt", "Thanks, we are on it"}, {"reasons", reasons}}}}}}}}},
      {"unbound",
       {Part("R4.5.binding.bin", {{"was", "180340021791"}, {"is", "230440012341"}}),
        Part("R4.5.binding.too_old", {{"end", "2025-06-08 23:59"},
                                      {"age", Part("duration.days", {{"n", 90}})},
                                      {"run", "2026-12-02 01:00"}})}}};
  nlohmann::json act = {
      {"checks",
       {{{"id", "R4.5.support"},
         {"clause", "R4.5"},
         {"verdict", "inconclusive"},
         {"finding", {{"key", "R4.5.no_channel"}, {"args", nlohmann::json::object()}}},
         {"figures", {{"campaign", campaign}}}}}}};
  const std::string html = ActHtml(act);
  for (const char* lang : {"kk", "ru"}) {
    SCOPED_TRACE(lang);
    const std::string text = PartText(html, lang);
    EXPECT_EQ(EnglishRuns(text), std::vector<std::string>{}) << text;
    EXPECT_EQ(text.find("[EN]"), std::string::npos);
  }
  EXPECT_NE(PartText(html, "ru").find("быстрее, чем человек успевает прочитать"),
            std::string::npos);
  EXPECT_NE(PartText(html, "ru").find("более чем за 90 дней"), std::string::npos);
  EXPECT_NE(PartText(html, "kk").find("рұқсат етілген 90 күн мерзімнен"), std::string::npos);
  // The desk's words are quoted, not taken for the act's.
  EXPECT_NE(html.find("<span class=\"q\">«Thanks, we are on it»</span>"), std::string::npos);
  EXPECT_NE(PartText(html, "en").find("faster than a person reads and answers"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
