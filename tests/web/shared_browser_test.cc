// One Chromium per run (probes/http/browser_pool.h): page variants rendered
// at once through one pool are served by one browser process, each with its
// own language (cookie or header) on the reference pool's single-page app,
// never more tabs at once than the pool allows; a cookie or localStorage
// entry one variant's page set is not seen by the next (a browser context
// each); the request gate still stops undeclared hosts inside the shared
// browser; a browser killed (SIGKILL) or stopped (SIGSTOP: it stops
// answering) mid-render fails that variant with an error saying so, is
// replaced once, and after a second failure every later variant fails at
// once. Each browser's process group is gone once it is replaced or the pool
// is shut down.
#include <signal.h>

#include <cerrno>
#include <memory>
#include <thread>
#include <utility>  // before Asio's awaitable.hpp: Boost 1.74 uses std::exchange

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include "probes/http/browser_pool.h"
#include "probes/http/chromium_render.h"
#include "tests/web/canary_listener.h"
#include "tests/web/scripted_http_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ScriptedHttpServer;
using testing::ScriptedRequest;

bool GroupGone(int pid) {
  if (pid <= 0) return false;
  for (int i = 0; i < 100; ++i) {
    if (kill(-pid, 0) == -1 && errno == ESRCH) return true;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return false;
}

// Accepts connections (kernel backlog) and never answers.
struct SilentPeer {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/kk/";
  }
};

// Renders every request at once through ctx.browsers, each on its own
// coroutine; bounded by the hang guard of RunProbe and a 120 s cap here.
boost::asio::awaitable<std::vector<RenderResult>> RenderTogether(ProbeContext ctx,
                                                                 std::vector<RenderRequest> reqs) {
  auto results = std::make_shared<std::vector<RenderResult>>(reqs.size());
  auto left = std::make_shared<size_t>(reqs.size());
  for (size_t i = 0; i < reqs.size(); ++i)
    boost::asio::co_spawn(ctx.executor, RenderWithChromium(ctx, reqs[i]),
                          [results, left, i](std::exception_ptr, RenderResult r) {
                            (*results)[i] = std::move(r);
                            --*left;
                          });
  boost::asio::steady_timer t(ctx.executor);
  for (int n = 0; n < 1200 && *left > 0; ++n) {
    t.expires_after(milliseconds(100));
    co_await t.async_wait(boost::asio::use_awaitable);
  }
  co_return *results;
}

std::optional<std::vector<RenderResult>> RenderAll(std::shared_ptr<BrowserPool> pool,
                                                   std::vector<RenderRequest> reqs) {
  return RunProbe<std::vector<RenderResult>>(
      [pool, reqs](ProbeContext ctx) {
        ctx.browsers = pool;
        return RenderTogether(ctx, reqs);
      },
      seconds(90), nullptr, seconds(150));
}

