// The target policy and the harness's own redirect following, against
// scripted servers on loopback: RFC 9110's method rules, the body that never
// goes to another host, credentials dropped on a host change, bounds, and
// refusals that leave no packet.
#include <gtest/gtest.h>

#include "probes/http/http_fetch.h"
#include "tests/web/canary_listener.h"
#include "tests/web/scripted_http_server.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

using testing::CanaryListener;
using testing::ScriptedHttpServer;
using testing::ScriptedRequest;
using Srv = ScriptedHttpServer;

TEST(TargetPolicy, AdmitsDeclaredAndResolvedOnly) {
  TargetPolicy p;
  p.DeclareHost("Pool.Example.KZ.");
  p.DeclareHost("127.0.0.5");
  p.DeclareHost("[0:0::1]");
  p.DeclareHost("unresolved.example.kz");
  p.DeclareHost("gone.example.kz");
  p.AddResolution("pool.example.kz", {"127.0.0.11", "::1", "not-an-address"}, "dns.resolve obs-1");
  p.AddResolution("gone.example.kz", {}, "dns.resolve obs-2", "NXDOMAIN from 127.0.0.1:53");
  p.AddResolution("slow.example.kz", {}, "dns.resolve obs-3", "timed out", true);

  Admission a = p.Admit("POOL.example.kz", 443);
  ASSERT_TRUE(a.admitted) << a.refusal.reason;
  EXPECT_EQ(a.destination.host, "pool.example.kz");
  EXPECT_EQ(a.destination.addresses, (std::vector<std::string>{"127.0.0.11", "::1"}));
  EXPECT_EQ(a.destination.resolved_by, "dns.resolve obs-1");

  EXPECT_TRUE(p.Admit("127.0.0.5", 80).admitted) << "a declared literal";
  EXPECT_TRUE(p.Admit("127.0.0.11", 80).admitted) << "an address a declared name resolved to";
  EXPECT_TRUE(p.Admit("::1", 80).admitted);
  EXPECT_TRUE(p.Admit("[::1]", 80).admitted);

  Admission other = p.Admit("127.0.0.2", 80);
  EXPECT_FALSE(other.admitted);
  EXPECT_FALSE(other.refusal.harness_fault);
  EXPECT_NE(other.refusal.reason.find("not declared"), std::string::npos);

  Admission name = p.Admit("evil.example.com", 80);
  EXPECT_FALSE(name.admitted);
  EXPECT_NE(name.refusal.reason.find("evil.example.com is not declared"), std::string::npos);
  EXPECT_FALSE(p.Admit("pool.example.kz.evil.com", 80).admitted);

  Admission gone = p.Admit("gone.example.kz", 80);
  EXPECT_FALSE(gone.admitted);
  EXPECT_FALSE(gone.refusal.harness_fault) << "NXDOMAIN is the pool's";
  EXPECT_NE(gone.refusal.reason.find("NXDOMAIN"), std::string::npos);

  Admission unresolved = p.Admit("unresolved.example.kz", 80);
  EXPECT_FALSE(unresolved.admitted);
  EXPECT_TRUE(unresolved.refusal.harness_fault);

  EXPECT_FALSE(p.Admit("slow.example.kz", 80).admitted) << "resolved but never declared";
  EXPECT_FALSE(p.Admit("", 80).admitted);
}

