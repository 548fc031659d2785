#include "checks/ui_languages_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

void AddPages(Evidence& ev, const std::string& broken_lang, int status,
              const std::string& html_lang, double share, std::vector<std::string> switcher) {
  for (const char* page : {"/", "/help"}) {
    for (const char* l : {"kk", "ru", "en"}) {
      std::vector<std::string> others;
      for (const char* o : {"kk", "ru", "en"}) {
        if (std::string(o) != l) others.push_back(o);
      }
      if (l == broken_lang) {
        ev.Page(page, l, status, html_lang, share, switcher);
      } else {
        ev.Page(page, l, 200, l, 0.96, others);
      }
    }
  }
}

TEST(UiLanguagesCheck, PassesWhenEveryPageExistsInEveryLanguage) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddPages(ev, "", 200, "", 0, {});
  CheckResult r = CheckUiLanguages({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kPass, "R4.6.pass");
  EXPECT_EQ(r.figures["pages"].size(), 6u);
}

TEST(UiLanguagesCheck, FailsOnAMissingEnglishPage) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddPages(ev, "en", 404, "", 0, {});
  CheckResult r = CheckUiLanguages({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.page_problems");
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.problem.missing_http");
  EXPECT_NE(r.summary.find("[en] is missing (HTTP 404)"), std::string::npos) << r.summary;
}

TEST(UiLanguagesCheck, FailsOnAKazakhPageThatIsReallyRussian) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddPages(ev, "kk", 200, "kk", 0.12, {"ru", "en"});
  CheckResult r = CheckUiLanguages({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.page_problems");
  EXPECT_NE(r.summary.find("12%"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("Главная"), std::string::npos) << "worst offender quoted";
}

TEST(UiLanguagesCheck, FailsOnAWrongHtmlLang) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddPages(ev, "kk", 200, "ru", 0.95, {"ru", "en"});
  CheckResult r = CheckUiLanguages({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.page_problems");
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.problem.html_lang");
  EXPECT_NE(r.summary.find("lang=\"ru\""), std::string::npos) << r.summary;
}

TEST(UiLanguagesCheck, AcceptsARegionSubtagInHtmlLang) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddPages(ev, "kk", 200, "kk-KZ", 0.95, {"ru", "en"});
  testing::ExpectFinding(CheckUiLanguages({sc, ev.all()}), Verdict::kPass, "R4.6.pass");
}

TEST(UiLanguagesCheck, FailsWhenTheSwitcherDropsALanguage) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AddPages(ev, "ru", 200, "ru", 0.95, {"kk"});
  CheckResult r = CheckUiLanguages({sc, ev.all()});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.page_problems");
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.problem.switcher");
  EXPECT_NE(r.summary.find("does not reach en"), std::string::npos) << r.summary;
}

TEST(UiLanguagesCheck, InconclusiveWhenAPageWasNotFetched) {
  Scenario sc = TwoSiteScenario();
  sc.ui->pages.push_back("/pricing");
  Evidence ev;
  AddPages(ev, "", 200, "", 0, {});
  testing::ExpectFinding(CheckUiLanguages({sc, ev.all()}), Verdict::kInconclusive,
                         "R4.6.unsettled");
  testing::ExpectFinding(CheckUiLanguages({sc, ev.all()}), Verdict::kInconclusive,
                         "R4.6.problem.not_fetched_at_all");
}

TEST(UiLanguagesCheck, InconclusiveWithoutADeclaredUi) {
  Scenario sc = TwoSiteScenario();
  sc.ui.reset();
  Evidence ev;
  testing::ExpectFinding(CheckUiLanguages({sc, ev.all()}), Verdict::kInconclusive, "R4.6.no_ui");
}

// The ru pages offer no direct link to English; each has one language link
// to en whose following is `link` (page_probe.h's language_links).
std::vector<Observation> WithEnglishLink(const nlohmann::json& link,
                                         const char* field = "language_links") {
  Evidence ev;
  AddPages(ev, "ru", 200, "ru", 0.95, {"kk"});
  std::vector<Observation> all = ev.all();
  for (Observation& o : all) {
    if (o.probe != "ui.page" || o.data["lang"] != "ru") continue;
    o.data["page_path"] = o.data["page"];
    nlohmann::json l = link;
    if (l.value("landed_page", "") == "$page") l["landed_page"] = o.data["page"];
    o.data[field] = nlohmann::json::array({l});
  }
  return all;
}

TEST(UiLanguagesCheck, ALanguageLinkThatLandedOnThePageInItsLanguageCounts) {
  const nlohmann::json landed = {
      {"lang", "en"},  {"kind", "link"},         {"url", "/lang/en"},     {"outcome", "landed"},
      {"status", 200}, {"landed_page", "$page"}, {"detected_lang", "en"}, {"html_lang", "en-GB"}};
  testing::ExpectFinding(CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(landed)}),
                         Verdict::kPass, "R4.6.pass");
  nlohmann::json elsewhere = landed;
  elsewhere["landed_page"] = "/news";
  CheckResult r = CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(elsewhere)});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.problem.switcher");
  EXPECT_EQ(r.figures["pages"][1]["language_links"][0]["why_not"].get<std::string>().find(
                "landed on /news"),
            0u)
      << r.figures["pages"].dump(1);
}

