// Headless Chromium as the harness starts it: the reference pool's
// single-page app rendered into a DOM with text and a PNG screenshot; the
// language variant's cookie and headers reaching the server (the cookie- and
// Accept-Language-chosen pages of the reference pool, an arbitrary header
// seen by a recording server); a page that never loads stopped by the
// deadline and by cancellation, a page that cannot load and a missing
// browser reported as errors, with the browser's whole process group gone
// afterwards.
#include <signal.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include "probes/http/chromium_render.h"
#include "tests/web/scripted_http_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

// True once no process of the group is left; orphaned renderer processes are
// reaped by init shortly after the kill, hence the bounded wait.
bool GroupGone(int pid) {
  if (pid <= 0) return false;
  for (int i = 0; i < 100; ++i) {
    if (kill(-pid, 0) == -1 && errno == ESRCH) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "pooltest-render-XXXXXX").string();
    if (mkdtemp(t.data())) path = t;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Accepts connections (kernel backlog) and never answers.
struct SilentPeer {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/kk/";
  }
};

// Answers every request with a small page and keeps the request heads, so
// a test can see exactly what the browser sent.
class RecordingServer {
 public:
  explicit RecordingServer(
      std::string body = "<!DOCTYPE html><html lang=\"kk\"><body><p>recorded</p></body></html>")
      : server_("127.0.0.1", [body = std::move(body)](const testing::ScriptedRequest&) {
          return testing::ScriptedHttpServer::Response(200, "", body, "text/html; charset=utf-8");
        }) {}
  std::string url(const std::string& path) const { return server_.url(path); }
  std::vector<std::string> heads() {
    std::vector<std::string> out;
    for (const testing::ScriptedRequest& r : server_.requests()) out.push_back(r.head);
    return out;
  }

 private:
  testing::ScriptedHttpServer server_;
};

std::optional<RenderResult> Render(const RenderRequest& req,
                                   std::chrono::milliseconds deadline = std::chrono::seconds(90)) {
  return RunProbe<RenderResult>([req](ProbeContext ctx) { return RenderWithChromium(ctx, req); },
                                deadline);
}

// The single-page app's /help, its language chosen only by a cookie: the
// text in the DOM exists only once the script ran (in the script itself
// "</" is written "<\/"), and the <html lang> comes from the server's choice.
void ExpectCookieChosenHelp(const std::string& lang, const std::string& heading) {
  UiBehaviour b;
  b.spa_only = true;
  TestWebServer server(b);
  ASSERT_TRUE(server.ok()) << server.error();
  TempDir dir;
  RenderRequest req;
  req.url = server.url("/help");
  req.headers = {{"Cookie", "theme=dark; lang=" + lang}};
  req.out_dir = dir.path.string();
  req.file_stem = lang + "_help";
  auto r = Render(req);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_NE(r->dom.find("<html lang=\"" + lang + "\">"), std::string::npos)
      << r->dom.substr(0, 400);
  EXPECT_NE(r->dom.find("<h1>" + heading + "</h1>"), std::string::npos) << r->dom.substr(0, 2000);
  EXPECT_EQ(ReadAll(dir.path / (lang + "_help.html")), r->dom);
  EXPECT_FALSE(r->screenshot_path.empty());
  bool set_cookie = false;
  for (const std::string& line : r->protocol_log)
    set_cookie |= line.find("< Network.setCookie ok") != std::string::npos;
  EXPECT_TRUE(set_cookie) << "the protocol log shows the cookie was set";
  EXPECT_TRUE(GroupGone(r->pid));
}

TEST(ChromiumRender, SinglePageAppIsRenderedWithDomAndScreenshot) {
  UiBehaviour b;
  b.spa_only = true;
  TestWebServer server(b);
  ASSERT_TRUE(server.ok()) << server.error();
  TempDir dir;
  RenderRequest req;
  req.url = server.url("/en/help");
  req.out_dir = dir.path.string();
  req.file_stem = "en_help";
  auto r = RunProbe<RenderResult>([req](ProbeContext ctx) { return RenderWithChromium(ctx, req); },
                                  std::chrono::seconds(90));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_NE(r->dom.find("Frequently asked questions"), std::string::npos)
      << "the script's text is in the rendered DOM";
  EXPECT_EQ(r->dom_path, (dir.path / "en_help.html").string());
  ASSERT_EQ(r->screenshot_path, (dir.path / "en_help.png").string());
  std::ifstream png(r->screenshot_path, std::ios::binary);
  char magic[8] = {};
  png.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  EXPECT_TRUE(GroupGone(r->pid));
}

TEST(ChromiumRender, LanguageCookieChoosesKazakhOnTheSinglePageApp) {
  ExpectCookieChosenHelp("kk", "Жиі қойылатын сұрақтар");
}

TEST(ChromiumRender, LanguageCookieChoosesEnglishOnTheSinglePageApp) {
  ExpectCookieChosenHelp("en", "Frequently asked questions");
}

