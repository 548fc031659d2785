// The verdict branches no other test reaches, one test each: the verdict,
// the finding key and the arguments that decide it. Built from a good
// pool's evidence with the one fact of the branch changed.
#include <gtest/gtest.h>

#include <functional>

#include "check_fixtures.h"
#include "checks/all_checks.h"
#include "checks/backup_site_check.h"
#include "checks/channels_check.h"
#include "checks/documents_check.h"
#include "checks/location_check.h"
#include "checks/support_campaign_binding.h"
#include "checks/support_check.h"
#include "checks/ui_languages_check.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::ExpectFinding;
using testing::TwoSiteScenario;

using Edit = std::function<void(std::vector<Observation>&)>;

// A good pool's evidence for `sc`, changed by `edit`.
std::vector<Observation> GoodPool(const Scenario& sc, const Edit& edit = nullptr) {
  Evidence ev;
  ev.AddGoodPool(sc);
  std::vector<Observation> obs = ev.all();
  if (edit) edit(obs);
  return obs;
}

// Every observation of `probe` (at `target`, when given) through `f`.
Edit Each(const std::string& probe, const std::string& target,
          const std::function<void(Observation&)>& f) {
  return [probe, target, f](std::vector<Observation>& obs) {
    for (Observation& o : obs)
      if (o.probe == probe && (target.empty() || o.target == target)) f(o);
  };
}

Edit Drop(const std::string& probe, const std::string& site = "") {
  return [probe, site](std::vector<Observation>& obs) {
    std::erase_if(obs, [&](const Observation& o) {
      return o.probe == probe && (site.empty() || o.site == site);
    });
  };
}

Observation Extra(const std::string& probe, const std::string& target, ProbeStatus status,
                  nlohmann::json data, const std::string& site = "") {
  Observation o;
  o.id = "obs-extra-" + probe;
  o.probe = probe;
  o.target = target;
  o.site = site;
  o.status = status;
  o.detail = "as the test says";
  o.data = std::move(data);
  return o;
}

CheckResult Primary(const Scenario& sc, const std::vector<Observation>& obs) {
  return CheckChannels({sc, obs}).at(0);
}
CheckResult Backup(const Scenario& sc, const std::vector<Observation>& obs) {
  return CheckBackupSites({sc, obs}).at(0);
}

// ---- the harness ----

TEST(FindingBranches, UnknownFindingIsAHarnessError) {
  CheckResult r;
  Decide(r, "R4.9.no_such_outcome");
  ExpectFinding(r, Verdict::kError, "check.unknown_finding", {{"finding", "R4.9.no_such_outcome"}});
}

// ---- R4.1 ----

TEST(FindingBranches, R41GeolocationDatabaseThatCouldNotBeOpened) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs = GoodPool(sc);
  obs.push_back(Extra("geo.open", "geo-a.mmdb", ProbeStatus::kError, {}));
  ExpectFinding(CheckLocation({sc, obs}), Verdict::kInconclusive, "R4.1.database_open_failed",
                {{"evidence", "obs-extra-geo.open"}});
}

TEST(FindingBranches, R41NoAddressLookedUp) {
  Scenario sc = TwoSiteScenario();
  ExpectFinding(CheckLocation({sc, GoodPool(sc, Drop("geo.lookup"))}), Verdict::kInconclusive,
                "R4.1.no_address");
}

TEST(FindingBranches, R41ALookupThatFailed) {
  Scenario sc = TwoSiteScenario();
  CheckResult r =
      CheckLocation({sc, GoodPool(sc, Each("geo.lookup", "127.0.0.21", [](Observation& o) {
                                    o.status = ProbeStatus::kError;
                                  }))});
  ExpectFinding(r, Verdict::kInconclusive, "R4.1.unsettled", {{"count", 1}});
  ExpectFinding(r, Verdict::kInconclusive, "R4.1.part.unsettled",
                {{"address", "127.0.0.21"}, {"site", "backup"}});
  ExpectFinding(r, Verdict::kInconclusive, "R4.1.reason.lookup_failed");
}

