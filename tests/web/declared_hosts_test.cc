// Only declared hosts, reached through the scenario's own resolution, end to
// end: a scenario is planned, resolved (dnsmasq started here where names are
// used), and probed against the reference pool's web server on loopback,
// through the same phases as `pooltest run`; R4.6 and R4.5 are judged. A
// hostile pool's redirects point at a canary listener that must accept zero
// connections; rendered with Chromium, its pages' scripts from undeclared
// hosts are blocked, those from ui.allowed_hosts (resolved through the
// scenario's DNS) are loaded, and a page that redirects only Chromium
// off-site is not served.
#include <sys/socket.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "checks/support_check.h"
#include "checks/ui_languages_check.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/plan.h"
#include "harness/runner/probing_phase.h"
#include "harness/runner/runner.h"
#include "refpool/web/ui_pages.h"
#include "tests/dns/dnsmasq_server.h"
#include "tests/web/canary_listener.h"
#include "tests/web/scripted_http_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::CanaryListener;
using testing::DnsmasqServer;
using testing::ScriptedHttpServer;
using testing::ScriptedRequest;
using M = LanguageVariant::Method;

struct Outcome {
  CheckResult ui, support;
  std::vector<Observation> observations;

  std::vector<const Observation*> Of(const std::string& probe) const {
    std::vector<const Observation*> out;
    for (const Observation& o : observations)
      if (o.probe == probe) out.push_back(&o);
    return out;
  }
};

std::string Origin(const std::string& host, uint16_t port) {
  return "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

// A scenario of a UI at `ui_origin` (kk/ru/en by path prefix, pages "/" and
// "/help") and, when `desk_origin` is given, a ticket API there.
Scenario MakeScenario(const std::string& ui_origin, const std::string& desk_origin = "") {
  Scenario sc;
  WebUi ui;
  ui.base_url = ui_origin + "/";
  ui.pages = {"/", "/help"};
  ui.languages = {{"kk", M::kPathPrefix, "/kk", {}},
                  {"ru", M::kPathPrefix, "/ru", {}},
                  {"en", M::kPathPrefix, "/en", {}}};
  sc.ui = ui;
  if (!desk_origin.empty()) {
    SupportChannel ch;
    ch.name = "web-desk";
    ch.kind = SupportChannel::Kind::kTicketApi;
    ch.ticket.create_url = desk_origin + "/api/support/tickets";
    ch.ticket.create_body = R"({"subject": "{{subject}}", "message": "{{message}}"})";
    ch.ticket.ticket_id_pointer = "/id";
    ch.ticket.poll_url = desk_origin + "/api/support/tickets/{{ticket_id}}";
    ch.ticket.reply_pointer = "/replies";
    ch.ticket.auto_reply_pattern = "has been received|қабылданды|получено";
    sc.support.push_back(ch);
  }
  sc.thresholds.probe_timeout = 10s;
  sc.thresholds.support_probe_window = 4s;
  sc.dns.timeout = 300ms;
  sc.dns.tries = 1;
  return sc;
}

class DeclaredHosts : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ec;
    for (const fs::path& d : dirs_) fs::remove_all(d, ec);
  }

  // The phases of `pooltest run`: resolution, the target policy, probing.
  Outcome Run(const Scenario& sc) {
    std::string tmpl = (fs::temp_directory_path() / "pooltest-declared-XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    dirs_.push_back(tmpl);
    Result<EvidenceStore> store = EvidenceStore::Create(tmpl);
    EXPECT_TRUE(store.ok());
    RunOptions ro;
    ro.concurrency = 6;
    ro.probe_timeout = sc.thresholds.probe_timeout;
    ro.run_deadline = std::chrono::steady_clock::now() + 90s;
    ro.handle_signals = false;
    ro.evidence_dir = tmpl;
    {
      Runner runner(ro, *store);
      EXPECT_TRUE(runner.Execute(PlanResolution(sc)));
      runner.SetTargets(TargetsFromResolution(sc, store->observations()));
      ExecuteProbing(runner, *store, sc, AddressesFrom(store->observations()), RunResources{});
    }
    Outcome out;
    out.observations = store->observations();
    out.ui = CheckUiLanguages({sc, out.observations});
    out.support = CheckSupport({sc, out.observations});
    return out;
  }

  std::vector<fs::path> dirs_;
};

bool Mentions(const CheckResult& r, const std::string& part) {
  return r.summary.find(part) != std::string::npos ||
         r.figures.dump().find(part) != std::string::npos;
}

