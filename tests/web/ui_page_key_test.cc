// Which page a link found while crawling is: every language variant of one
// page must get one key, and links that are not UI pages must say why.
#include <gtest/gtest.h>

#include "harness/runner/ui_requests.h"

namespace pooltest {
namespace {

using M = LanguageVariant::Method;

WebUi Ui(const std::string& base, M method, const char* kk, const char* ru, const char* en) {
  WebUi ui;
  ui.base_url = base;
  ui.pages = {"/"};
  ui.languages = {{"kk", method, kk, {}}, {"ru", method, ru, {}}, {"en", method, en, {}}};
  return ui;
}

std::string Key(const WebUi& ui, const std::string& url) {
  Result<std::string> k = UiPageKey(ui, url);
  return k ? *k : "ERROR: " + k.error().message;
}

TEST(UiPageKey, PathPrefixesAreStripped) {
  const WebUi ui = Ui("https://pool.kz/", M::kPathPrefix, "/kk", "/ru", "/en");
  EXPECT_EQ(Key(ui, "https://pool.kz/kk/help"), "/help");
  EXPECT_EQ(Key(ui, "https://pool.kz/ru/help?x=1#top"), "/help");
  EXPECT_EQ(Key(ui, "https://pool.kz/en/"), "/");
  EXPECT_EQ(Key(ui, "https://pool.kz/en"), "/");
  EXPECT_EQ(Key(ui, "https://pool.kz/kk/a/b.html"), "/a/b.html");
  // Every language has a prefix here, so an unprefixed link is not a UI page.
  EXPECT_EQ(Key(ui, "https://pool.kz/api/status"), "ERROR: no language prefix");
  // "/kkx" is not the "/kk" prefix.
  EXPECT_EQ(Key(ui, "https://pool.kz/kkx/help"), "ERROR: no language prefix");
}

TEST(UiPageKey, OtherSitesFilesAndPathsOutsideTheBaseAreRefused) {
  const WebUi ui = Ui("https://pool.kz/app/", M::kQuery, "lang=kk", "lang=ru", "lang=en");
  EXPECT_EQ(Key(ui, "https://pool.kz/app/help?lang=kk"), "/help");
  EXPECT_EQ(Key(ui, "https://pool.kz/app"), "/");
  EXPECT_EQ(Key(ui, "https://pool.kz/application"), "ERROR: outside ui.base_url");
  EXPECT_EQ(Key(ui, "https://pool.kz/other"), "ERROR: outside ui.base_url");
  EXPECT_EQ(Key(ui, "https://evil.example/app/help"), "ERROR: another site");
  EXPECT_EQ(Key(ui, "https://xpool.kz/app/help"), "ERROR: another site");
  EXPECT_EQ(Key(ui, "http://pool.kz/app/help"), "ERROR: another site");
  EXPECT_EQ(Key(ui, "https://pool.kz:8443/app/help"), "ERROR: another site");
  EXPECT_EQ(Key(ui, "https://pool.kz/app/miner.zip"), "ERROR: a file, not a page");
  EXPECT_EQ(Key(ui, "https://pool.kz/app/logo.PNG"), "ERROR: a file, not a page");
  EXPECT_EQ(Key(ui, "mailto:support@pool.kz"), "ERROR: not a web page (mailto:)");
}

TEST(UiPageKey, LanguageSubdomainsAreTheSameSite) {
  const WebUi ui = Ui("https://pool.kz/", M::kSubdomain, "kaz", "rus", "eng");
  EXPECT_EQ(Key(ui, "https://kaz.pool.kz/help"), "/help");
  EXPECT_EQ(Key(ui, "https://eng.pool.kz/"), "/");
  EXPECT_EQ(Key(ui, "https://shop.pool.kz/help"), "ERROR: another site");
}

TEST(UiPageKey, FollowSitesStripThePlainLanguagePrefixes) {
  const WebUi ui = Ui("http://127.0.0.11:8080/", M::kFollow, "any", "any", "any");
  EXPECT_EQ(Key(ui, "http://127.0.0.11:8080/ru/pricing"), "/pricing");
  EXPECT_EQ(Key(ui, "http://127.0.0.11:8080/pricing"), "/pricing");
  EXPECT_EQ(Key(ui, "http://127.0.0.12:8080/pricing"), "ERROR: another site");
}

}  // namespace
}  // namespace pooltest
