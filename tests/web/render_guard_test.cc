// Only declared hosts inside Chromium: a rendered page's requests to an
// undeclared host (a script, an image, a WebSocket, a name nobody declared)
// are stopped before a packet leaves — the canary listener accepts none —
// and listed; a script from a ui.allowed_hosts host (by address and by a
// name the run resolved) is fetched, runs and is listed as allowed; a main
// document that redirects off-site, or to the allowed host, while rendering
// is refused and the render fails saying where it went.
#include <set>

#include <gtest/gtest.h>

#include "probes/http/chromium_render.h"
#include "probes/http/page_probe.h"
#include "tests/web/canary_listener.h"
#include "tests/web/scripted_http_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

using testing::CanaryListener;
using testing::ScriptedHttpServer;
using testing::ScriptedRequest;

std::string Script(const std::string& js) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\nConnection: close\r\n"
         "Content-Length: " +
         std::to_string(js.size()) + "\r\n\r\n" + js;
}

// The test policy (127.0.0.1 and friends) with 127.0.0.5 and
// cdn.render.test (resolved to 127.0.0.5) as ui.allowed_hosts.
std::shared_ptr<const TargetPolicy> WithResourceHosts() {
  auto p = std::make_shared<TargetPolicy>(*TestTargets());
  p->DeclareResourceHost("127.0.0.5");
  p->DeclareResourceHost("cdn.render.test");
  p->AddResolution("cdn.render.test", {"127.0.0.5"}, "the test's fixed resolution");
  return p;
}

std::optional<RenderResult> Render(const RenderRequest& req,
                                   std::shared_ptr<const TargetPolicy> targets = nullptr) {
  return RunProbe<RenderResult>(
      [req, targets](ProbeContext ctx) {
        if (targets) ctx.targets = targets;
        return RenderWithChromium(ctx, req);
      },
      std::chrono::seconds(60));
}

const PageRequest* Find(const std::vector<PageRequest>& list, const std::string& url_prefix) {
  for (const PageRequest& r : list)
    if (r.url.rfind(url_prefix, 0) == 0) return &r;
  return nullptr;
}

TEST(RenderGuard, RequestsToUndeclaredHostsNeverLeave) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  const std::string c = canary.origin();
  const std::string port = std::to_string(canary.port());
  // A script and an image at the undeclared address, a WebSocket there
  // (which request interception does not see: the resolver rules stop it),
  // and a script at a name nobody declared.
  ScriptedHttpServer pool("127.0.0.1", [&](const ScriptedRequest&) {
    return ScriptedHttpServer::HtmlPage(
        "<!DOCTYPE html><html lang=\"kk\"><body><p id=\"t\">Бет</p>"
        "<script src=\"" +
        c +
        "/tracker.js\"></script>"
        "<img src=\"" +
        c +
        "/pixel.png\">"
        "<script>try{new WebSocket('ws://127.0.0.2:" +
        port +
        "/live');}catch(e){}</script>"
        "<script src=\"http://undeclared.render.test:" +
        port +
        "/x.js\"></script>"
        "</body></html>");
  });
  RenderRequest req;
  req.url = pool.url("/kk/");
  req.load_wait = std::chrono::seconds(5);
  auto r = Render(req);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_EQ(canary.accepted(), 0) << "Chromium connected to the undeclared host";
  const PageRequest* script = Find(r->blocked_requests, c + "/tracker.js");
  ASSERT_NE(script, nullptr) << "the blocked script is listed";
  EXPECT_EQ(script->host, "127.0.0.2");
  EXPECT_NE(script->reason.find("not declared"), std::string::npos) << script->reason;
  EXPECT_NE(Find(r->blocked_requests, c + "/pixel.png"), nullptr);
  const PageRequest* name =
      Find(r->blocked_requests, "http://undeclared.render.test:" + port + "/x.js");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->host, "undeclared.render.test");
  EXPECT_GE(r->blocked_total, 3u);
  EXPECT_TRUE(r->allowed_requests.empty());
  EXPECT_FALSE(r->document_refused);
  std::string rules;
  for (const std::string& a : r->argv)
    if (a.rfind("--host-resolver-rules=", 0) == 0) rules = a;
  EXPECT_NE(rules.find("EXCLUDE 127.0.0.1"), std::string::npos) << rules;
  EXPECT_NE(rules.rfind("MAP * ~NOTFOUND"), std::string::npos) << rules;
  EXPECT_EQ(rules.find("EXCLUDE 127.0.0.2,"), std::string::npos) << rules;
}

