// R4.6 end to end: the planner builds the UI probes from a scenario, the
// runner executes them against the reference pool's web server on loopback,
// and the check judges. Passing on the good UI (by path prefix, query
// parameter, Accept-Language, cookie and sub-domain), failing for the right
// reason on each broken one, and the single-page app passing only when
// rendered, with Chromium really started and its DOM and screenshot kept.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "core/utf8.h"
#include "tests/web/ui_check_fixture.h"

namespace pooltest {
namespace {

using namespace ui_fixture;  // NOLINT: the fixture's names, as when it lived here

const std::vector<Variant> kFollowAny = {
    {"kk", M::kFollow, "any"}, {"ru", M::kFollow, "any"}, {"en", M::kFollow, "any"}};

TEST_F(UiCheck, GoodUiPassesByPathPrefix) {
  Outcome o = Run(UiBehaviour{}, kPrefix);
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  EXPECT_EQ(o.result.figures["pages"].size(), 6u);
  const json* kk = Row(o.result, "/help", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_GE((*kk)["share"].get<double>(), 0.9);
  EXPECT_EQ((*kk)["hreflang_langs"].size(), 3u);
}

TEST_F(UiCheck, GoodUiPassesByQueryAcceptLanguageAndCookie) {
  Outcome o = Run(UiBehaviour{}, {{"kk", M::kQuery, "lang=kk"},
                                  {"ru", M::kAcceptLanguage, "ru-RU,ru;q=0.9"},
                                  {"en", M::kCookie, "lang=en"}});
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  int pages = 0;
  for (const Observation& ob : o.observations)
    if (ob.probe == "ui.page") {
      ++pages;
      EXPECT_EQ(ob.data["redirects"], 0) << ob.target << ": answered in place";
    }
  EXPECT_EQ(pages, 6);
}

TEST_F(UiCheck, GoodUiPassesBySubdomainOnLoopback) {
  Outcome o =
      Run(UiBehaviour{},
          {{"kk", M::kSubdomain, "kk"}, {"ru", M::kSubdomain, "ru"}, {"en", M::kSubdomain, "en"}},
          false, {"/help"}, "pool.test");
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  for (const Observation& ob : o.observations) {
    if (ob.probe == "ui.page") {
      EXPECT_NE(ob.target.find(".pool.test:"), std::string::npos);
    }
  }
}

TEST_F(UiCheck, KazakhPageThatIsReallyRussianFails) {
  UiBehaviour b;
  b.russian_as = {"kk"};
  Outcome o = Run(b, kPrefix);
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/help [kk] has")) << Failures(o.result);
  EXPECT_FALSE(HasFailure(o.result, "[ru]")) << Failures(o.result);
  const json* kk = Row(o.result, "/help", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_LT((*kk)["share"].get<double>(), 0.3);
  EXPECT_GT((*kk)["russian_words_on_kazakh_page"].get<int>(), 50);
  ASSERT_FALSE((*kk)["offending"].empty());
  EXPECT_EQ((*kk)["offending"][0]["lang"], "ru");
  // Long Russian paragraphs are cut for the report, never inside a letter.
  for (const auto& off : (*kk)["offending"])
    EXPECT_TRUE(IsValidUtf8(off["text"].get<std::string>())) << off.dump();
  for (const auto& u : (*kk)["untranslated"])
    EXPECT_TRUE(IsValidUtf8(u.get<std::string>())) << u.dump();
  // The same Russian strings as the Russian page: untranslated, listed.
  EXPECT_GT((*kk)["untranslated_count"].get<int>(), 3);
}

TEST_F(UiCheck, MissingEnglishPageFails) {
  UiBehaviour b;
  b.missing_languages = {"en"};
  Outcome o = Run(b, kPrefix);
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/help [en] is missing (HTTP 404)")) << Failures(o.result);
  EXPECT_FALSE(HasFailure(o.result, "[kk]")) << Failures(o.result);
}

TEST_F(UiCheck, SwitcherThatDropsALanguageFails) {
  UiBehaviour b;
  b.switcher_drops = {"en"};
  Outcome o = Run(b, kPrefix);
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/ [kk]: the language switcher does not reach en"))
      << Failures(o.result);
  EXPECT_FALSE(HasFailure(o.result, "has ")) << "coverage is fine: " << Failures(o.result);
}

TEST_F(UiCheck, WrongHtmlLangFails) {
  UiBehaviour b;
  b.wrong_html_lang = {"kk"};
  Outcome o = Run(b, kPrefix);
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/help [kk] declares <html lang=\"ru\">")) << Failures(o.result);
  EXPECT_FALSE(HasFailure(o.result, "has ")) << Failures(o.result);
}

TEST_F(UiCheck, HalfTranslatedPageFailsAndListsUntranslatedStrings) {
  UiBehaviour b;
  b.half_translated = {"kk"};
  Outcome o = Run(b, kPrefix);
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/help [kk] has")) << Failures(o.result);
  const json* kk = Row(o.result, "/help", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_GT((*kk)["untranslated_count"].get<int>(), 0);
  const json* ru = Row(o.result, "/help", "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ((*ru)["untranslated_count"], 0);
}

TEST_F(UiCheck, SinglePageAppFailsWithoutRendering) {
  UiBehaviour b;
  b.spa_only = true;
  Outcome o = Run(b, kPrefix, false, {"/help"});
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  for (const char* lang : {"kk", "ru", "en"}) {
    EXPECT_TRUE(HasFailure(o.result, std::string("/help [") + lang +
                                         "] shows almost no text (0 words besides the title); "
                                         "if the UI is built by JavaScript, set ui.render: true"))
        << Failures(o.result);
  }
}

TEST_F(UiCheck, SinglePageAppPassesWhenRenderedByChromium) {
  UiBehaviour b;
  b.spa_only = true;
  Outcome o = Run(b, kPrefix, true, {"/help"});
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  int rendered = 0;
  std::set<int> browsers;
  for (const Observation& ob : o.observations) {
    if (ob.probe != "ui.page") continue;
    ASSERT_TRUE(ob.data.contains("render")) << ob.detail;
    const json& r = ob.data["render"];
    // The run's one browser served every variant and outlived them.
    EXPECT_EQ(r["exit_code"], -1);
    EXPECT_EQ(r["browser_starts"], 1);
    browsers.insert(r.value("browser_pid", 0));
    EXPECT_EQ(r["argv"][0], "chromium");
    ASSERT_TRUE(r.contains("dom_file") && r.contains("screenshot_file")) << r.dump();
    const fs::path dom = o.dir / r["dom_file"].get<std::string>();
    const fs::path png = o.dir / r["screenshot_file"].get<std::string>();
    std::ifstream d(dom), p(png, std::ios::binary);
    const std::string dom_text((std::istreambuf_iterator<char>(d)), {});
    char magic[4] = {};
    p.read(magic, 4);
    EXPECT_NE(dom_text.find("<p>"), std::string::npos) << "the script's paragraphs are in the DOM";
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
    if (ob.data.value("rendered", false)) ++rendered;
  }
  EXPECT_EQ(rendered, 3);
  EXPECT_EQ(browsers.size(), 1u) << "one Chromium per run";
  EXPECT_EQ(browsers.count(0), 0u);
}

// ---- crawl mode ----

TEST_F(UiCheck, CrawlFromTheHomePageChecksEveryLinkedPage) {
  crawl_ = {2, 50};
  Outcome o = Run(UiBehaviour{}, kPrefix, false, {"/"});
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  // The menu's pricing and help pages and the footer's status page, found
  // from "/" alone, each in all three languages.
  EXPECT_EQ(o.result.figures["pages"].size(), 12u) << o.result.figures["pages"].dump(1);
  const json* status = Row(o.result, "/status", "en");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ((*status)["depth"], 1);
  EXPECT_EQ(
      (*status)["url"].get<std::string>().substr((*status)["url"].get<std::string>().rfind('/')),
      "/status");
  const json& crawl = o.result.figures["crawl"];
  EXPECT_EQ(crawl["pages"], 4);
  EXPECT_EQ(crawl["found"], 3);
  EXPECT_EQ(crawl["left_out"], 0);
  EXPECT_NE(o.result.summary.find("3 found by crawling"), std::string::npos) << o.result.summary;
  ASSERT_EQ(Count(o, "ui.crawl"), 1);
}

TEST_F(UiCheck, CrawlFindsAPageMissingInEnglishThatTheDeclaredListMisses) {
  UiBehaviour b;
  b.missing_pages = {"/en/status"};
  // The declared pages alone look fine: the broken page is linked only from
  // the footer.
  Outcome declared = Run(b, kPrefix, false, {"/", "/help"});
  EXPECT_EQ(declared.result.verdict, Verdict::kPass) << Failures(declared.result);

  crawl_ = {2, 50};
  Outcome crawled = Run(b, kPrefix, false, {"/", "/help"});
  EXPECT_EQ(crawled.result.verdict, Verdict::kFail) << crawled.result.summary;
  EXPECT_TRUE(HasFailure(crawled.result, "/status [en] is missing (HTTP 404)"))
      << Failures(crawled.result);
  EXPECT_EQ(crawled.result.figures["failures"].size(), 1u) << Failures(crawled.result);
  // Each row carries its own verdict, for reports to render as is.
  const json* en = Row(crawled.result, "/status", "en");
  ASSERT_NE(en, nullptr);
  EXPECT_EQ((*en)["problems"], json({"/status [en] is missing (HTTP 404)"}));
  const json* kk = Row(crawled.result, "/status", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_EQ((*kk)["problems"], json::array());
}

TEST_F(UiCheck, CrawlDepthBoundsHowFarLinksAreFollowed) {
  UiBehaviour b;
  b.missing_pages = {"/en/status"};
  crawl_ = {0, 50};  // the declared pages only
  Outcome o = Run(b, kPrefix, false, {"/"});
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << Failures(o.result);
  EXPECT_EQ(o.result.figures["crawl"]["found"], 0);
  EXPECT_EQ(o.result.figures["pages"].size(), 3u);
}

TEST_F(UiCheck, CrawlThatFindsMorePagesThanMaxPagesIsInconclusive) {
  crawl_ = {2, 2};
  Outcome o = Run(UiBehaviour{}, kPrefix, false, {"/"});
  EXPECT_EQ(o.result.verdict, Verdict::kInconclusive) << o.result.summary << Failures(o.result);
  EXPECT_NE(o.result.summary.find("more pages than ui.crawl.max_pages=2"), std::string::npos)
      << o.result.summary;
  EXPECT_EQ(o.result.figures["crawl"]["pages"], 2);
  EXPECT_EQ(o.result.figures["crawl"]["left_out"], 2);
  EXPECT_EQ(o.result.figures["pages"].size(), 6u);
}

TEST_F(UiCheck, CrawlOfASinglePageAppFollowsTheLinksScriptsDraw) {
  UiBehaviour b;
  b.spa_only = true;  // without running the script there is no link at all
  b.missing_pages = {"/en/status"};
  crawl_ = {1, 10};
  Outcome o = Run(b, kPrefix, true, {"/"});
  EXPECT_EQ(o.result.verdict, Verdict::kFail) << o.result.summary;
  EXPECT_TRUE(HasFailure(o.result, "/status [en] is missing (HTTP 404)")) << Failures(o.result);
  EXPECT_EQ(o.result.figures["failures"].size(), 1u) << Failures(o.result);
  EXPECT_EQ(o.result.figures["crawl"]["found"], 3) << o.result.figures["crawl"].dump(1);
}

// ---- follow: languages reached through the page's own links ----

TEST_F(UiCheck, FollowReachesEveryLanguageThroughHreflang) {
  Outcome o = Run(UiBehaviour{}, kFollowAny, false, {"/", "/help"});
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  EXPECT_EQ(Count(o, "ui.entry"), 2);
  EXPECT_EQ(Count(o, "ui.page"), 6);
  const json* ru = Row(o.result, "/help", "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ((*ru)["via"], "hreflang");
  EXPECT_NE((*ru)["url"].get<std::string>().find("/ru/help"), std::string::npos);
  for (const Observation& ob : o.observations) {
    if (ob.probe == "ui.page") {
      EXPECT_FALSE(ob.data["via"]["entry_observation"].get<std::string>().empty());
    }
  }
}

TEST_F(UiCheck, FollowBySwitcherOnly) {
  Outcome o = Run(UiBehaviour{},
                  {{"kk", M::kFollow, "switcher"},
                   {"ru", M::kFollow, "switcher"},
                   {"en", M::kFollow, "switcher"}},
                  false, {"/help"});
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  const json* en = Row(o.result, "/help", "en");
  ASSERT_NE(en, nullptr);
  EXPECT_EQ((*en)["via"], "switcher");
  // The unmarked /help leads to the Kazakh page, whose menu links to itself.
  const json* kk = Row(o.result, "/help", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_EQ((*kk)["via"], "switcher");
  EXPECT_NE((*kk)["url"].get<std::string>().find("/kk/help"), std::string::npos);
}

TEST_F(UiCheck, FollowFailsWhenThePageOffersNoWayToALanguage) {
  UiBehaviour b;
  b.switcher_drops = {"en"};  // no hreflang and no switcher link to English
  Outcome o = Run(b, kFollowAny, false, {"/help"});
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/help [en] is missing (the page ")) << Failures(o.result);
  EXPECT_TRUE(HasFailure(o.result, "offers no hreflang or language-switcher link to en"))
      << Failures(o.result);
}

TEST_F(UiCheck, FollowNeverLeavesTheSite) {
  UiBehaviour b;
  b.foreign_hreflang = {"en"};  // hreflang=en leads to http://127.0.0.99:8080/...
  Outcome o = Run(b,
                  {{"kk", M::kFollow, "hreflang"},
                   {"ru", M::kFollow, "hreflang"},
                   {"en", M::kFollow, "hreflang"}},
                  false, {"/help"});
  EXPECT_EQ(o.result.verdict, Verdict::kError) << o.result.summary << Failures(o.result);
  EXPECT_NE(o.result.summary.find("outside the site of ui.base_url"), std::string::npos)
      << o.result.summary;
  for (const Observation& ob : o.observations) {
    EXPECT_EQ(ob.target.find("127.0.0.99"),
              ob.probe == "ui.page" && ob.data["lang"] == "en" ? 7u : std::string::npos)
        << ob.probe << " " << ob.target;
    EXPECT_FALSE(ob.data.contains("final_url") &&
                 ob.data["final_url"].get<std::string>().find("127.0.0.99") != std::string::npos)
        << "fetched from the foreign host: " << ob.target;
  }
}

TEST_F(UiCheck, FollowOfAPageThatIsMissingIsMissingInEveryLanguage) {
  Outcome o = Run(UiBehaviour{}, kFollowAny, false, {"/no-such-page"});
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  for (const char* lang : {"kk", "ru", "en"})
    EXPECT_TRUE(HasFailure(o.result, std::string("/no-such-page [") + lang + "] is missing (the " +
                                         lang + " variant cannot be followed"))
        << Failures(o.result);
}

TEST_F(UiCheck, FollowAndCrawlTogetherFindEveryPageOnce) {
  UiBehaviour b;
  b.missing_pages = {"/ru/status"};
  crawl_ = {2, 50};
  Outcome o = Run(b, kFollowAny, false, {"/"});
  EXPECT_EQ(o.result.verdict, Verdict::kFail) << o.result.summary;
  EXPECT_TRUE(HasFailure(o.result, "/status [ru] is missing (HTTP 404)")) << Failures(o.result);
  EXPECT_EQ(o.result.figures["failures"].size(), 1u) << Failures(o.result);
  // /kk/help, /ru/help and /en/help are one page, not three.
  EXPECT_EQ(o.result.figures["crawl"]["pages"], 4) << o.result.figures["crawl"].dump(1);
  EXPECT_EQ(Count(o, "ui.entry"), 4);
}

}  // namespace
}  // namespace pooltest