// ---- R4.2, R4.7 ----

TEST(FindingBranches, R47LetterChangedOrUnreadable) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs = {
      Extra("document.hash", "letter.pdf", ProbeStatus::kOk,
            {{"clause", "R4.7"}, {"matches_declared", false}, {"reference", "No. 7"}})};
  ExpectFinding(CheckDocuments({sc, obs})[1], Verdict::kFail, "R4.7.changed",
                {{"document", "No. 7"}});
  obs[0].status = ProbeStatus::kError;
  ExpectFinding(CheckDocuments({sc, obs})[1], Verdict::kInconclusive, "R4.7.unreadable",
                {{"file", "letter.pdf"}, {"detail", "as the test says"}});
}

// ---- R4.3 ----

TEST(FindingBranches, R43WithoutAPrimarySite) {
  Scenario sc = TwoSiteScenario();
  sc.sites.erase(sc.sites.begin());
  ExpectFinding(Backup(sc, GoodPool(TwoSiteScenario())), Verdict::kError, "R4.3.no_primary");
}

TEST(FindingBranches, R43BackupNeverProbed) {
  Scenario sc = TwoSiteScenario();
  ExpectFinding(Backup(sc, GoodPool(sc, Drop("stratum.handshake", "backup"))),
                Verdict::kInconclusive, "R4.3.not_probed", {{"site", "backup"}});
}

TEST(FindingBranches, R43PrimaryInACityMissingFromTheGazetteer) {
  Scenario sc = TwoSiteScenario();
  CheckResult r = Backup(sc, GoodPool(sc, Each("gazetteer.load", "", [](Observation& o) {
                                        o.data["gazetteer"] = {{"settlements",
                                                                {{{"id", "almaty"},
                                                                  {"name", "Almaty"},
                                                                  {"kind", "republican"},
                                                                  {"latitude", 43.25},
                                                                  {"longitude", 76.93}}}}};
                                      })));
  ExpectFinding(r, Verdict::kInconclusive, "R4.3.primary_not_in_gazetteer", {{"city", "Astana"}});
}

TEST(FindingBranches, R43BackupAddressesInTwoCities) {
  Scenario sc = TwoSiteScenario();
  CheckResult r = Backup(sc, GoodPool(sc, Each("geo.lookup", "127.0.0.22", [](Observation& o) {
                                        o.data["city"] = "Karaganda";
                                      })));
  ExpectFinding(r, Verdict::kInconclusive, "R4.3.settlement_open");
  ExpectFinding(r, Verdict::kInconclusive, "R4.3.reason.cities_differ");
}

TEST(FindingBranches, R43DatabasesDisagreeAndOneHasNoCity) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs = GoodPool(sc);
  Observation second = obs.back();
  for (const Observation& o : obs)
    if (o.probe == "geo.lookup" && o.target == "127.0.0.21") second = o;
  second.id = "obs-geo-b";
  second.data = {{"database", "geo-b"}, {"found", true}, {"country", "KZ"}, {"city", nullptr}};
  obs.push_back(second);
  Observation third = second;
  third.id = "obs-geo-c";
  third.data = {{"database", "geo-c"}, {"found", true}, {"country", "KZ"}, {"city", "Karaganda"}};
  obs.push_back(third);
  DataSource b, c;
  b.name = "geo-b";
  c.name = "geo-c";
  sc.data_sources.push_back(b);
  sc.data_sources.push_back(c);
  CheckResult r = CheckBackupSites({sc, obs})[0];
  ExpectFinding(r, Verdict::kInconclusive, "R4.3.reason.databases_disagree",
                {{"address", "127.0.0.21"}});
  ExpectFinding(r, Verdict::kInconclusive, "R4.3.part.no_city");
}

