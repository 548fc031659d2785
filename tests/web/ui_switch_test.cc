// R4.6 with switchers that set state, end to end against the reference
// pool's cookie UIs on loopback: a set-language endpoint with next, a link
// that sets the cookie and goes back to the Referer, a Django set_language
// form POSTed with its CSRF token, and a hostile switch that redirects to
// an undeclared host; and switchers that work only in JavaScript (a
// <select> that sets the cookie and reloads, spans that rewrite the page in
// place), tried in the rendered page with headless Chromium. A switch
// counts only when following or activating it lands on the same page in
// its language; the evidence shows where each one led.
#include <gtest/gtest.h>

#include "tests/web/canary_listener.h"
#include "tests/web/ui_check_fixture.h"

namespace pooltest {
namespace {

using namespace ui_fixture;  // NOLINT: the shared R4.6 fixture
using testing::CanaryListener;

const std::vector<Variant> kLangCookie = {
    {"kk", M::kCookie, "lang=kk"}, {"ru", M::kCookie, "lang=ru"}, {"en", M::kCookie, "lang=en"}};
const std::vector<Variant> kDjangoCookie = {{"kk", M::kCookie, "django_language=kk"},
                                            {"ru", M::kCookie, "django_language=ru"},
                                            {"en", M::kCookie, "django_language=en"}};

class UiSwitch : public UiCheck {
 protected:
  // The reference pool with `kind` switchers (UiBehaviour::language_switch).
  Outcome RunWith(const std::string& kind, const std::vector<Variant>& variants, UiBehaviour b = {},
                  bool render = false) {
    b.language_switch = kind;
    return Run(b, variants, render);
  }

  // Where following the switch from `page` [lang] to `to` led: the check's
  // row for it, or null (reported).
  static const json* Followed(const Outcome& o, const std::string& page, const std::string& lang,
                              const std::string& to) {
    const json* row = Row(o.result, page, lang);
    if (row && row->contains("language_links"))
      for (const json& l : (*row)["language_links"])
        if (l["lang"] == to) return &l;
    ADD_FAILURE() << "no followed link " << page << " [" << lang << "] -> " << to << ": "
                  << (row ? row->dump(1) : "no row");
    return nullptr;
  }

