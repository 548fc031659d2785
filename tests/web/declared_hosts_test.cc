// Only declared hosts, reached through the scenario's own resolution, end to
// end: a scenario is planned, resolved (dnsmasq started here where names are
// used), and probed against the reference pool's web server on loopback,
// through the same phases as `pooltest run`; R4.6 and R4.5 are judged. A
// hostile pool's redirects point at a canary listener that must accept zero
// connections.
#include <sys/socket.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "checks/support_check.h"
#include "checks/ui_languages_check.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/plan.h"
#include "harness/runner/probing_phase.h"
#include "harness/runner/runner.h"
#include "tests/dns/dnsmasq_server.h"
#include "tests/web/canary_listener.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::CanaryListener;
using testing::DnsmasqServer;
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

}  // namespace
}  // namespace pooltest