// Every UI page answers 302 to an undeclared host: nothing is fetched there,
// each variant counts as not served, R4.6 fails naming the redirect.
void ExpectUiRedirectRefused(const Outcome& o, const CanaryListener& canary) {
  EXPECT_EQ(canary.accepted(), 0) << "the undeclared host was contacted";
  EXPECT_EQ(o.ui.verdict, Verdict::kFail) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, "redirect")) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, "not declared")) << o.ui.summary;
  const auto pages = o.Of("ui.page");
  ASSERT_EQ(pages.size(), 6u);
  for (const Observation* p : pages) {
    ASSERT_TRUE(p->data.contains("refused")) << p->data.dump();
    EXPECT_EQ(p->data["refused"]["kind"], "redirect_refused");
    EXPECT_EQ(p->data["refused"]["to"].get<std::string>().rfind(canary.origin(), 0), 0u)
        << p->data["refused"].dump();
    ASSERT_EQ(p->data["hops"].size(), 2u) << "the redirect answer, then the refused hop";
    EXPECT_EQ(p->data["hops"][0]["status"], 302);
    EXPECT_TRUE(p->data["hops"][1].contains("refused"));
  }
}

TEST_F(DeclaredHosts, UiRedirectToAnUndeclaredIpv4HostIsNotFollowed) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  UiBehaviour ui;
  ui.redirect_to = canary.origin();
  TestWebServer pool(ui);
  ASSERT_TRUE(pool.ok()) << pool.error();
  ExpectUiRedirectRefused(Run(MakeScenario(Origin("127.0.0.1", pool.port()))), canary);
}

TEST_F(DeclaredHosts, UiRedirectToAnUndeclaredIpv6HostIsNotFollowed) {
  CanaryListener canary("::1");
  ASSERT_TRUE(canary.ok()) << "IPv6 loopback is needed for this test";
  UiBehaviour ui;
  ui.redirect_to = canary.origin();
  TestWebServer pool(ui);
  ASSERT_TRUE(pool.ok()) << pool.error();
  ExpectUiRedirectRefused(Run(MakeScenario(Origin("127.0.0.1", pool.port()))), canary);
}

TEST_F(DeclaredHosts, UiOnIpv6RedirectingToAnUndeclaredIpv4HostIsNotFollowed) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  UiBehaviour ui;
  ui.redirect_to = canary.origin();
  TestWebServer pool(ui, {}, {}, "::1");
  ASSERT_TRUE(pool.ok()) << pool.error();
  ExpectUiRedirectRefused(Run(MakeScenario(Origin("::1", pool.port()))), canary);
}

TEST_F(DeclaredHosts, RedirectLoopIsNamedAndFails) {
  UiBehaviour ui;
  ui.redirect_loop = true;
  TestWebServer pool(ui);
  ASSERT_TRUE(pool.ok()) << pool.error();
  Outcome o = Run(MakeScenario(Origin("127.0.0.1", pool.port())));
  EXPECT_EQ(o.ui.verdict, Verdict::kFail) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, "redirect loop")) << o.ui.summary;
  for (const Observation* p : o.Of("ui.page")) {
    ASSERT_TRUE(p->data.contains("refused")) << p->data.dump();
    EXPECT_EQ(p->data["refused"]["kind"], "redirect_loop");
  }
}

// A chain that stays among declared hosts is followed: the UI's host
// redirects to a second host the scenario declares (its ticket API host),
// whose pages are good.
TEST_F(DeclaredHosts, RedirectChainAmongDeclaredHostsIsFollowed) {
  TestWebServer second(UiBehaviour{}, {}, {}, "127.0.0.3");
  ASSERT_TRUE(second.ok()) << second.error();
  UiBehaviour first_ui;
  first_ui.redirect_to = Origin("127.0.0.3", second.port());
  TestWebServer first(first_ui);
  ASSERT_TRUE(first.ok()) << first.error();
  Outcome o =
      Run(MakeScenario(Origin("127.0.0.1", first.port()), Origin("127.0.0.3", second.port())));
  EXPECT_EQ(o.ui.verdict, Verdict::kPass) << o.ui.summary;
  for (const Observation* p : o.Of("ui.page")) {
    EXPECT_FALSE(p->data.contains("refused")) << p->data.dump();
    ASSERT_GE(p->data["hops"].size(), 2u) << p->data.dump();
    EXPECT_EQ(p->data["hops"][0]["address"], "127.0.0.1");
    EXPECT_EQ(p->data["hops"][1]["address"], "127.0.0.3");
    EXPECT_EQ(p->data["served_by"], "127.0.0.3");
  }
}

