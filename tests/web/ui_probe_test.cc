// The reference pool's UI pages seen through the real UI page probe: good
// pages in all three languages, and every way UiBehaviour breaks them.
#include <set>
#include <thread>

#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include "probes/http/page_probe.h"
#include "tests/web/scripted_http_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

using nlohmann::json;

std::optional<Observation> Probe(const TestWebServer& server, const std::string& lang,
                                 const std::string& page, const std::string& path,
                                 std::chrono::milliseconds deadline = std::chrono::seconds(20),
                                 std::shared_ptr<CancelHub> hub = nullptr) {
  PageTarget target;
  target.page = page;
  target.lang = lang;
  target.url = server.url(path);
  return RunProbe<Observation>([target](ProbeContext ctx) { return ProbeUiPage(ctx, target); },
                               deadline, hub);
}

std::set<std::string> Others(const std::string& lang) {
  std::set<std::string> all = {"kk", "ru", "en"};
  all.erase(lang);
  return all;
}

std::set<std::string> Langs(const json& j) {
  std::set<std::string> out;
  for (const auto& v : j) out.insert(v.get<std::string>());
  return out;
}

TEST(UiProbe, GoodPagesInEveryLanguage) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  for (const std::string lang : {"kk", "ru", "en"}) {
    for (const std::string page : {"/", "/pricing", "/help"}) {
      SCOPED_TRACE(lang + page);
      const std::string path = "/" + lang + (page == "/" ? "/" : page);
      auto obs = Probe(server, lang, page, path);
      ASSERT_TRUE(obs.has_value());
      EXPECT_EQ(obs->status, ProbeStatus::kOk) << obs->detail;
      const json& d = obs->data;
      EXPECT_EQ(d["status"], 200);
      EXPECT_EQ(d["html_lang"], lang);
      EXPECT_EQ(d["hreflang"].size(), 3u);
      EXPECT_EQ(d["hreflang"].value(lang, ""), path);
      EXPECT_EQ(Langs(d["switcher_langs"]), Others(lang));
      EXPECT_GE(d["share"][lang].get<double>(), 0.9) << d["offending"].dump();
      EXPECT_GE(d["words"][lang].get<int>(), 80) << "pages carry real text";
      EXPECT_FALSE(d["title"].get<std::string>().empty());
      EXPECT_EQ(d["body_sha256"].get<std::string>().size(), 64u);
      EXPECT_EQ(d["content_type"], "text/html; charset=utf-8");
    }
  }
}

TEST(UiProbe, TranscriptHasRequestAndResponseHeadersNotBody) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "ru", "/help", "/ru/help");
  ASSERT_TRUE(obs.has_value());
  bool sent = false, received = false;
  for (const json& r : obs->transcript) {
    const std::string text = r["text"];
    if (r["dir"] == "sent" && text.rfind("GET /ru/help HTTP/1.1", 0) == 0) sent = true;
    if (r["dir"] == "received" && text.rfind("HTTP/1.1 200", 0) == 0) received = true;
    EXPECT_EQ(text.find("<html"), std::string::npos) << "the body is hashed, not copied";
  }
  EXPECT_TRUE(sent);
  EXPECT_TRUE(received);
}

TEST(UiProbe, RootRedirectsToKazakh) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "kk", "/", "/");
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kOk);
  EXPECT_EQ(obs->data["status"], 200);
  EXPECT_EQ(obs->data["redirects"], 1);
  EXPECT_EQ(obs->data["final_url"], server.url("/kk/"));
  EXPECT_EQ(obs->data["html_lang"], "kk");
}

TEST(UiProbe, MissingLanguageIs404) {
  UiBehaviour ui;
  ui.missing_languages = {"en"};
  TestWebServer server(ui);
  ASSERT_TRUE(server.ok()) << server.error();
  for (const std::string path : {"/en/", "/en/pricing", "/en/help"}) {
    auto obs = Probe(server, "en", "/", path);
    ASSERT_TRUE(obs.has_value());
    EXPECT_EQ(obs->status, ProbeStatus::kOk) << "a 404 is an observation, not a probe failure";
    EXPECT_EQ(obs->data["status"], 404) << path;
    EXPECT_LT(obs->data["words"]["en"].get<int>(), 10) << "no page text, only the error";
  }
  auto kk = Probe(server, "kk", "/help", "/kk/help");
  ASSERT_TRUE(kk.has_value());
  EXPECT_EQ(kk->data["status"], 200);
}

