// Which links and forms of a page may switch its language by setting state,
// read from real HTML through gumbo: set-language endpoints, links carrying
// only hreflang, Django set_language forms (hidden fields kept, the
// language chosen per option), and what is left out.
#include <gtest/gtest.h>

#include "probes/http/html_text.h"
#include "probes/http/language_links.h"

namespace pooltest {
namespace {

using nlohmann::json;

const char* const kPage = "http://pool.test:8080/help";

json Links(const std::string& body, const std::string& lang = "ru",
           const std::set<std::string>& reached = {}) {
  return LanguageLinks(ExtractHtmlText("<html><body>" + body + "</body></html>"), kPage, lang,
                       reached);
}

TEST(LanguageLinks, SetLanguageEndpointsAndHreflangOnlyLinks) {
  const json l = Links(
      "<a href=\"/lang/kk?next=/help\">Қазақша</a>"
      "<a href=\"/switch?to=2\" hreflang=\"en-GB\">English</a>"
      "<a href=\"/lang/ru?next=/help\">Русский</a>"   // the page's own language
      "<a href=\"/lang/kk?next=/other\">again</a>");  // kk has its link already
  ASSERT_EQ(l.size(), 2u) << l.dump(1);
  EXPECT_EQ(l[0]["lang"], "kk");
  EXPECT_EQ(l[0]["kind"], "link");
  EXPECT_EQ(l[0]["url"], "http://pool.test:8080/lang/kk?next=/help");
  EXPECT_EQ(l[1]["lang"], "en");
  EXPECT_EQ(l[1]["url"], "http://pool.test:8080/switch?to=2");
}

TEST(LanguageLinks, LanguagesTheSwitcherAlreadyReachesAreNotFollowed) {
  const json l = Links("<a href=\"/lang/kk\">kk</a><a href=\"?language=en\">en</a>", "ru", {"kk"});
  ASSERT_EQ(l.size(), 1u) << l.dump(1);
  EXPECT_EQ(l[0]["lang"], "en");
  EXPECT_EQ(l[0]["url"], "http://pool.test:8080/help?language=en");
}

TEST(LanguageLinks, DjangoSetLanguageFormIsSubmittedOncePerLanguage) {
  const json l = Links(
      "<form action=\"/i18n/setlang/\" method=\"POST\">"
      "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"a b&c\">"
      "<input name=\"next\" type=\"hidden\" value=\"/help\">"
      "<select name=\"language\"><optgroup label=\"x\"><option value=\"kk\">Қазақша</option>"
      "</optgroup><option value=\"ru\" selected>Русский</option><option>en</option></select>"
      "<button type=\"submit\">Go</button></form>");
  ASSERT_EQ(l.size(), 2u) << l.dump(1);
  EXPECT_EQ(l[0]["lang"], "kk");
  EXPECT_EQ(l[0]["kind"], "form");
  EXPECT_EQ(l[0]["method"], "POST");
  EXPECT_EQ(l[0]["url"], "http://pool.test:8080/i18n/setlang/");
  EXPECT_EQ(l[0]["body"], "csrfmiddlewaretoken=a%20b%26c&next=%2Fhelp&language=kk");
  EXPECT_EQ(l[1]["lang"], "en");  // the option's text when it has no value
  EXPECT_EQ(l[1]["body"], "csrfmiddlewaretoken=a%20b%26c&next=%2Fhelp&language=en");
}

TEST(LanguageLinks, OneFormPerLanguageWithAHiddenLanguageAndGetForms) {
  const json l = Links(
      "<form action=\"/setlang\"><input type=\"hidden\" name=\"lang\" value=\"kk\">"
      "<button>Қазақша</button></form>"
      "<form action=\"/search\"><input name=\"q\" value=\"\"></form>"  // not a language form
      "<form action=\"javascript:void(0)\" method=\"post\">"
      "<input type=\"hidden\" name=\"language\" value=\"en\"></form>");  // not http(s)
  ASSERT_EQ(l.size(), 1u) << l.dump(1);
  EXPECT_EQ(l[0]["lang"], "kk");
  EXPECT_EQ(l[0]["method"], "GET");
  EXPECT_EQ(l[0]["url"], "http://pool.test:8080/setlang?lang=kk");
}

TEST(LanguageLinks, LinkLanguageFromTheLastPathSegment) {
  HtmlAnchor a;
  a.href = "/i18n/en/";
  EXPECT_EQ(LinkLang(a, "/i18n/en/"), "en");
  a.href = "/news/latest";
  EXPECT_EQ(LinkLang(a, "/news/latest"), "");
  a.href = "/kk/help";
  EXPECT_EQ(LinkLang(a, "/kk/help"), "kk");
}

}  // namespace
}  // namespace pooltest