TEST_F(DeclaredHosts, TicketCreateRedirectedToAnUndeclaredHostIsNeverSent) {
  for (const std::string canary_host : {"127.0.0.2", "::1"}) {
    CanaryListener canary(canary_host);
    ASSERT_TRUE(canary.ok());
    SupportBehaviour desk;
    desk.create_redirect_to = canary.origin();
    TestWebServer pool(UiBehaviour{}, desk);
    ASSERT_TRUE(pool.ok()) << pool.error();
    const std::string origin = Origin("127.0.0.1", pool.port());
    Outcome o = Run(MakeScenario(origin, origin));
    EXPECT_EQ(canary.accepted(), 0) << canary_host << ": the lab's ticket went off-site";
    EXPECT_EQ(o.support.verdict, Verdict::kFail) << o.support.summary;
    EXPECT_TRUE(Mentions(o.support, "not declared")) << o.support.summary;
    const auto tickets = o.Of("support.ticket");
    ASSERT_EQ(tickets.size(), 1u);
    EXPECT_EQ(tickets[0]->data["created"], false);
    EXPECT_EQ(tickets[0]->data["refused"]["kind"], "redirect_refused") << tickets[0]->data.dump();
  }
}

TEST_F(DeclaredHosts, TicketPollRedirectedToAnUndeclaredHostIsNotFollowed) {
  for (const std::string canary_host : {"127.0.0.2", "::1"}) {
    CanaryListener canary(canary_host);
    ASSERT_TRUE(canary.ok());
    SupportBehaviour desk;
    desk.poll_redirect_to = canary.origin();
    desk.reply_delay = 200ms;
    TestWebServer pool(UiBehaviour{}, desk);
    ASSERT_TRUE(pool.ok()) << pool.error();
    const std::string origin = Origin("127.0.0.1", pool.port());
    Outcome o = Run(MakeScenario(origin, origin));
    EXPECT_EQ(canary.accepted(), 0) << canary_host << ": a poll went off-site";
    EXPECT_NE(o.support.verdict, Verdict::kPass) << o.support.summary;
    const auto tickets = o.Of("support.ticket");
    ASSERT_EQ(tickets.size(), 1u);
    EXPECT_EQ(tickets[0]->data["created"], true);
    EXPECT_FALSE(tickets[0]->data["first_human_reply_ms"].is_number())
        << "no reply can have been read off-site";
    EXPECT_EQ(tickets[0]->data["refused"]["kind"], "redirect_refused") << tickets[0]->data.dump();
  }
}

// Host names only the scenario's DNS knows: the UI and the desk behave as
// they do by address, and the evidence names the addresses used.
TEST_F(DeclaredHosts, NamesOnlyTheScenariosDnsKnowsAreReachedThroughIt) {
  SupportBehaviour desk;
  desk.reply_delay = 200ms;
  TestWebServer pool(UiBehaviour{}, desk);
  ASSERT_TRUE(pool.ok()) << pool.error();
  DnsmasqServer dns("127.0.0.1 ui.pool.test\n127.0.0.1 desk.pool.test\n", "pool.test");
  ASSERT_TRUE(dns.started()) << dns.error();

  Scenario by_address =
      MakeScenario(Origin("127.0.0.1", pool.port()), Origin("127.0.0.1", pool.port()));
  Scenario by_name =
      MakeScenario(Origin("ui.pool.test", pool.port()), Origin("desk.pool.test", pool.port()));
  by_name.dns.servers = {{"127.0.0.1", dns.port()}};

  Outcome a = Run(by_address);
  Outcome n = Run(by_name);
  EXPECT_EQ(a.ui.verdict, Verdict::kPass) << a.ui.summary;
  EXPECT_EQ(n.ui.verdict, a.ui.verdict) << n.ui.summary;
  EXPECT_EQ(n.support.verdict, a.support.verdict)
      << n.support.summary << " / " << a.support.summary;
  ASSERT_EQ(n.Of("support.ticket").size(), 1u);
  const Observation& ticket = *n.Of("support.ticket")[0];
  EXPECT_EQ(ticket.data["created"], true) << ticket.detail;
  EXPECT_TRUE(ticket.data["first_human_reply_ms"].is_number()) << ticket.data.dump();
  EXPECT_EQ(ticket.data["served_by"], "127.0.0.1");
  std::set<std::string> resolved;
  for (const Observation* r : n.Of("dns.resolve")) {
    EXPECT_EQ(r->status, ProbeStatus::kOk) << r->target << ": " << r->detail;
    resolved.insert(r->target);
  }
  EXPECT_EQ(resolved, (std::set<std::string>{"desk.pool.test", "ui.pool.test"}));
  for (const Observation* p : n.Of("ui.page")) {
    EXPECT_EQ(p->data["served_by"], "127.0.0.1") << p->data.dump();
    EXPECT_NE(p->data["hops"][0]["resolved_by"].get<std::string>().find("dns.resolve"),
              std::string::npos);
  }
}