TEST(FindingBranches, R43BackupHostNotResolvedOrNeverResolved) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].channels[1].addresses = {"backup2.pool.example"};
  CheckResult never = Backup(sc, GoodPool(sc));
  ExpectFinding(never, Verdict::kInconclusive, "R4.3.reason.not_resolved",
                {{"host", "backup2.pool.example"}});
  std::vector<Observation> obs = GoodPool(sc);
  obs.push_back(Extra("dns.resolve", "backup2.pool.example", ProbeStatus::kFailed,
                      {{"addresses", nlohmann::json::array()}}));
  ExpectFinding(Backup(sc, obs), Verdict::kInconclusive, "R4.3.reason.did_not_resolve",
                {{"host", "backup2.pool.example"}, {"evidence", "obs-extra-dns.resolve"}});
}

TEST(FindingBranches, R43KindsOfRegionalAndDistrictCities) {
  Scenario sc = TwoSiteScenario();
  sc.sites[1].settlement = "Karaganda";
  CheckResult regional = Backup(sc, GoodPool(sc, Each("geo.lookup", "", [](Observation& o) {
                                               if (o.site == "backup") o.data["city"] = "Karaganda";
                                             })));
  ExpectFinding(regional, Verdict::kPass, "settlement.kind.regional");
  std::string district;
  for (const Observation& o : GoodPool(sc))
    if (o.probe == "gazetteer.load")
      for (const auto& s : o.data["gazetteer"]["settlements"])
        if (s["kind"] == "district" && district.empty()) district = s["name"];
  ASSERT_FALSE(district.empty()) << "the bundled gazetteer lists cities of district significance";
  sc.sites[1].settlement = district;
  CheckResult d = Backup(sc, GoodPool(sc, Each("geo.lookup", "", [&district](Observation& o) {
                                        if (o.site == "backup") o.data["city"] = district;
                                      })));
  ExpectFinding(d, Verdict::kPass, "settlement.kind.district");
}

// ---- stratum service, through R4.4's dead channel ----

void ExpectDeadBecause(const std::function<void(Observation&)>& f, const std::string& part,
                       bool tcp_only = true) {
  Scenario sc = TwoSiteScenario();
  CheckResult r = Primary(sc, GoodPool(sc, Each("stratum.handshake", "127.0.0.12:3333", f)));
  ExpectFinding(r, Verdict::kFail, "R4.4.channel_dead", {{"channel", "ch2"}});
  ExpectFinding(r, Verdict::kFail, tcp_only ? "R4.4.part.tcp_only" : "R4.4.part.not_serving",
                {{"target", "127.0.0.12:3333"}});
  ExpectFinding(r, Verdict::kFail, part);
}

TEST(FindingBranches, R44WhyAChannelDoesNotServeMiners) {
  ExpectDeadBecause(
      [](Observation& o) {
        o.data["tls"] = true;
        o.data["tls_error"] = "certificate has expired";
      },
      "stratum.tls_failed");
  ExpectDeadBecause([](Observation& o) { o.status = ProbeStatus::kTimeout; },
                    "stratum.probe_status");
  ExpectDeadBecause(
      [](Observation& o) {
        o.data["tls"] = true;
        o.data["tls_handshake"] = {{"verify", true}, {"verified", false}};
      },
      "stratum.tls_unverified");
  ExpectDeadBecause([](Observation& o) { o.data["subscribed"] = false; },
                    "stratum.subscribe_rejected");
  ExpectDeadBecause([](Observation& o) { o.data["authorized"] = false; },
                    "stratum.authorize_rejected");
  ExpectDeadBecause(
      [](Observation& o) {
        o.data["authorized"] = false;
        o.data["authorize_error"] = {24, "Unauthorized worker", nullptr};
      },
      "stratum.authorize_rejected_with");
  ExpectDeadBecause([](Observation& o) { o.data["notify_received"] = false; }, "stratum.no_work");
}