TEST(UiLanguagesCheck, ALanguageLinkCutShortLeavesItsLanguageUnsettled) {
  const nlohmann::json cut = {{"lang", "en"},
                              {"kind", "form"},
                              {"url", "/i18n/setlang/"},
                              {"outcome", "timeout"},
                              {"detail", "no complete response within 20 ms"}};
  CheckResult r = CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(cut)});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.6.unsettled");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.6.problem.switch_unsettled");
  EXPECT_TRUE(r.figures["failures"].empty()) << r.figures["failures"].dump(1);
}

TEST(UiLanguagesCheck, ALanguageLinkLeadingOffTheDeclaredHostsFails) {
  const nlohmann::json off = {{"lang", "en"},
                              {"kind", "link"},
                              {"url", "http://pool.test/lang/en"},
                              {"outcome", "refused"},
                              {"refused",
                               {{"kind", "redirect_refused"},
                                {"to", "http://10.0.0.1/help"},
                                {"reason", "10.0.0.1 is not declared"},
                                {"harness_fault", false}}}};
  CheckResult r = CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(off)});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.problem.switch_off_site");
  EXPECT_NE(r.figures["failures"].dump().find("the language switcher does not reach en"),
            std::string::npos)
      << r.figures["failures"].dump(1);
  EXPECT_NE(r.summary.find("http://10.0.0.1/help"), std::string::npos) << r.summary;
}

// A JavaScript control (page_probe.h's script_switches) is judged as a
// followed link is: it counts only when the page it led to is this page in
// its language; one that changed nothing, or was cut short, never passes.
TEST(UiLanguagesCheck, AJavaScriptControlCountsOnlyWhenItLedToThePageInItsLanguage) {
  const nlohmann::json landed = {
      {"lang", "en"},      {"kind", "script"},       {"control", "<span> \"Eng\""},
      {"method", "click"}, {"outcome", "landed"},    {"effect", "changed_in_place"},
      {"status", 200},     {"landed_page", "$page"}, {"detected_lang", "en"},
      {"html_lang", "en"}};
  CheckResult r = CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(landed, "script_switches")});
  testing::ExpectFinding(r, Verdict::kPass, "R4.6.pass");
  EXPECT_EQ(r.figures["pages"][1]["language_links"][0]["control"], "<span> \"Eng\"")
      << r.figures["pages"].dump(1);

  nlohmann::json unchanged = landed;
  unchanged["effect"] = "none";
  unchanged["detected_lang"] = "ru";
  unchanged["html_lang"] = "ru";
  r = CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(unchanged, "script_switches")});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.problem.switcher");

  const nlohmann::json cut = {{"lang", "en"},
                              {"kind", "script"},
                              {"control", "<span> \"Eng\""},
                              {"outcome", "timeout"},
                              {"detail", "no time left in the render's deadline to try it"}};
  r = CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(cut, "script_switches")});
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.6.problem.switch_unsettled");

  nlohmann::json off = cut;
  off["outcome"] = "refused";
  off["refused"] = {{"kind", "navigation_refused"},
                    {"to", "http://10.0.0.1/help"},
                    {"reason", "10.0.0.1 is not declared"},
                    {"harness_fault", false}};
  r = CheckUiLanguages({TwoSiteScenario(), WithEnglishLink(off, "script_switches")});
  testing::ExpectFinding(r, Verdict::kFail, "R4.6.problem.switch_off_site");
}

}  // namespace
}  // namespace pooltest