// A DNS server that reads and never answers: the lab's resolver timing out
// is the harness's trouble, never the pool's.
TEST_F(DeclaredHosts, LabResolverTimeoutIsInconclusiveNotFail) {
  int silent = socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(silent, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(silent, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  socklen_t len = sizeof sa;
  getsockname(silent, reinterpret_cast<sockaddr*>(&sa), &len);
  Scenario sc = MakeScenario("http://ui.pool.test:8080", "http://desk.pool.test:8080");
  sc.dns.servers = {{"127.0.0.1", ntohs(sa.sin_port)}};
  Outcome o = Run(sc);
  close(silent);
  EXPECT_EQ(o.ui.verdict, Verdict::kInconclusive) << o.ui.summary;
  EXPECT_EQ(o.support.verdict, Verdict::kInconclusive) << o.support.summary;
  EXPECT_TRUE(Mentions(o.ui, "not the pool's fault")) << o.ui.summary;
  for (const Observation* r : o.Of("dns.resolve")) EXPECT_EQ(r->status, ProbeStatus::kTimeout);
}

// NXDOMAIN for a declared host is the pool's: R4.6 fails naming the host.
TEST_F(DeclaredHosts, NxdomainForTheUiHostFails) {
  DnsmasqServer dns("127.0.0.1 desk.pool.test\n", "pool.test");
  ASSERT_TRUE(dns.started()) << dns.error();
  Scenario sc = MakeScenario("http://ui.pool.test:8080");
  sc.dns.servers = {{"127.0.0.1", dns.port()}};
  Outcome o = Run(sc);
  EXPECT_EQ(o.ui.verdict, Verdict::kFail) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, "ui.pool.test")) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, "NXDOMAIN")) << o.ui.summary;
}

// The reference pool's pages as its server answers them, with `extra`
// put before </body>.
std::string ReferencePage(const ScriptedRequest& q, const std::string& extra) {
  const UiPageResponse page = RenderUiPage(UiBehaviour{}, q.target.substr(0, q.target.find('?')));
  std::string body = page.body;
  if (const size_t end = body.rfind("</body>"); end != std::string::npos) body.insert(end, extra);
  std::string head = "HTTP/1.1 " + std::to_string(page.status) + " X\r\n";
  if (!page.location.empty()) head += "Location: " + page.location + "\r\n";
  return head + "Content-Type: " +
         (page.content_type.empty() ? std::string("text/html") : page.content_type) +
         "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body;
}

// A rendered scenario of one page ("/") in three languages.
Scenario RenderedScenario(const std::string& ui_origin) {
  Scenario sc = MakeScenario(ui_origin);
  sc.ui->pages = {"/"};
  sc.ui->render = true;
  sc.thresholds.probe_timeout = 60s;
  return sc;
}