TEST(FindingBranches, R44ChannelNeverProbedOrNotReachedByTcp) {
  Scenario sc = TwoSiteScenario();
  CheckResult never = Primary(sc, GoodPool(sc, [](std::vector<Observation>& obs) {
                                std::erase_if(obs, [](const Observation& o) {
                                  return o.site == "primary" && o.channel == "ch2" &&
                                         o.probe == "stratum.handshake";
                                });
                              }));
  ExpectFinding(never, Verdict::kFail, "R4.4.part.not_probed");
  CheckResult closed = Primary(sc, GoodPool(sc, [](std::vector<Observation>& obs) {
                                 for (Observation& o : obs) {
                                   if (o.target.rfind("127.0.0.12", 0) != 0) continue;
                                   if (o.probe == "tcp.connect") o.data["connected"] = 0;
                                   if (o.probe == "stratum.handshake")
                                     o.status = ProbeStatus::kFailed;
                                 }
                               }));
  ExpectFinding(closed, Verdict::kFail, "R4.4.part.not_serving");
}

TEST(FindingBranches, R44AsnDatabaseThatCouldNotBeOpened) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs = GoodPool(sc, Drop("asn.lookup"));
  obs.push_back(Extra("asn.open", "asn.mmdb", ProbeStatus::kError, {}));
  ExpectFinding(Primary(sc, obs), Verdict::kInconclusive, "R4.4.asn_open_failed",
                {{"site", "primary"}});
}

TEST(FindingBranches, R44AsnSourcesDisagree) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs = GoodPool(sc);
  Observation other = obs.back();
  for (const Observation& o : obs)
    if (o.probe == "asn.lookup" && o.target == "127.0.0.12") other = o;
  other.id = "obs-asn-2";
  other.data["asn"] = 48716;
  other.data["organisation"] = "PS Internet Company LLP";
  obs.push_back(other);
  ExpectFinding(Primary(sc, obs), Verdict::kInconclusive, "R4.4.asn_disagree",
                {{"channel", "ch2"}});
}

TEST(FindingBranches, R44FailoverWithoutAnyHandshakeError) {
  Scenario sc = TwoSiteScenario();
  FailoverStep step;
  step.channel = "ch1";
  sc.sites[0].failover = step;
  Evidence ev;
  ev.AddGoodPool(sc);
  ev.Failover("primary", "ch1", /*served=*/false, /*down_confirmed=*/true);
  std::vector<Observation> obs = ev.all();
  for (Observation& o : obs)
    if (o.probe == "failover.step") o.data.erase("last_error");
  CheckResult r = Primary(sc, obs);
  ExpectFinding(r, Verdict::kFail, "R4.4.failover_failed");
  ExpectFinding(r, Verdict::kFail, "R4.4.part.failover_failure", {{"channel", "ch1"}});
  ExpectFinding(r, Verdict::kFail, "R4.4.part.no_handshake_succeeded");
}

// ---- R4.5 ----

Scenario WithDesk() {
  Scenario sc = TwoSiteScenario();
  SupportChannel ch;
  ch.name = "web tickets";
  sc.support = {ch};
  return sc;
}

Observation Ticket(nlohmann::json data, ProbeStatus status = ProbeStatus::kOk) {
  data["channel"] = "web tickets";
  return Extra("support.ticket", "http://127.0.0.11:8080/api/tickets", status, data);
}

Observation UnfinishedCampaign() {
  return Extra("support.campaign", "campaign.db", ProbeStatus::kOk,
               {{"finished", false},
                {"counts", {{"requests", 168}, {"pending", 100}, {"answered", 68}}},
                {"window", {{"start", "2026-01-05 00:00 (UTC+5)"}, {"days", 7}}}});
}

TEST(FindingBranches, R45OnlyAnEmailProbeThatCouldNotRun) {
  Scenario sc = WithDesk();
  std::vector<Observation> obs = {
      Extra("support.email", "smtp://127.0.0.11:2525", ProbeStatus::kError, {})};
  ExpectFinding(CheckSupport({sc, obs}), Verdict::kInconclusive, "R4.5.not_tested",
                {{"untested", "smtp://127.0.0.11:2525: as the test says"}});
}