// ui.allowed_hosts: admitted for a rendered page's resources, never as the
// pool, and neither are the addresses they resolved to.
TEST(TargetPolicy, ResourceHostsAreNeverThePool) {
  TargetPolicy p;
  p.DeclareHost("pool.example.kz");
  p.DeclareResourceHost("CDN.example.kz");
  p.DeclareResourceHost("127.0.0.5");
  p.AddResolution("pool.example.kz", {"127.0.0.11"}, "dns.resolve obs-1");
  p.AddResolution("cdn.example.kz", {"127.0.0.6"}, "dns.resolve obs-2");

  for (const char* h : {"cdn.example.kz", "127.0.0.5", "127.0.0.6"}) {
    Admission pool = p.Admit(h, 80);
    EXPECT_FALSE(pool.admitted) << h;
    EXPECT_FALSE(pool.refusal.harness_fault) << h;
    EXPECT_NE(pool.refusal.reason.find("ui.allowed_hosts"), std::string::npos)
        << pool.refusal.reason;
    Admission resource = p.Admit(h, 80, Purpose::kPageResource);
    ASSERT_TRUE(resource.admitted) << h << ": " << resource.refusal.reason;
    EXPECT_TRUE(resource.destination.resource_only) << h;
  }
  EXPECT_EQ(p.Admit("cdn.example.kz", 443, Purpose::kPageResource).destination.addresses,
            (std::vector<std::string>{"127.0.0.6"}));
  Admission own = p.Admit("pool.example.kz", 80, Purpose::kPageResource);
  ASSERT_TRUE(own.admitted);
  EXPECT_FALSE(own.destination.resource_only) << "the pool's own host stays the pool's";
  EXPECT_FALSE(p.Admit("sub.cdn.example.kz", 80, Purpose::kPageResource).admitted);
  EXPECT_FALSE(p.Admit("127.0.0.2", 80, Purpose::kPageResource).admitted);

  const TargetPolicy::Reach pool = p.Reachable(Purpose::kPool);
  EXPECT_EQ(pool.addresses, (std::vector<std::string>{"127.0.0.11"}));
  const TargetPolicy::Reach page = p.Reachable(Purpose::kPageResource);
  EXPECT_EQ(page.addresses, (std::vector<std::string>{"127.0.0.11", "127.0.0.5", "127.0.0.6"}));
  ASSERT_EQ(page.names.size(), 2u);
  EXPECT_EQ(page.names[0], (std::pair<std::string, std::string>{"cdn.example.kz", "127.0.0.6"}));
}

// A redirect to a ui.allowed_hosts host is refused like any off-site one:
// a CDN never serves the pool's page.
TEST(FetchHttp, RedirectToAnAllowedResourceHostIsRefused) {
  ScriptedHttpServer cdn("127.0.0.5", [](const ScriptedRequest&) { return Srv::Response(200); });
  ScriptedHttpServer pool("127.0.0.1", [&](const ScriptedRequest&) {
    return Srv::Response(302, "Location: " + cdn.url("/kk/") + "\r\n");
  });
  auto policy = std::make_shared<TargetPolicy>(*TestTargets());
  policy->DeclareResourceHost("127.0.0.5");
  HttpRequest req;
  req.url = pool.url("/kk/");
  auto f = RunProbe<HttpFetch>([req, policy](ProbeContext ctx) {
    ctx.targets = policy;
    return FetchHttp(ctx, req);
  });
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->refused);
  EXPECT_EQ(f->refused->kind, "redirect_refused");
  EXPECT_NE(f->refused->refusal.reason.find("ui.allowed_hosts"), std::string::npos)
      << f->refused->refusal.reason;
  EXPECT_TRUE(cdn.requests().empty());
}

std::shared_ptr<const TargetPolicy> Declaring(std::vector<std::string> hosts) {
  auto p = std::make_shared<TargetPolicy>();
  for (const std::string& h : hosts) p->DeclareHost(h);
  return p;
}

std::optional<HttpFetch> Fetch(HttpRequest req, std::shared_ptr<const TargetPolicy> targets) {
  return RunProbe<HttpFetch>(
      [req, targets](ProbeContext ctx) {
        ctx.targets = targets;
        return FetchHttp(ctx, req);
      },
      std::chrono::seconds(10));
}

std::string Location(const std::string& to) { return "Location: " + to + "\r\n"; }

TEST(HttpFetch, NoPolicyReachesNoOne) {
  CanaryListener canary("127.0.0.1");
  HttpRequest req;
  req.url = canary.origin() + "/";
  auto f = Fetch(req, nullptr);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->response.outcome, HttpOutcome::kRefused);
  ASSERT_TRUE(f->refused);
  EXPECT_EQ(f->refused->kind, "target_refused");
  EXPECT_TRUE(f->refused->refusal.harness_fault);
  EXPECT_EQ(canary.accepted(), 0);
}