TEST(SharedBrowser, VariantsRenderedAtOnceShareOneBrowserWithinTheTabLimit) {
  UiBehaviour b;
  b.spa_only = true;
  TestWebServer server(b);
  ASSERT_TRUE(server.ok()) << server.error();
  struct Variant {
    std::string path, header, value, expect;
  };
  const std::vector<Variant> variants = {
      {"/help", "Cookie", "lang=kk", "<h1>Жиі қойылатын сұрақтар</h1>"},
      {"/help", "Cookie", "lang=en", "<h1>Frequently asked questions</h1>"},
      {"/pricing", "Accept-Language", "ru-", "<h1>Тарифы и выплаты</h1>"},
      {"/help", "Cookie", "lang=en", "<h1>Frequently asked questions</h1>"},
      {"/help", "Cookie", "lang=kk", "<h1>Жиі қойылатын сұрақтар</h1>"},
  };
  std::vector<RenderRequest> reqs;
  for (const Variant& v : variants) {
    RenderRequest req;
    req.url = server.url(v.path);
    req.headers = {{v.header, v.value}};
    reqs.push_back(req);
  }
  auto pool = std::make_shared<BrowserPool>(2);
  auto results = RenderAll(pool, reqs);
  ASSERT_TRUE(results);
  ASSERT_EQ(results->size(), variants.size());
  const int pid = (*results)[0].pid;
  EXPECT_GT(pid, 0);
  for (size_t i = 0; i < variants.size(); ++i) {
    const RenderResult& r = (*results)[i];
    ASSERT_TRUE(r.ok) << i << ": " << r.error << "\n" << r.stderr_tail;
    EXPECT_NE(r.dom.find(variants[i].expect), std::string::npos)
        << i << ": " << r.dom.substr(0, 800);
    EXPECT_EQ(r.pid, pid) << "variant " << i << " was served by another browser";
    EXPECT_EQ(r.browser_starts, 1);
    EXPECT_EQ(r.exit_code, -1) << "the browser outlives its renders";
  }
  EXPECT_EQ(pool->starts(), 1);
  EXPECT_EQ(pool->peak_tabs(), 2) << "five renders started at once, two tabs allowed";
  EXPECT_EQ(kill(pid, 0), 0) << "kept until the pool is shut down";
  EXPECT_EQ(pool->Shutdown(), 0);
  EXPECT_TRUE(GroupGone(pid));
}

TEST(SharedBrowser, ACookieOrStorageOneVariantSetIsNotSeenByTheNext) {
  const std::string show =
      "document.getElementById('c').textContent='cookies['+document.cookie+'] storage['+"
      "localStorage.getItem('seen')+']';";
  ScriptedHttpServer site("127.0.0.1", [&](const ScriptedRequest& r) {
    const bool set = r.target == "/set";
    return ScriptedHttpServer::HtmlPage(
        "<!DOCTYPE html><html lang=\"kk\"><body><p id=\"c\"></p><script>" +
        std::string(set ? "document.cookie='seen=1; path=/';"
                          "localStorage.setItem('seen','yes');"
                        : "") +
        show + "</script></body></html>");
  });
  auto pool = std::make_shared<BrowserPool>(1);
  RenderRequest first;
  first.url = site.url("/set");
  first.headers = {{"Cookie", "lang=kk"}};
  RenderRequest second;
  second.url = site.url("/read");
  auto one = RenderAll(pool, {first});
  auto two = RenderAll(pool, {second});
  ASSERT_TRUE(one && two);
  const RenderResult& a = (*one)[0];
  const RenderResult& b = (*two)[0];
  ASSERT_TRUE(a.ok) << a.error << "\n" << a.stderr_tail;
  ASSERT_TRUE(b.ok) << b.error << "\n" << b.stderr_tail;
  EXPECT_EQ(a.pid, b.pid) << "one browser served both";
  // The control: inside its own context the page sees what it set.
  EXPECT_NE(a.dom.find("lang=kk"), std::string::npos) << a.dom;
  EXPECT_NE(a.dom.find("seen=1"), std::string::npos) << a.dom;
  EXPECT_NE(a.dom.find("storage[yes]"), std::string::npos) << a.dom;
  EXPECT_NE(b.dom.find("cookies[] storage[null]"), std::string::npos) << b.dom;
  for (const ScriptedRequest& r : site.requests())
    if (r.target == "/read") {
      EXPECT_EQ(r.Header("Cookie"), "") << r.head;
    }
}