TEST(FindingBranches, R45RefusedRequestBesidesAnUnfinishedCampaign) {
  Scenario sc = WithDesk();
  std::vector<Observation> obs = {Ticket({{"created", false}}, ProbeStatus::kFailed),
                                  UnfinishedCampaign()};
  CheckResult r = CheckSupport({sc, obs});
  ExpectFinding(r, Verdict::kFail, "R4.5.refused", {{"refused", "web tickets: as the test says"}});
  ExpectFinding(r, Verdict::kFail, "R4.5.note.besides");
  ExpectFinding(r, Verdict::kFail, "R4.5.part.campaign_unfinished",
                {{"settled", 68}, {"total", 168}});
  ExpectFinding(r, Verdict::kFail, "R4.5.part.window", {{"days", 7}});
}

TEST(FindingBranches, R45PassingCampaignButThisRunsRequestRefused) {
  Scenario sc = WithDesk();
  nlohmann::json reqs = nlohmann::json::array();
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h)
      reqs.push_back({{"weekday", d}, {"hour", h}, {"state", "answered"}, {"response_ms", 60000}});
  Observation campaign = Extra("support.campaign", "campaign.db", ProbeStatus::kOk,
                               {{"finished", true}, {"requests", reqs}});
  // Bound to this scenario and a day old (support_campaign_binding.h).
  campaign.started = std::chrono::system_clock::now();
  campaign.data["fingerprint"] = SupportCampaignFingerprint(sc);
  campaign.data["window"] = {
      {"end_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                     (campaign.started - std::chrono::hours(24)).time_since_epoch())
                     .count()}};
  std::vector<Observation> obs = {
      campaign,
      Ticket({{"created", true}, {"refused", {{"reason", "redirected off the declared host"}}}})};
  CheckResult r = CheckSupport({sc, obs});
  ExpectFinding(r, Verdict::kFail, "R4.5.campaign_ok_run_failed", {{"campaign", "campaign.db"}});
  ExpectFinding(r, Verdict::kFail, "R4.5.part.run_refused",
                {{"refused", "web tickets: redirected off the declared host"}});
}

// ---- R4.6 ----

// R4.6 with the kk variant of "/" changed by `f`.
CheckResult UiWith(const std::function<void(Observation&)>& f, bool render = false) {
  Scenario sc = TwoSiteScenario();
  sc.ui->render = render;
  std::vector<Observation> obs = GoodPool(sc);
  for (Observation& o : obs)
    if (o.probe == "ui.page" && o.data["page"] == "/" && o.data["lang"] == "kk") f(o);
  return CheckUiLanguages({sc, obs});
}

void ExpectUiProblem(const CheckResult& r, Verdict v, const std::string& part,
                     const nlohmann::json& args = nlohmann::json::object()) {
  ExpectFinding(r, v,
                v == Verdict::kFail    ? "R4.6.page_problems"
                : v == Verdict::kError ? "R4.6.error"
                                       : "R4.6.unsettled");
  nlohmann::json where = args;
  if (part.rfind("R4.6.problem.", 0) == 0 && part.find("crawl") == std::string::npos &&
      part != "R4.6.problem.render_error") {
    where["page"] = "/";
    where["lang"] = "kk";
  }
  ExpectFinding(r, v, part, where);
}