TEST(HttpFetch, UndeclaredFirstHostIsRefusedBeforeAPacket) {
  CanaryListener canary("127.0.0.2");
  HttpRequest req;
  req.url = canary.origin() + "/";
  auto f = Fetch(req, Declaring({"127.0.0.1"}));
  ASSERT_TRUE(f && f->refused);
  EXPECT_EQ(f->refused->kind, "target_refused");
  EXPECT_EQ(canary.accepted(), 0);
}

TEST(HttpFetch, SeeOtherTurnsPostIntoGetWithoutBody) {
  Srv srv("127.0.0.1", [](const ScriptedRequest& r) {
    return r.target == "/form" ? Srv::Response(303, Location("/done"))
                               : Srv::Response(200, "", "ok");
  });
  HttpRequest req;
  req.method = "POST";
  req.url = srv.url("/form");
  req.body = R"({"a":1})";
  auto f = Fetch(req, Declaring({"127.0.0.1"}));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->response.outcome, HttpOutcome::kOk) << f->response.error;
  EXPECT_EQ(f->response.status, 200);
  const auto reqs = srv.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].body, R"({"a":1})");
  EXPECT_EQ(reqs[1].method, "GET");
  EXPECT_EQ(reqs[1].target, "/done");
  EXPECT_EQ(reqs[1].body, "");
  ASSERT_EQ(f->hops.size(), 2u);
  EXPECT_EQ(f->hops[0]["status"], 303);
  EXPECT_EQ(f->hops[0]["location"], "/done");
  EXPECT_EQ(f->hops[1]["method"], "GET");
  EXPECT_EQ(f->served_by, "127.0.0.1");
}

TEST(HttpFetch, FoundTurnsPostIntoGetButKeepsPut) {
  for (const std::string method : {"POST", "PUT"}) {
    Srv srv("127.0.0.1", [](const ScriptedRequest& r) {
      return r.target == "/a" ? Srv::Response(302, Location("/b")) : Srv::Response(200);
    });
    HttpRequest req;
    req.method = method;
    req.url = srv.url("/a");
    req.body = "x=1";
    auto f = Fetch(req, Declaring({"127.0.0.1"}));
    ASSERT_TRUE(f);
    const auto reqs = srv.requests();
    ASSERT_EQ(reqs.size(), 2u) << method;
    EXPECT_EQ(reqs[1].method, method == "POST" ? "GET" : "PUT");
    EXPECT_EQ(reqs[1].body, method == "POST" ? "" : "x=1");
  }
}

TEST(HttpFetch, TemporaryAndPermanentRedirectsKeepMethodAndBodyOnTheSameHost) {
  for (int status : {307, 308}) {
    Srv srv("127.0.0.1", [status](const ScriptedRequest& r) {
      return r.target == "/a" ? Srv::Response(status, Location("/b")) : Srv::Response(201);
    });
    HttpRequest req;
    req.method = "POST";
    req.url = srv.url("/a");
    req.body = "ticket";
    auto f = Fetch(req, Declaring({"127.0.0.1"}));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->response.status, 201);
    const auto reqs = srv.requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[1].method, "POST");
    EXPECT_EQ(reqs[1].body, "ticket");
  }
}

TEST(HttpFetch, BodyNeverGoesToAnotherHostEvenADeclaredOne) {
  Srv other("127.0.0.3", [](const ScriptedRequest&) { return Srv::Response(201); });
  const std::string to = other.url("/tickets");
  Srv first("127.0.0.1", [to](const ScriptedRequest&) { return Srv::Response(307, Location(to)); });
  HttpRequest req;
  req.method = "POST";
  req.url = first.url("/tickets");
  req.body = "the lab's ticket";
  auto f = Fetch(req, Declaring({"127.0.0.1", "127.0.0.3"}));
  ASSERT_TRUE(f && f->refused);
  EXPECT_EQ(f->refused->kind, "body_to_other_host");
  EXPECT_EQ(f->response.status, 307) << "the last answer fetched stays visible";
  EXPECT_TRUE(other.requests().empty());
}