TEST(RenderGuard, AllowedHostsServeThePagesScriptsAndAreListed) {
  ScriptedHttpServer cdn("127.0.0.5", [](const ScriptedRequest& q) {
    if (q.target == "/by-address.js")
      return Script("document.getElementById('a').textContent='Мекенжай бойынша жүктелді';");
    if (q.target == "/by-name.js")
      return Script("document.documentElement.setAttribute('data-cdn','by-name');");
    return ScriptedHttpServer::Response(404);
  });
  const std::string port = std::to_string(cdn.port());
  ScriptedHttpServer pool("127.0.0.1", [&](const ScriptedRequest&) {
    return ScriptedHttpServer::HtmlPage(
        "<!DOCTYPE html><html lang=\"kk\"><body><p id=\"a\">бос</p>"
        "<script src=\"" +
        cdn.url("/by-address.js") +
        "\"></script>"
        "<script src=\"http://cdn.render.test:" +
        port +
        "/by-name.js\"></script>"
        "</body></html>");
  });
  RenderRequest req;
  req.url = pool.url("/kk/");
  auto r = Render(req, WithResourceHosts());
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_NE(r->dom.find("Мекенжай бойынша жүктелді"), std::string::npos) << r->dom;
  EXPECT_NE(r->dom.find("data-cdn=\"by-name\""), std::string::npos) << r->dom;
  EXPECT_TRUE(r->blocked_requests.empty()) << r->blocked_requests[0].url;
  ASSERT_EQ(r->allowed_requests.size(), 2u);
  const PageRequest* by_address = Find(r->allowed_requests, cdn.url("/by-address.js"));
  ASSERT_NE(by_address, nullptr);
  EXPECT_EQ(by_address->host, "127.0.0.5");
  const PageRequest* by_name =
      Find(r->allowed_requests, "http://cdn.render.test:" + port + "/by-name.js");
  ASSERT_NE(by_name, nullptr);
  EXPECT_NE(by_name->reason.find("ui.allowed_hosts"), std::string::npos) << by_name->reason;
  std::set<std::string> served;
  for (const ScriptedRequest& q : cdn.requests()) served.insert(q.target);
  EXPECT_EQ(served, (std::set<std::string>{"/by-address.js", "/by-name.js"}));
}

// The pool's server answers the harness's own fetch with the page and
// Chromium with a redirect elsewhere: the render is refused, naming it.
void ExpectRenderRedirectRefused(const std::string& to, const std::string& reason_part) {
  ScriptedHttpServer pool("127.0.0.1", [&](const ScriptedRequest& q) {
    if (q.Header("User-Agent").find("Chrome") == std::string::npos)
      return ScriptedHttpServer::HtmlPage(
          "<!DOCTYPE html><html lang=\"kk\"><body><p>Бет</p></body></html>");
    return ScriptedHttpServer::Response(302, "Location: " + to + "\r\n");
  });
  RenderRequest req;
  req.url = pool.url("/kk/");
  auto r = Render(req, WithResourceHosts());
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  ASSERT_TRUE(r->document_refused) << r->error;
  EXPECT_EQ(r->document_refused->from, req.url);
  EXPECT_EQ(r->document_refused->to, to);
  EXPECT_FALSE(r->document_refused->refusal.harness_fault);
  EXPECT_NE(r->document_refused->refusal.reason.find(reason_part), std::string::npos)
      << r->document_refused->refusal.reason;
  EXPECT_NE(r->error.find(to), std::string::npos) << r->error;
  ASSERT_NE(Find(r->blocked_requests, to), nullptr);
}

TEST(RenderGuard, MainDocumentRedirectingOffSiteIsRefused) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  ExpectRenderRedirectRefused(canary.origin() + "/kk/", "not declared");
  EXPECT_EQ(canary.accepted(), 0);
}

TEST(RenderGuard, MainDocumentRedirectingToAnAllowedHostIsRefused) {
  ScriptedHttpServer cdn("127.0.0.5", [](const ScriptedRequest&) {
    return ScriptedHttpServer::HtmlPage("<html><body>not the pool</body></html>");
  });
  ExpectRenderRedirectRefused(cdn.url("/kk/"), "ui.allowed_hosts");
  EXPECT_TRUE(cdn.requests().empty()) << "a CDN is never the pool's page";
}

// The page probe turns the refused render into FetchHttp's evidence.
TEST(RenderGuard, PageProbeRecordsARenderRedirectAsRedirectRefused) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  ScriptedHttpServer pool("127.0.0.1", [&](const ScriptedRequest& q) {
    if (q.Header("User-Agent").find("Chrome") == std::string::npos)
      return ScriptedHttpServer::HtmlPage(
          "<!DOCTYPE html><html lang=\"kk\"><body><p>Бет</p></body></html>");
    return ScriptedHttpServer::Response(302, "Location: " + canary.origin() + "/kk/\r\n");
  });
  PageTarget t;
  t.page = "/";
  t.lang = "kk";
  t.url = pool.url("/kk/");
  t.render = true;
  auto o = RunProbe<Observation>([t](ProbeContext ctx) { return ProbeUiPage(ctx, t); },
                                 std::chrono::seconds(60));
  ASSERT_TRUE(o);
  EXPECT_EQ(canary.accepted(), 0);
  ASSERT_TRUE(o->data.contains("refused")) << o->data.dump();
  EXPECT_EQ(o->data["refused"]["kind"], "redirect_refused");
  EXPECT_EQ(o->data["refused"]["from"], t.url);
  EXPECT_EQ(o->data["refused"]["to"], canary.origin() + "/kk/");
  EXPECT_EQ(o->data["refused"]["host"], "127.0.0.2");
  EXPECT_EQ(o->status, ProbeStatus::kFailed);
  EXPECT_EQ(o->data["render"]["blocked_total"], 1);
  EXPECT_EQ(o->data["rendered"], false);
}

}  // namespace
}  // namespace pooltest