TEST(ChromiumRender, AcceptLanguageHeaderChoosesRussian) {
  UiBehaviour b;
  b.spa_only = true;
  TestWebServer server(b);
  ASSERT_TRUE(server.ok()) << server.error();
  RenderRequest req;
  req.url = server.url("/pricing");
  req.headers = {{"Accept-Language", "ru-"}};
  auto r = Render(req);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_NE(r->dom.find("<html lang=\"ru\">"), std::string::npos) << r->dom.substr(0, 400);
  EXPECT_NE(r->dom.find("<h1>Тарифы и выплаты</h1>"), std::string::npos) << r->dom.substr(0, 2000);
}

TEST(ChromiumRender, EveryVariantHeaderIsSentAsGiven) {
  RecordingServer server;
  RenderRequest req;
  req.url = server.url("/kk/");
  req.headers = {
      {"X-Pool-Variant", "kk-test"}, {"Accept-Language", "kk-KZ"}, {"Cookie", "lang=kk"}};
  auto r = Render(req);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_NE(r->dom.find("recorded"), std::string::npos);
  std::string page;
  for (const std::string& h : server.heads())
    if (h.rfind("GET /kk/ ", 0) == 0) page = h;
  ASSERT_FALSE(page.empty()) << "the page was requested";
  EXPECT_NE(page.find("X-Pool-Variant: kk-test\r\n"), std::string::npos) << page;
  EXPECT_NE(page.find("Accept-Language: kk-KZ\r\n"), std::string::npos) << page;
  EXPECT_NE(page.find("Cookie: lang=kk\r\n"), std::string::npos) << page;
}

TEST(ChromiumRender, APageThatCannotLoadIsAnError) {
  int port = 0;
  {
    SilentPeer closed;  // a port that was free a moment ago and is closed now
    port = closed.acceptor.local_endpoint().port();
  }
  RenderRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto r = Render(req, std::chrono::seconds(60));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  EXPECT_FALSE(r->timed_out);
  EXPECT_NE(r->error.find("ERR_CONNECTION_REFUSED"), std::string::npos) << r->error;
  EXPECT_NE(r->error.find(req.url), std::string::npos) << r->error;
  EXPECT_TRUE(GroupGone(r->pid));
}

TEST(ChromiumRender, AMissingBrowserIsAnActionableError) {
  RenderRequest req;
  req.url = "http://127.0.0.1:9/";
  req.chromium = "/nonexistent/pooltest/chromium";
  auto r = Render(req, std::chrono::seconds(10));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->pid, 0);
  EXPECT_NE(r->error.find("cannot start '/nonexistent/pooltest/chromium'"), std::string::npos)
      << r->error;
  EXPECT_NE(r->error.find("install Debian's chromium"), std::string::npos) << r->error;
}

TEST(ChromiumRender, DeadlineStopsABrowserWaitingForASilentServer) {
  SilentPeer peer;
  RenderRequest req;
  req.url = peer.url();
  const auto start = std::chrono::steady_clock::now();
  auto r = RunProbe<RenderResult>([req](ProbeContext ctx) { return RenderWithChromium(ctx, req); },
                                  std::chrono::seconds(3));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  EXPECT_TRUE(r->timed_out) << r->error;
  EXPECT_NE(r->error.find("before the probe deadline"), std::string::npos) << r->error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_TRUE(GroupGone(r->pid));
}

TEST(ChromiumRender, AnImageThatNeverLoadsDoesNotHideThePage) {
  SilentPeer stalled;  // the image's server accepts and never answers
  RecordingServer server(
      "<!DOCTYPE html><html lang=\"ru\"><body><div id=\"app\"></div><img src=\"" + stalled.url() +
      "logo.png\"><script>document.getElementById('app').innerHTML="
      "'<p>Статистика пула за сутки</p>';</script></body></html>");
  RenderRequest req;
  req.url = server.url("/ru/");
  req.load_wait = std::chrono::seconds(2);
  auto r = Render(req, std::chrono::seconds(60));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_NE(r->dom.find("<p>Статистика пула за сутки</p>"), std::string::npos) << r->dom;
  EXPECT_NE(r->warning.find("load event did not come within 2000 ms"), std::string::npos)
      << r->warning;
  EXPECT_TRUE(GroupGone(r->pid));
}

TEST(ChromiumRender, CancelKillsTheBrowser) {
  SilentPeer peer;
  RenderRequest req;
  req.url = peer.url();
  auto hub = std::make_shared<CancelHub>();
  std::thread canceller([hub] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    hub->Cancel();
  });
  auto r = RunProbe<RenderResult>([req](ProbeContext ctx) { return RenderWithChromium(ctx, req); },
                                  std::chrono::seconds(60), hub);
  canceller.join();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->cancelled) << r->error;
  EXPECT_GT(r->pid, 0) << "the browser was started";
  EXPECT_TRUE(GroupGone(r->pid));
}

}  // namespace
}  // namespace pooltest