TEST(HttpFetch, CredentialsAreDroppedWhenTheHostChanges) {
  Srv other("127.0.0.3", [](const ScriptedRequest&) { return Srv::Response(200); });
  const std::string to = other.url("/b");
  Srv first("127.0.0.1", [to](const ScriptedRequest&) { return Srv::Response(302, Location(to)); });
  HttpRequest req;
  req.url = first.url("/a");
  req.headers = {{"Authorization", "Bearer secret"}, {"Cookie", "lang=kk"}, {"X-Keep", "1"}};
  auto f = Fetch(req, Declaring({"127.0.0.1", "127.0.0.3"}));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->response.status, 200);
  ASSERT_EQ(first.requests().size(), 1u);
  EXPECT_EQ(first.requests()[0].Header("Authorization"), "Bearer secret");
  ASSERT_EQ(other.requests().size(), 1u);
  EXPECT_EQ(other.requests()[0].Header("Authorization"), "");
  EXPECT_EQ(other.requests()[0].Header("Cookie"), "");
  EXPECT_EQ(other.requests()[0].Header("X-Keep"), "1");
  EXPECT_EQ(f->served_by, "127.0.0.3");
}

TEST(HttpFetch, HopsAreBoundedAndLoopsNamed) {
  Srv chain("127.0.0.1", [](const ScriptedRequest& r) {
    const int n = std::stoi(r.target.substr(1));
    return Srv::Response(302, Location("/" + std::to_string(n + 1)));
  });
  HttpRequest req;
  req.url = chain.url("/0");
  req.max_redirects = 3;
  auto f = Fetch(req, Declaring({"127.0.0.1"}));
  ASSERT_TRUE(f && f->refused);
  EXPECT_EQ(f->refused->kind, "too_many_redirects");
  EXPECT_EQ(chain.requests().size(), 4u) << "the first request and three redirects";

  Srv loop("127.0.0.1", [](const ScriptedRequest& r) {
    return Srv::Response(302, Location(r.target == "/a" ? "/b" : "/a"));
  });
  req.url = loop.url("/a");
  req.max_redirects = 10;
  f = Fetch(req, Declaring({"127.0.0.1"}));
  ASSERT_TRUE(f && f->refused);
  EXPECT_EQ(f->refused->kind, "redirect_loop");
  EXPECT_NE(f->refused->refusal.reason.find("/a"), std::string::npos);
  EXPECT_EQ(loop.requests().size(), 2u);
}

TEST(HttpFetch, OnlyHttpSchemesAreFollowed) {
  Srv srv("127.0.0.1", [](const ScriptedRequest&) {
    return Srv::Response(302, Location("file:///etc/passwd"));
  });
  HttpRequest req;
  req.url = srv.url("/");
  auto f = Fetch(req, Declaring({"127.0.0.1"}));
  ASSERT_TRUE(f && f->refused);
  EXPECT_EQ(f->refused->kind, "redirect_scheme");
}

TEST(HttpFetch, NoRedirectsWhenNoneAreAllowed) {
  Srv srv("127.0.0.1", [](const ScriptedRequest&) { return Srv::Response(302, Location("/x")); });
  HttpRequest req;
  req.url = srv.url("/");
  req.max_redirects = 0;
  auto f = Fetch(req, Declaring({"127.0.0.1"}));
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->refused);
  EXPECT_EQ(f->response.status, 302);
  EXPECT_EQ(srv.requests().size(), 1u);
}

// A name is connected to the addresses the policy holds for it, never to
// what the machine's resolver says ("localhost" would be 127.0.0.1 there).
TEST(HttpFetch, NamesGoToThePolicysAddresses) {
  Srv srv("127.0.0.4",
          [](const ScriptedRequest& r) { return Srv::Response(200, "", r.Header("Host")); });
  auto p = std::make_shared<TargetPolicy>();
  p->DeclareHost("localhost");
  p->AddResolution("localhost", {"127.0.0.4"}, "test resolution");
  HttpRequest req;
  req.url = "http://localhost:" + std::to_string(srv.port()) + "/";
  auto f = Fetch(req, p);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->response.outcome, HttpOutcome::kOk) << f->response.error;
  EXPECT_EQ(f->response.body, "localhost:" + std::to_string(srv.port()));
  EXPECT_EQ(f->served_by, "127.0.0.4");
  EXPECT_EQ(f->hops[0]["resolved_by"], "test resolution");
}

}  // namespace
}  // namespace pooltest