TEST(FindingBranches, R46EveryProblemOfAPage) {
  ExpectUiProblem(UiWith([](Observation& o) { o.data["too_large_to_check"] = "body over 8 MiB"; }),
                  Verdict::kInconclusive, "R4.6.problem.too_large", {{"what", "body over 8 MiB"}});
  ExpectUiProblem(UiWith([](Observation& o) {
                    o.data["refused"] = {{"reason", "no route"}, {"harness_fault", true}};
                  }),
                  Verdict::kInconclusive, "R4.6.problem.not_fetched", {{"reason", "no route"}});
  ExpectUiProblem(UiWith([](Observation& o) {
                    o.data["refused"] = {{"reason", "undeclared host"},
                                         {"kind", "redirect_refused"},
                                         {"to", "x.kz"}};
                  }),
                  Verdict::kFail, "R4.6.problem.redirected", {{"to", "x.kz"}});
  ExpectUiProblem(UiWith([](Observation& o) {
                    o.data["refused"] = {{"reason", "undeclared host"}, {"kind", "host"}};
                  }),
                  Verdict::kFail, "R4.6.problem.not_served", {{"reason", "undeclared host"}});
  ExpectUiProblem(UiWith([](Observation& o) { o.status = ProbeStatus::kError; }), Verdict::kError,
                  "R4.6.problem.fetch_error");
  ExpectUiProblem(UiWith([](Observation& o) { o.status = ProbeStatus::kTimeout; }),
                  Verdict::kInconclusive, "R4.6.problem.interrupted");
  ExpectUiProblem(UiWith([](Observation& o) { o.data["tls_error"] = "expired"; }), Verdict::kFail,
                  "R4.6.problem.tls", {{"error", "expired"}});
  ExpectUiProblem(UiWith([](Observation& o) {
                    o.status = ProbeStatus::kFailed;
                    o.data["status"] = 0;
                  }),
                  Verdict::kFail, "R4.6.problem.missing");
  ExpectUiProblem(UiWith([](Observation& o) { o.data["words_outside_title"] = 2; }), Verdict::kFail,
                  "R4.6.problem.no_text_not_rendered", {{"words", 2}});
  ExpectUiProblem(UiWith([](Observation& o) { o.data["words_outside_title"] = 2; }, true),
                  Verdict::kFail, "R4.6.problem.no_text", {{"words", 2}});
  ExpectUiProblem(UiWith([](Observation& o) {
                    o.data["share"]["kk"] = 0.2;
                    o.data["offending"] = nlohmann::json::array();
                  }),
                  Verdict::kFail, "R4.6.problem.low_share", {{"share", "20%"}});
  CheckResult examples = UiWith([](Observation& o) {
    o.data["share"]["kk"] = 0.2;
    o.data["offending"] = {"Welcome", {{"text", "Главная"}, {"lang", "ru"}}};
  });
  ExpectUiProblem(examples, Verdict::kFail, "R4.6.problem.low_share_examples");
  ExpectFinding(examples, Verdict::kFail, "R4.6.part.example", {{"text", "Welcome"}});
  ExpectFinding(examples, Verdict::kFail, "R4.6.part.example_in",
                {{"text", "Главная"}, {"in", "ru"}});
}

TEST(FindingBranches, R46RenderErrorAndCrawl) {
  Scenario sc = TwoSiteScenario();
  std::vector<Observation> obs = GoodPool(sc);
  obs.push_back(Extra("ui.render", "chromium", ProbeStatus::kError, {}));
  ExpectUiProblem(CheckUiLanguages({sc, obs}), Verdict::kError, "R4.6.problem.render_error",
                  {{"detail", "as the test says"}});

  sc.ui->crawl.max_pages = 10;
  sc.ui->crawl.depth = 2;
  ExpectUiProblem(CheckUiLanguages({sc, GoodPool(sc)}), Verdict::kInconclusive,
                  "R4.6.problem.crawl_unfinished");
  Observation crawl = Extra(
      "ui.crawl", "http://127.0.0.11:8080/", ProbeStatus::kOk,
      {{"finished", true}, {"pages", {{{"page", "/"}}, {{"page", "/help"}}}}, {"left_out", 0}});
  obs = GoodPool(sc);
  obs.push_back(crawl);
  ExpectFinding(CheckUiLanguages({sc, obs}), Verdict::kPass, "R4.6.pass_crawled",
                {{"pages", 2}, {"declared", 2}, {"found", 0}, {"depth", 2}});
  obs.back().data["left_out"] = 3;
  obs.back().data["left_out_examples"] = {"/a", "/b"};
  ExpectUiProblem(CheckUiLanguages({sc, obs}), Verdict::kInconclusive,
                  "R4.6.problem.crawl_left_out",
                  {{"left_out", 3}, {"max_pages", 10}, {"examples", "/a, /b"}});
}

}  // namespace
}  // namespace pooltest
