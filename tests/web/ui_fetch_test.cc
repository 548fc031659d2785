// Every way the UI probe reaches a language variant, against the reference
// pool on loopback: query parameter, Accept-Language, cookie, sub-domain
// (at the base host's addresses, no DNS), redirects, gzip + chunked bodies, a windows-1251
// page, TLS with verification on (a test CA made by the openssl CLI),
// verification failing as an observation, and verification off recorded.
#include <gtest/gtest.h>

#include "core/sha256.h"
#include "probes/http/page_probe.h"
#include "refpool/web/ui_pages.h"
#include "tests/web/tls_test_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

using nlohmann::json;

std::optional<Observation> Fetch(PageTarget target,
                                 std::shared_ptr<const TargetPolicy> targets = TestTargets()) {
  return RunProbe<Observation>([target, targets](ProbeContext ctx) {
    ctx.targets = targets;
    return ProbeUiPage(ctx, target);
  });
}

PageTarget Target(const std::string& lang, const std::string& url) {
  PageTarget t;
  t.page = "/";
  t.lang = lang;
  t.url = url;
  return t;
}

void ExpectLanguage(const Observation& o, const std::string& lang) {
  EXPECT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["status"], 200) << o.detail;
  EXPECT_EQ(o.data["html_lang"], lang);
  EXPECT_GE(o.data["share"][lang].get<double>(), 0.9) << o.data["offending"].dump();
  EXPECT_GE(o.data["words"][lang].get<int>(), 50);
}

TEST(UiFetch, QueryParameterPicksTheLanguage) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  for (const std::string lang : {"kk", "ru", "en"}) {
    auto o = Fetch(Target(lang, server.url("/help?lang=" + lang)));
    ASSERT_TRUE(o);
    ExpectLanguage(*o, lang);
  }
}

TEST(UiFetch, AcceptLanguagePicksTheLanguage) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  PageTarget t = Target("ru", server.url("/pricing"));
  t.headers["Accept-Language"] = "ru-RU,ru;q=0.9,en;q=0.5";
  auto o = Fetch(t);
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "ru");
  t = Target("en", server.url("/pricing"));
  t.headers["Accept-Language"] = "en-GB, kk;q=0.3";
  o = Fetch(t);
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "en");
}

TEST(UiFetch, CookiePicksTheLanguage) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  PageTarget t = Target("en", server.url("/"));
  t.headers["Cookie"] = "theme=dark; lang=en";
  auto o = Fetch(t);
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "en");
  EXPECT_EQ(o->data["redirects"], 0) << "answered in place, not redirected";
}

TEST(UiFetch, SubdomainReachesTheBaseAddressWithoutDns) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  const std::string port = std::to_string(server.port());
  auto targets = std::make_shared<TargetPolicy>();
  targets->DeclareHost("pool.test");
  targets->AddResolution("pool.test", {"127.0.0.1"}, "the test's resolution of the UI host");
  targets->DeclareSubdomainsOf("pool.test");
  for (const std::string lang : {"kk", "en"}) {
    PageTarget t = Target(lang, "http://" + lang + ".pool.test:" + port + "/help");
    auto o = Fetch(t, targets);
    ASSERT_TRUE(o);
    ExpectLanguage(*o, lang);
    bool host_sent = false;
    for (const json& r : o->transcript)
      if (r["dir"] == "sent" &&
          r["text"].get<std::string>().find("Host: " + lang + ".pool.test") != std::string::npos)
        host_sent = true;
    EXPECT_TRUE(host_sent) << "the server must see the sub-domain in Host";
  }
}

TEST(UiFetch, FollowsRedirects) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  auto o = Fetch(Target("kk", server.url("/")));
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "kk");
  EXPECT_EQ(o->data["redirects"], 1);
  EXPECT_EQ(o->data["final_url"], server.url("/kk/"));
}

TEST(UiFetch, GzipAndChunkedBodiesAreDecoded) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  auto o = Fetch(Target("en", server.url("/en/help")));
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "en");
  EXPECT_EQ(o->data["headers"].value("content-encoding", ""), "gzip");
  EXPECT_EQ(o->data["headers"].value("transfer-encoding", ""), "chunked");
  // bytes counts the decoded body: exactly the page the server rendered.
  const std::string page = RenderUiPage(UiBehaviour{}, "/en/help").body;
  EXPECT_EQ(o->data["bytes"].get<size_t>(), page.size());
  EXPECT_EQ(o->data["body_sha256"], Sha256Hex(page));
}

TEST(UiFetch, Windows1251PageIsConvertedAndRecorded) {
  UiBehaviour b;
  b.legacy_charset = {"ru"};
  TestWebServer server(b);
  ASSERT_TRUE(server.ok()) << server.error();
  auto o = Fetch(Target("ru", server.url("/ru/help")));
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "ru");
  EXPECT_EQ(o->data["content_type"], "text/html; charset=windows-1251");
  EXPECT_EQ(o->data["charset"]["declared"], "windows-1251");
  EXPECT_EQ(o->data["charset"]["source"], "header");
  EXPECT_EQ(o->data["charset"]["converted"], true);
  EXPECT_EQ(o->data["title"], "Помощь — Дала Пул");
  // A UTF-8 page in the same run is not converted.
  auto kk = Fetch(Target("kk", server.url("/kk/help")));
  ASSERT_TRUE(kk);
  EXPECT_EQ(kk->data["charset"]["converted"], false);
}

TEST(UiFetch, TlsVerifiedAgainstTheTestCa) {
  TlsTestServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  const std::string port = std::to_string(server.port());
  PageTarget t = Target("kk", server.url("/kk/help"));
  t.ca_file = server.ca_file();
  auto o = Fetch(t);
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "kk");
  EXPECT_EQ(o->data["tls_verify"], true);
}

TEST(UiFetch, UntrustedCertificateIsAnObservationWithAClearDetail) {
  TlsTestServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  const std::string port = std::to_string(server.port());
  PageTarget t = Target("kk", server.url("/kk/help"));
  auto o = Fetch(t);  // the system's CAs do not know the test CA
  ASSERT_TRUE(o);
  EXPECT_EQ(o->status, ProbeStatus::kFailed);
  EXPECT_NE(o->detail.find("TLS certificate verification failed"), std::string::npos) << o->detail;
  ASSERT_TRUE(o->data.contains("tls_error"));
  EXPECT_FALSE(o->data.contains("share")) << "nothing was read from an unverified server";

  t.verify_tls = false;  // allowed, and recorded
  o = Fetch(t);
  ASSERT_TRUE(o);
  ExpectLanguage(*o, "kk");
  EXPECT_EQ(o->data["tls_verify"], false);
}

}  // namespace
}  // namespace pooltest
