// R4.6 with switchers that set state, end to end against the reference
// pool's cookie UIs on loopback: a set-language endpoint with next, a link
// that sets the cookie and goes back to the Referer, a Django set_language
// form POSTed with its CSRF token, and a hostile switch that redirects to
// an undeclared host. A switch counts only when following it lands on the
// same page in its language; the evidence shows where each one led.
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
  Outcome RunWith(const std::string& kind, const std::vector<Variant>& variants,
                  UiBehaviour b = {}) {
    b.language_switch = kind;
    return Run(b, variants);
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

}  // namespace
}  // namespace pooltest