  // The JavaScript control of `page` [lang] for `to`, as the check lists it.
  static const json* ScriptSwitch(const Outcome& o, const std::string& page,
                                  const std::string& lang, const std::string& to) {
    const json* row = Row(o.result, page, lang);
    if (row && row->contains("language_links"))
      for (const json& l : (*row)["language_links"])
        if (l["lang"] == to && l["kind"] == "script") return &l;
    ADD_FAILURE() << "no script switch " << page << " [" << lang << "] -> " << to << ": "
                  << (row ? row->dump(1) : "no row");
    return nullptr;
  }
};

TEST_F(UiSwitch, SetLanguageEndpointWithNextCounts) {
  Outcome o = RunWith("set_language", kLangCookie);
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  // No link to the page's own variant: only following tells.
  const json* ru = Row(o.result, "/help", "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_TRUE((*ru)["switcher_langs"].empty()) << ru->dump(1);
  for (const char* to : {"kk", "en"}) {
    const json* l = Followed(o, "/help", "ru", to);
    ASSERT_NE(l, nullptr);
    EXPECT_TRUE((*l)["counts"].get<bool>()) << l->dump(1);
    EXPECT_NE((*l)["url"].get<std::string>().find("/lang/" + std::string(to) + "?next=/help"),
              std::string::npos);
    ASSERT_EQ((*l)["hops"].size(), 2u) << l->dump(1);
    EXPECT_EQ((*l)["hops"][0]["status"], 302);
    EXPECT_EQ((*l)["hops"][0]["location"], "/help");
    EXPECT_EQ((*l)["landed_page"], "/help");
    EXPECT_EQ((*l)["detected_lang"], to);
    EXPECT_EQ((*l)["html_lang"], to);
  }
}

TEST_F(UiSwitch, CookieLinkBackToTheSameUrlCounts) {
  Outcome o = RunWith("cookie", kLangCookie);
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  const json* kk = Followed(o, "/", "en", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_TRUE((*kk)["counts"].get<bool>()) << kk->dump(1);
  // Back where it came from, through the Referer: the same URL, now Kazakh.
  EXPECT_EQ((*kk)["final_url"], (*Row(o.result, "/", "en"))["url"]) << kk->dump(1);
  EXPECT_EQ((*kk)["detected_lang"], "kk");
}

TEST_F(UiSwitch, DjangoSetLanguageFormIsPostedWithItsCsrfToken) {
  Outcome o = RunWith("django_form", kDjangoCookie);
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  for (const char* to : {"ru", "en"}) {
    const json* l = Followed(o, "/help", "kk", to);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ((*l)["kind"], "form");
    EXPECT_EQ((*l)["method"], "POST");
    EXPECT_TRUE((*l)["counts"].get<bool>()) << l->dump(1);
    // The POST was answered with the redirect, not the 403 a missing
    // csrftoken cookie gets.
    EXPECT_EQ((*l)["hops"][0]["status"], 302) << l->dump(1);
    EXPECT_EQ((*l)["hops"][1]["method"], "GET") << l->dump(1);
  }
}

TEST_F(UiSwitch, ASwitchLandingInTheWrongLanguageDoesNotCount) {
  UiBehaviour b;
  b.wrong_html_lang = {"kk"};  // the Kazakh page says <html lang="ru">
  Outcome o = RunWith("set_language", kLangCookie, b);
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/help [ru]: the language switcher does not reach kk"))
      << Failures(o.result);
  const json* kk = Followed(o, "/help", "ru", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_FALSE((*kk)["counts"].get<bool>());
  EXPECT_NE((*kk)["why_not"].get<std::string>().find("<html lang=\"ru\">"), std::string::npos)
      << kk->dump(1);
  const json* en = Followed(o, "/help", "ru", "en");
  ASSERT_NE(en, nullptr);
  EXPECT_TRUE((*en)["counts"].get<bool>());
}

TEST_F(UiSwitch, ASwitchRedirectingOffTheDeclaredHostsIsNeverFollowed) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  UiBehaviour b;
  b.switch_redirect_to = canary.origin();
  Outcome o = RunWith("set_language", kLangCookie, b);
  EXPECT_EQ(o.result.verdict, Verdict::kFail) << o.result.summary;
  EXPECT_EQ(canary.accepted(), 0) << "the harness connected to the undeclared host";
  EXPECT_TRUE(HasFailure(o.result, "/help [ru]: the switch to kk (")) << Failures(o.result);
  EXPECT_TRUE(HasFailure(o.result, "off the scenario's declared hosts: not followed"))
      << Failures(o.result);
  EXPECT_TRUE(HasFailure(o.result, "/help [ru]: the language switcher does not reach kk"))
      << Failures(o.result);
  const json* kk = Followed(o, "/help", "ru", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_FALSE((*kk)["counts"].get<bool>());
  EXPECT_EQ((*kk)["outcome"], "refused");
  // The chain: the switch answered, the redirect to the canary was refused.
  ASSERT_EQ((*kk)["hops"].size(), 2u) << kk->dump(1);
  EXPECT_EQ((*kk)["hops"][1]["refused"]["kind"], "redirect_refused");
  EXPECT_EQ((*kk)["hops"][1]["url"], canary.origin() + "/help");
}

TEST_F(UiSwitch, JavaScriptSelectThatSetsTheCookieAndReloadsCounts) {
  Outcome o = RunWith("js_cookie", kLangCookie, {}, /*render=*/true);
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  for (const char* to : {"ru", "en"}) {
    const json* s = ScriptSwitch(o, "/help", "kk", to);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE((*s)["counts"].get<bool>()) << s->dump(1);
    EXPECT_EQ((*s)["method"], "select");
    EXPECT_EQ((*s)["effect"], "navigated") << s->dump(1);
    EXPECT_NE((*s)["control"].get<std::string>().find("of a <select>"), std::string::npos)
        << s->dump(1);
    EXPECT_EQ((*s)["detected_lang"], to);
    EXPECT_EQ((*s)["html_lang"], to);
    EXPECT_EQ((*s)["landed_page"], "/help");
    // The page it led to is kept as evidence beside the page's own DOM.
    ASSERT_TRUE(s->contains("dom_file")) << s->dump(1);
    EXPECT_TRUE(fs::exists(o.dir / (*s)["dom_file"].get<std::string>())) << s->dump(1);
    EXPECT_FALSE((*s)["title"].get<std::string>().empty()) << s->dump(1);
  }
  // The page's own evidence is the page as the variant showed it.
  EXPECT_EQ((*Row(o.result, "/help", "kk"))["html_lang"], "kk");
}

TEST_F(UiSwitch, JavaScriptSwitchRewritingThePageInPlaceCounts) {
  Outcome o = RunWith("js_inplace", kLangCookie, {}, /*render=*/true);
  EXPECT_EQ(o.result.verdict, Verdict::kPass) << o.result.summary << Failures(o.result);
  const json* ru = ScriptSwitch(o, "/", "en", "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_TRUE((*ru)["counts"].get<bool>()) << ru->dump(1);
  EXPECT_EQ((*ru)["method"], "click");
  EXPECT_EQ((*ru)["effect"], "changed_in_place") << ru->dump(1);
  EXPECT_NE((*ru)["control"].get<std::string>().find("\"Рус\""), std::string::npos) << ru->dump(1);
  // Reloaded before the second control: it acts on the English page again.
  const json* kk = ScriptSwitch(o, "/", "en", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_TRUE((*kk)["counts"].get<bool>()) << kk->dump(1);
}

TEST_F(UiSwitch, JavaScriptSwitchToAPageInAnotherLanguageDoesNotCount) {
  UiBehaviour b;
  b.russian_as = {"en"};  // "English" shows the Russian text
  Outcome o = RunWith("js_inplace", kLangCookie, b, /*render=*/true);
  EXPECT_EQ(o.result.verdict, Verdict::kFail);
  EXPECT_TRUE(HasFailure(o.result, "/help [kk]: the language switcher does not reach en"))
      << Failures(o.result);
  const json* en = ScriptSwitch(o, "/help", "kk", "en");
  ASSERT_NE(en, nullptr);
  EXPECT_FALSE((*en)["counts"].get<bool>()) << en->dump(1);
  EXPECT_EQ((*en)["why_not"], "the page it led to is in ru") << en->dump(1);
  const json* ru = ScriptSwitch(o, "/help", "kk", "ru");
  ASSERT_NE(ru, nullptr);
  EXPECT_TRUE((*ru)["counts"].get<bool>()) << ru->dump(1);
}

TEST_F(UiSwitch, JavaScriptSwitchLeavingTheDeclaredHostsIsRefusedByTheGate) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  UiBehaviour b;
  b.switch_redirect_to = canary.origin();
  Outcome o = RunWith("js_cookie", kLangCookie, b, /*render=*/true);
  EXPECT_EQ(o.result.verdict, Verdict::kFail) << o.result.summary;
  EXPECT_EQ(canary.accepted(), 0) << "Chromium connected to the undeclared host";
  EXPECT_TRUE(HasFailure(o.result, "/help [ru]: the language switcher does not reach kk"))
      << Failures(o.result);
  EXPECT_TRUE(HasFailure(o.result, "off the scenario's declared hosts")) << Failures(o.result);
  const json* kk = ScriptSwitch(o, "/help", "ru", "kk");
  ASSERT_NE(kk, nullptr);
  EXPECT_FALSE((*kk)["counts"].get<bool>());
  EXPECT_EQ((*kk)["outcome"], "refused") << kk->dump(1);
  EXPECT_EQ((*kk)["final_url"], canary.origin() + "/help") << kk->dump(1);
  // The page itself stays the pool's: its variant was read.
  const json* row = Row(o.result, "/help", "ru");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ((*row)["html_lang"], "ru");
}

}  // namespace
}  // namespace pooltest