// The pool's pages load a tracker from an undeclared address and a script
// from its CDN, a name only the scenario's DNS knows, declared in
// ui.allowed_hosts: the tracker is never contacted and is listed; the CDN
// is resolved in the resolution phase, serves the script, which runs, and
// is listed as allowed; the pool's own text passes R4.6.
TEST_F(DeclaredHosts, RenderedPagesReachOnlyDeclaredAndAllowedHosts) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  ScriptedHttpServer cdn("127.0.0.5", [](const ScriptedRequest& q) {
    if (q.target != "/app.js") return ScriptedHttpServer::Response(404);
    const std::string js = "document.documentElement.setAttribute('data-cdn','loaded');";
    return "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\nConnection: "
           "close\r\nContent-Length: " +
           std::to_string(js.size()) + "\r\n\r\n" + js;
  });
  const std::string cdn_origin = Origin("cdn.pool.test", cdn.port());
  const std::string extra = "<script src=\"" + canary.origin() + "/tracker.js\"></script>" +
                            "<script src=\"" + cdn_origin + "/app.js\"></script>";
  ScriptedHttpServer pool("127.0.0.1",
                          [&](const ScriptedRequest& q) { return ReferencePage(q, extra); });
  DnsmasqServer dns("127.0.0.5 cdn.pool.test\n", "pool.test");
  ASSERT_TRUE(dns.started()) << dns.error();
  Scenario sc = RenderedScenario(Origin("127.0.0.1", pool.port()));
  sc.ui->allowed_hosts = {"cdn.pool.test"};
  sc.dns.servers = {{"127.0.0.1", dns.port()}};

  Outcome o = Run(sc);
  EXPECT_EQ(canary.accepted(), 0) << "Chromium contacted the undeclared host";
  EXPECT_EQ(o.ui.verdict, Verdict::kPass) << o.ui.summary;
  const auto resolved = o.Of("dns.resolve");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0]->target, "cdn.pool.test");
  EXPECT_EQ(resolved[0]->status, ProbeStatus::kOk) << resolved[0]->detail;
  const auto pages = o.Of("ui.page");
  ASSERT_EQ(pages.size(), 3u);
  for (const Observation* p : pages) {
    ASSERT_EQ(p->data.value("rendered", false), true) << p->detail;
    const json& r = p->data["render"];
    bool tracker_listed = false;
    for (const json& b : r["blocked_requests"])
      tracker_listed |= b["url"] == canary.origin() + "/tracker.js" && b["host"] == "127.0.0.2";
    EXPECT_TRUE(tracker_listed) << r["blocked_requests"].dump();
    ASSERT_EQ(r["allowed_requests"].size(), 1u) << r["allowed_requests"].dump();
    EXPECT_EQ(r["allowed_requests"][0]["url"], cdn_origin + "/app.js");
    EXPECT_EQ(r["allowed_requests"][0]["host"], "cdn.pool.test");
    EXPECT_NE(r["allowed_requests"][0]["via"].get<std::string>().find("dns.resolve"),
              std::string::npos);
    std::ifstream dom(fs::path(dirs_.back()) / r["dom_file"].get<std::string>());
    const std::string html((std::istreambuf_iterator<char>(dom)), {});
    EXPECT_NE(html.find("data-cdn=\"loaded\""), std::string::npos) << "the CDN's script ran";
  }
  size_t fetched = 0;
  for (const ScriptedRequest& q : cdn.requests()) fetched += q.target == "/app.js";
  EXPECT_EQ(fetched, 3u) << "one fetch of the script per rendered page";
}

// The pool answers the harness's own fetch with its page and Chromium with
// a redirect off-site: each variant counts as not served, R4.6 fails
// naming the redirect, and nothing reaches the other host.
TEST_F(DeclaredHosts, RenderedPageRedirectingOffSiteIsNotServed) {
  CanaryListener canary("127.0.0.2");
  ASSERT_TRUE(canary.ok());
  ScriptedHttpServer pool("127.0.0.1", [&](const ScriptedRequest& q) {
    if (q.Header("User-Agent").find("Chrome") == std::string::npos) return ReferencePage(q, "");
    return ScriptedHttpServer::Response(302, "Location: " + canary.origin() + q.target + "\r\n");
  });
  Outcome o = Run(RenderedScenario(Origin("127.0.0.1", pool.port())));
  EXPECT_EQ(canary.accepted(), 0);
  EXPECT_EQ(o.ui.verdict, Verdict::kFail) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, "redirect")) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, canary.origin())) << o.ui.summary;
  const auto pages = o.Of("ui.page");
  ASSERT_EQ(pages.size(), 3u);
  for (const Observation* p : pages) {
    ASSERT_TRUE(p->data.contains("refused")) << p->data.dump();
    EXPECT_EQ(p->data["refused"]["kind"], "redirect_refused");
    EXPECT_EQ(p->data["refused"]["from"], p->target);
    EXPECT_EQ(p->data["refused"]["to"].get<std::string>().rfind(canary.origin(), 0), 0u);
  }
}

// ui.allowed_hosts never makes a host the pool's: a page redirecting to the
// CDN is refused by the harness's own fetch, and the CDN sees nothing.
TEST_F(DeclaredHosts, RedirectToAnAllowedHostIsNotFollowed) {
  ScriptedHttpServer cdn("127.0.0.5",
                         [](const ScriptedRequest& q) { return ReferencePage(q, ""); });
  UiBehaviour ui;
  ui.redirect_to = cdn.origin();
  TestWebServer pool(ui);
  ASSERT_TRUE(pool.ok()) << pool.error();
  Scenario sc = MakeScenario(Origin("127.0.0.1", pool.port()));
  sc.ui->allowed_hosts = {"127.0.0.5"};
  Outcome o = Run(sc);
  EXPECT_TRUE(cdn.requests().empty());
  EXPECT_EQ(o.ui.verdict, Verdict::kFail) << o.ui.summary;
  EXPECT_TRUE(Mentions(o.ui, "ui.allowed_hosts")) << o.ui.summary;
  for (const Observation* p : o.Of("ui.page")) {
    ASSERT_TRUE(p->data.contains("refused")) << p->data.dump();
    EXPECT_EQ(p->data["refused"]["kind"], "redirect_refused");
  }
}

}  // namespace
}  // namespace pooltest