TEST(SharedBrowser, TheGateStopsUndeclaredHostsInsideTheSharedBrowser) {
  testing::CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  const std::string c = canary.origin();
  ScriptedHttpServer site("127.0.0.1", [&](const ScriptedRequest& r) {
    if (r.target == "/plain")
      return ScriptedHttpServer::HtmlPage("<!DOCTYPE html><html><body><p>plain</p></body></html>");
    return ScriptedHttpServer::HtmlPage(
        "<!DOCTYPE html><html lang=\"kk\"><body><p>Бет</p><script src=\"" + c +
        "/tracker.js\"></script><img src=\"" + c + "/pixel.png\"></body></html>");
  });
  auto pool = std::make_shared<BrowserPool>(2);
  RenderRequest plain, hostile;
  plain.url = site.url("/plain");
  hostile.url = site.url("/kk/");
  hostile.load_wait = seconds(5);
  auto results = RenderAll(pool, {plain, hostile, plain, hostile});
  ASSERT_TRUE(results);
  for (size_t i = 0; i < results->size(); ++i) {
    const RenderResult& r = (*results)[i];
    ASSERT_TRUE(r.ok) << i << ": " << r.error;
    EXPECT_EQ(r.pid, (*results)[0].pid);
    if (i % 2 == 0) continue;
    EXPECT_GE(r.blocked_total, 2u) << i;
    bool script = false;
    for (const PageRequest& b : r.blocked_requests) script |= b.url == c + "/tracker.js";
    EXPECT_TRUE(script) << i << ": the blocked script is listed";
  }
  EXPECT_EQ(canary.accepted(), 0) << "Chromium connected to the undeclared host";
}

// Renders `req` while, after `after`, `signal` goes to the pool's browser.
std::optional<std::vector<RenderResult>> RenderWhileSignalling(std::shared_ptr<BrowserPool> pool,
                                                               RenderRequest req, int pid,
                                                               int signal, milliseconds after) {
  std::thread signaller([pid, signal, after] {
    std::this_thread::sleep_for(after);
    kill(pid, signal);
  });
  auto r = RenderAll(pool, {req});
  signaller.join();
  return r;
}

TEST(SharedBrowser, AKilledBrowserFailsItsVariantIsRestartedOnceThenRenderingStops) {
  ScriptedHttpServer page("127.0.0.1", [](const ScriptedRequest&) {
    return ScriptedHttpServer::HtmlPage("<!DOCTYPE html><html><body><p>ok</p></body></html>");
  });
  SilentPeer silent;
  RenderRequest ok_req;
  ok_req.url = page.url("/");
  RenderRequest stalled;
  stalled.url = silent.url();
  auto pool = std::make_shared<BrowserPool>(2);

  auto a = RenderAll(pool, {ok_req});
  ASSERT_TRUE(a && (*a)[0].ok) << (a ? (*a)[0].error : "");
  const int first = (*a)[0].pid;
  auto b = RenderWhileSignalling(pool, stalled, first, SIGKILL, milliseconds(1500));
  ASSERT_TRUE(b);
  const RenderResult& killed = (*b)[0];
  EXPECT_FALSE(killed.ok);
  EXPECT_FALSE(killed.timed_out) << killed.error;
  EXPECT_NE(killed.error.find("failed while rendering " + stalled.url), std::string::npos)
      << killed.error;
  EXPECT_EQ(killed.exit_code, 128 + SIGKILL) << killed.error;
  EXPECT_TRUE(GroupGone(first)) << "the dead browser's renderers are gone too";

  auto c = RenderAll(pool, {ok_req});
  ASSERT_TRUE(c && (*c)[0].ok) << (c ? (*c)[0].error : "");
  const int second = (*c)[0].pid;
  EXPECT_NE(second, first);
  EXPECT_EQ((*c)[0].browser_starts, 2);

  // Stopped rather than killed: it no longer answers, which the pipe's
  // watchdog finds within kPingAfter + kPingWait.
  auto d = RenderWhileSignalling(pool, stalled, second, SIGSTOP, milliseconds(1500));
  ASSERT_TRUE(d);
  EXPECT_FALSE((*d)[0].ok);
  EXPECT_NE((*d)[0].error.find("stopped answering"), std::string::npos) << (*d)[0].error;
  EXPECT_TRUE(GroupGone(second));

  auto e = RenderAll(pool, {ok_req});
  ASSERT_TRUE(e);
  EXPECT_FALSE((*e)[0].ok);
  EXPECT_NE((*e)[0].error.find("not started again"), std::string::npos) << (*e)[0].error;
  EXPECT_EQ((*e)[0].pid, 0);
  EXPECT_EQ(pool->starts(), 2);
}

}  // namespace
}  // namespace pooltest