TEST(UiProbe, HalfTranslatedLeavesRussianSegments) {
  UiBehaviour ui;
  ui.half_translated = {"kk"};
  TestWebServer server(ui);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "kk", "/", "/kk/");
  ASSERT_TRUE(obs.has_value());
  const double kk = obs->data["share"]["kk"];
  EXPECT_GT(kk, 0.2);
  EXPECT_LT(kk, 0.8);
  EXPECT_GT(obs->data["share"]["ru"].get<double>(), 0.2);
  ASSERT_FALSE(obs->data["offending"].empty());
  for (const json& o : obs->data["offending"]) EXPECT_EQ(o["lang"], "ru") << o.dump();
  // Other languages are untouched.
  auto ru = Probe(server, "en", "/", "/en/");
  ASSERT_TRUE(ru.has_value());
  EXPECT_GE(ru->data["share"]["en"].get<double>(), 0.9);
}

TEST(UiProbe, RussianBodyUnderKazakhHeading) {
  UiBehaviour ui;
  ui.russian_as = {"kk"};
  TestWebServer server(ui);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "kk", "/help", "/kk/help");
  ASSERT_TRUE(obs.has_value());
  const json& d = obs->data;
  EXPECT_EQ(d["html_lang"], "kk");
  EXPECT_LT(d["share"]["kk"].get<double>(), 0.2);
  EXPECT_GT(d["share"]["ru"].get<double>(), 0.8);
  EXPECT_GT(d["words"]["kk"].get<int>(), 0) << "the heading stays Kazakh";
  ASSERT_GE(d["offending"].size(), 5u);
  for (const json& o : d["offending"]) EXPECT_EQ(o["lang"], "ru") << o.dump();
}

TEST(UiProbe, WrongHtmlLang) {
  UiBehaviour ui;
  ui.wrong_html_lang = {"kk"};
  TestWebServer server(ui);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "kk", "/pricing", "/kk/pricing");
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->data["html_lang"], "ru");
  EXPECT_GE(obs->data["share"]["kk"].get<double>(), 0.9) << "the text itself is Kazakh";
  auto en = Probe(server, "en", "/pricing", "/en/pricing");
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->data["html_lang"], "en");
}

TEST(UiProbe, SwitcherDropsALanguage) {
  UiBehaviour ui;
  ui.switcher_drops = {"en"};
  TestWebServer server(ui);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "kk", "/help", "/kk/help");
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(Langs(obs->data["switcher_langs"]), std::set<std::string>{"ru"});
  EXPECT_FALSE(obs->data["hreflang"].contains("en"));
  EXPECT_TRUE(obs->data["hreflang"].contains("ru"));
  auto en = Probe(server, "en", "/help", "/en/help");
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->data["status"], 200) << "the English page still exists";
}

TEST(UiProbe, SpaOnlyHasNoTextWithoutJavaScript) {
  UiBehaviour ui;
  ui.spa_only = true;
  TestWebServer server(ui);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "ru", "/", "/ru/");
  ASSERT_TRUE(obs.has_value());
  const json& w = obs->data["words"];
  const int total =
      w["kk"].get<int>() + w["ru"].get<int>() + w["en"].get<int>() + w["unknown"].get<int>();
  EXPECT_LT(total, 12) << "only the <title> is there";
  EXPECT_LE(obs->data["segments"].get<int>(), 3);
  EXPECT_GT(obs->data["bytes"].get<int>(), 1000) << "the text is shipped inside the script";
}

TEST(UiProbe, DeadlineAlreadyPassedIsTimeout) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = Probe(server, "kk", "/", "/kk/", std::chrono::milliseconds(-1));
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kTimeout);
}

TEST(UiProbe, CancelledRunIsCancelled) {
  TestWebServer server(UiBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  auto hub = std::make_shared<CancelHub>();
  hub->Cancel();
  auto obs = Probe(server, "kk", "/", "/kk/", std::chrono::seconds(20), hub);
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kCancelled);
}

// A peer that accepts TCP connections (in the kernel backlog) and never
// answers: only the deadline or a cancel can end the transfer.
struct SilentPeer {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/kk/";
  }
};

TEST(UiProbe, SilentServerEndsAtTheDeadline) {
  SilentPeer peer;
  PageTarget target{"/", "kk", peer.url(), {}, true, {}, false};
  auto obs = RunProbe<Observation>([target](ProbeContext ctx) { return ProbeUiPage(ctx, target); },
                                   std::chrono::milliseconds(500));
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kTimeout) << obs->detail;
}

TEST(UiProbe, CancelDuringTransferAbortsIt) {
  SilentPeer peer;
  PageTarget target{"/", "kk", peer.url(), {}, true, {}, false};
  auto hub = std::make_shared<CancelHub>();
  std::thread canceller([hub] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    hub->Cancel();
  });
  auto obs = RunProbe<Observation>([target](ProbeContext ctx) { return ProbeUiPage(ctx, target); },
                                   std::chrono::seconds(30), hub);
  canceller.join();
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kCancelled) << obs->detail;
}

TEST(UiProbe, NothingListeningIsFailed) {
  uint16_t port = 0;
  {
    TestWebServer server(UiBehaviour{});
    ASSERT_TRUE(server.ok()) << server.error();
    port = server.port();
  }
  PageTarget target{"/", "kk", "http://127.0.0.1:" + std::to_string(port) + "/kk/", {}, true,
                    {},  false};
  auto obs = RunProbe<Observation>([target](ProbeContext ctx) { return ProbeUiPage(ctx, target); });
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kFailed);
  EXPECT_NE(obs->detail.find("127.0.0.1"), std::string::npos) << obs->detail;
}

// A "Kazakh" page whose text is English, plus `extra` in its body.
std::optional<Observation> ProbeEnglishPageWith(const std::string& extra) {
  const std::string page =
      "<!DOCTYPE html><html lang=\"kk\"><head><meta charset=\"utf-8\"><title>Pool</title></head>"
      "<body><main><h1>Frequently asked questions</h1><p>Statistics are updated every few "
      "minutes. If the hashrate has not appeared after fifteen minutes, check the worker name "
      "and the pool address.</p><p>Payouts are sent every day at ten in the morning.</p>" +
      extra + "</main></body></html>";
  testing::ScriptedHttpServer server("127.0.0.1", [page](const testing::ScriptedRequest&) {
    return testing::ScriptedHttpServer::Response(200, "", page, "text/html; charset=utf-8");
  });
  PageTarget target{"/", "kk", server.url("/kk/"), {}, true, {}, false};
  return RunProbe<Observation>([target](ProbeContext ctx) { return ProbeUiPage(ctx, target); });
}

TEST(UiProbe, AttributeTextDoesNotOutweighThePagesText) {
  // Kazakh the reader never sees as text, on a page that shows English:
  // one long title (cut to a phrase), then many short ones (counted only
  // up to the page's own words).
  std::string kazakh;
  while (kazakh.size() < 200000) kazakh += "Қазақ тіліндегі толық аударма. ";
  auto one = ProbeEnglishPageWith("<div title=\"" + kazakh + "\">.</div>");
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->status, ProbeStatus::kOk) << one->detail;
  EXPECT_LT(one->data["share"]["kk"].get<double>(), 0.9) << one->data["words"].dump();

  std::string spans;
  for (int i = 0; i < 500; ++i) spans += "<span title=\"Қазақ тіліндегі толық аударма.\"></span>";
  auto many = ProbeEnglishPageWith(spans);
  ASSERT_TRUE(many.has_value());
  ASSERT_EQ(many->status, ProbeStatus::kOk) << many->detail;
  EXPECT_LE(many->data["share"]["kk"].get<double>(), 0.5) << many->data["words"].dump();
  EXPECT_GT(many->data["attribute_words_excluded"].get<int>(), 1000);
}

TEST(UiProbe, AttributeTextWithinThePagesTextCounts) {
  auto obs = ProbeEnglishPageWith("<a href=\"/kk/help\" title=\"Көмек беті\">?</a>");
  ASSERT_TRUE(obs.has_value());
  ASSERT_EQ(obs->status, ProbeStatus::kOk) << obs->detail;
  EXPECT_EQ(obs->data["attribute_words_excluded"], 0);
  EXPECT_GT(obs->data["words"]["kk"].get<int>(), 0) << obs->data["words"].dump();
}

}  // namespace
}  // namespace pooltest
