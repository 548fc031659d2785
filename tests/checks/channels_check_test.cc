#include "checks/channels_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "tests/checks/expect_finding.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

void Channel(Evidence& ev, const std::string& site, const std::string& ch, const std::string& a,
             int asn, const std::string& org, bool works = true, int tcp = 3) {
  ev.Asn(site, ch, a, asn, org);
  ev.Tcp(site, ch, a, tcp);
  if (tcp > 0) ev.Handshake(site, ch, a, works);
}

const CheckResult& Primary(const std::vector<CheckResult>& rs) { return rs.at(0); }

TEST(ChannelsCheck, PassesWithTwoWorkingChannelsOfDifferentProviders) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  Channel(ev, "primary", "ch2", "127.0.0.12", 35104, "Transtelecom JSC");
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kPass, "R4.4.pass");
  EXPECT_EQ(Primary(rs).figures["distinct_asns"], 2);
  EXPECT_EQ(Primary(rs).id, "R4.4.channels.primary");
}

TEST(ChannelsCheck, FailsWhenBothChannelsAreOneAsn) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  Channel(ev, "primary", "ch2", "127.0.0.12", 9198, "JSC Kazakhtelecom");
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kFail, "R4.4.one_provider");
  EXPECT_NE(Primary(rs).summary.find("one provider"), std::string::npos) << Primary(rs).summary;
}

TEST(ChannelsCheck, FailsWhenTwoAsnsBelongToOneOrganisation) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  Channel(ev, "primary", "ch2", "127.0.0.12", 48503, "JSC  KAZAKHTELECOM");
  testing::ExpectFinding(Primary(CheckChannels({sc, ev.all()})), Verdict::kFail,
                         "R4.4.one_provider");
}

TEST(ChannelsCheck, FailsWhenOneChannelIsDead) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  Channel(ev, "primary", "ch2", "127.0.0.12", 35104, "Transtelecom JSC", true, /*tcp=*/0);
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kFail, "R4.4.channel_dead");
  EXPECT_NE(Primary(rs).summary.find("ch2"), std::string::npos) << Primary(rs).summary;
}

TEST(ChannelsCheck, FailsWhenStratumRejectsTheWorkerOnAChannel) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  Channel(ev, "primary", "ch2", "127.0.0.12", 35104, "Transtelecom JSC", /*works=*/false);
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kFail, "R4.4.channel_dead");
  EXPECT_NE(Primary(rs).summary.find("TCP connects but"), std::string::npos) << Primary(rs).summary;
}

TEST(ChannelsCheck, FailsWithASingleDeclaredChannel) {
  Scenario sc = TwoSiteScenario();
  sc.sites[0].channels.pop_back();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  testing::ExpectFinding(Primary(CheckChannels({sc, ev.all()})), Verdict::kFail,
                         "R4.4.too_few_channels");
}

TEST(ChannelsCheck, InconclusiveWithoutAsnData) {
  Scenario sc = TwoSiteScenario();
  sc.data_sources.pop_back();  // the ASN source
  Evidence ev;
  ev.Handshake("primary", "ch1", "127.0.0.11", true);
  ev.Handshake("primary", "ch2", "127.0.0.12", true);
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kInconclusive, "R4.4.no_asn_data");
  EXPECT_NE(Primary(rs).summary.find("data_sources.asn"), std::string::npos);
}

TEST(ChannelsCheck, InconclusiveWhenAnAddressHasNoKnownAsn) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  ev.Tcp("primary", "ch2", "127.0.0.12", 3);
  ev.Handshake("primary", "ch2", "127.0.0.12", true);
  Observation unknown;
  unknown.probe = "asn.lookup";
  unknown.target = "127.0.0.12";
  unknown.site = "primary";
  unknown.channel = "ch2";
  unknown.status = ProbeStatus::kOk;
  unknown.data = {{"database", "asn"}, {"found", false}, {"asn", nullptr}};
  ev.Add(unknown);
  testing::ExpectFinding(Primary(CheckChannels({sc, ev.all()})), Verdict::kInconclusive,
                         "R4.4.asn_unknown");
}

TEST(ChannelsCheck, DeclaredProviderNamesAreNotTrusted) {
  // Declared as two providers, but ASN data shows one: must fail, not pass.
  Scenario sc = TwoSiteScenario();
  ASSERT_NE(sc.sites[0].channels[0].provider, sc.sites[0].channels[1].provider);
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  Channel(ev, "primary", "ch2", "127.0.0.12", 9198, "JSC Kazakhtelecom");
  testing::ExpectFinding(Primary(CheckChannels({sc, ev.all()})), Verdict::kFail,
                         "R4.4.one_provider");
}

// A declared provider the ASN data does not name is a discrepancy shown with
// both names; the verdict stands on the ASN organisations.
TEST(ChannelsCheck, ADeclaredProviderTheAsnDataDoesNotNameIsAWarningNotAVerdict) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  Channel(ev, "primary", "ch2", "127.0.0.12", 21299, "Kar-Tel LLP");  // declared Transtelecom
  const CheckResult r = Primary(CheckChannels({sc, ev.all()}));
  testing::ExpectFinding(r, Verdict::kPass, "R4.4.pass");
  ASSERT_EQ(r.figures["provider_discrepancies"].size(), 1u) << r.figures.dump(1);
  EXPECT_EQ(
      r.figures["provider_discrepancies"][0],
      (nlohmann::json{
          {"channel", "ch2"}, {"declared", "Transtelecom"}, {"organisation", "Kar-Tel LLP"}}));
  EXPECT_EQ(r.figures["channels"][0]["provider_matches_organisation"], true);
  EXPECT_EQ(r.figures["channels"][1]["provider_matches_organisation"], false);
  testing::ExpectFinding(
      r, Verdict::kPass, "R4.4.note.provider_mismatch",
      {{"channel", "ch2"}, {"declared", "Transtelecom"}, {"organisation", "Kar-Tel LLP"}});
}

// An organisation written in Cyrillic is an organisation (it once reduced
// to nothing and made the channel's organisation unknown).
TEST(ChannelsCheck, CyrillicOrganisationNamesCount) {
  Scenario sc = TwoSiteScenario();
  sc.sites[0].channels[0].provider = "Казахтелеком";
  sc.sites[0].channels[1].provider = "Транстелеком";
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "АО «Казахтелеком»");
  Channel(ev, "primary", "ch2", "127.0.0.12", 35104, "АО «Транстелеком»");
  const CheckResult r = Primary(CheckChannels({sc, ev.all()}));
  testing::ExpectFinding(r, Verdict::kPass, "R4.4.pass");
  EXPECT_TRUE(r.figures["provider_discrepancies"].empty()) << r.figures.dump(1);
  // Two ASes of one organisation, however its legal form is written: one provider.
  Evidence one;
  Channel(one, "primary", "ch1", "127.0.0.11", 9198, "АО «Казахтелеком»");
  Channel(one, "primary", "ch2", "127.0.0.12", 48503, "Казахтелеком АҚ");
  testing::ExpectFinding(Primary(CheckChannels({sc, one.all()})), Verdict::kFail,
                         "R4.4.one_provider");
}

// A pool that takes the deliberately invalid share is named for it; the
// verdict stands on the channels.
TEST(ChannelsCheck, APoolAcceptingTheInvalidShareIsNamed) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  Channel(ev, "primary", "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  ev.Asn("primary", "ch2", "127.0.0.12", 35104, "Transtelecom JSC");
  ev.Tcp("primary", "ch2", "127.0.0.12", 3);
  Observation& h = ev.Handshake("primary", "ch2", "127.0.0.12", true);
  h.target = "stratum+tcp://127.0.0.12:3333";
  h.data["submit_result"] = true;
  const CheckResult r = Primary(CheckChannels({sc, ev.all()}));
  testing::ExpectFinding(r, Verdict::kPass, "R4.4.pass");
  EXPECT_EQ(r.figures["accepts_invalid_share"],
            nlohmann::json::array({"stratum+tcp://127.0.0.12:3333"}));
  testing::ExpectFinding(r, Verdict::kPass, "stratum.note.accepts_invalid_share",
                         {{"targets", nlohmann::json::array({"stratum+tcp://127.0.0.12:3333"})}});
}

}  // namespace
}  // namespace pooltest

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

Scenario WithFailover() {
  Scenario sc = TwoSiteScenario();
  FailoverStep step;
  step.channel = "ch1";
  step.command = "true";
  sc.sites[0].failover = step;
  return sc;
}

CheckResult Primary(const Scenario& sc, const Evidence& ev) {
  for (const CheckResult& r : CheckChannels({sc, ev.all()}))
    if (r.id == "R4.4.channels.primary") return r;
  ADD_FAILURE() << "no primary verdict";
  return {};
}

TEST(ChannelsFailover, WitnessedFailoverPasses) {
  Scenario sc = WithFailover();
  Evidence ev;
  ev.AddGoodPool(sc);
  const Observation& f = ev.Failover("primary", "ch1", /*served=*/true, /*down_confirmed=*/true);
  CheckResult r = Primary(sc, ev);
  testing::ExpectFinding(r, Verdict::kPass, "R4.4.pass_with_failover");
  EXPECT_NE(r.summary.find("failover witnessed"), std::string::npos) << r.summary;
  EXPECT_NE(std::find(r.evidence.begin(), r.evidence.end(), f.id), r.evidence.end());
}

TEST(ChannelsFailover, NoServiceThroughTheOtherChannelFails) {
  Scenario sc = WithFailover();
  Evidence ev;
  ev.AddGoodPool(sc);
  ev.Failover("primary", "ch1", /*served=*/false, /*down_confirmed=*/true);
  CheckResult r = Primary(sc, ev);
  testing::ExpectFinding(r, Verdict::kFail, "R4.4.failover_failed");
  EXPECT_NE(r.summary.find("no other channel served miners within 3000 ms"), std::string::npos)
      << r.summary;
}

TEST(ChannelsFailover, AChannelThatDidNotGoDownProvesNothing) {
  Scenario sc = WithFailover();
  Evidence ev;
  ev.AddGoodPool(sc);
  ev.Failover("primary", "ch1", /*served=*/true, /*down_confirmed=*/false);
  CheckResult r = Primary(sc, ev);
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.4.failover_unproven");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.4.part.failover_not_witnessed");
  EXPECT_NE(r.summary.find("not witnessed"), std::string::npos) << r.summary;
}

TEST(ChannelsFailover, AStepThatCouldNotRunIsInconclusive) {
  Scenario sc = WithFailover();
  Evidence ev;
  ev.AddGoodPool(sc);
  ev.Failover("primary", "ch1", false, false, ProbeStatus::kError);
  testing::ExpectFinding(Primary(sc, ev), Verdict::kInconclusive, "R4.4.failover_unproven");
  testing::ExpectFinding(Primary(sc, ev), Verdict::kInconclusive,
                         "R4.4.part.failover_not_carried_out");
  Evidence none;
  none.AddGoodPool(sc);
  CheckResult r = Primary(sc, none);
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.4.failover_unproven");
  testing::ExpectFinding(r, Verdict::kInconclusive, "R4.4.part.failover_not_run");
  EXPECT_NE(r.summary.find("was not run"), std::string::npos);
}

// stratum+ssl channels. A handshake over TLS counts only when the certificate
// was verified (or the scenario turned verification off, which is then said).
Observation& TlsHandshake(Evidence& ev, const std::string& ch, const std::string& a,
                          nlohmann::json tls_handshake) {
  Observation& o = ev.Handshake("primary", ch, a, true);
  o.data["tls"] = true;
  o.data["tls_handshake"] = std::move(tls_handshake);
  o.data["tls_error"] = nullptr;
  return o;
}

void AsnAndTcp(Evidence& ev, const std::string& ch, const std::string& a, int asn,
               const std::string& org) {
  ev.Asn("primary", ch, a, asn, org);
  ev.Tcp("primary", ch, a, 3);
}

TEST(ChannelsTls, PassesWhenBothChannelsVerify) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AsnAndTcp(ev, "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  AsnAndTcp(ev, "ch2", "127.0.0.12", 35104, "Transtelecom JSC");
  TlsHandshake(ev, "ch1", "127.0.0.11", {{"verify", true}, {"verified", true}});
  TlsHandshake(ev, "ch2", "127.0.0.12", {{"verify", true}, {"verified", true}});
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kPass, "R4.4.pass");
  EXPECT_EQ(Primary(rs).summary.find("not verified"), std::string::npos) << Primary(rs).summary;
  EXPECT_EQ(Primary(rs).figures["channels"][1]["tls"], "served, certificate verified");
}

TEST(ChannelsTls, ARefusedCertificateIsNotAWorkingChannel) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AsnAndTcp(ev, "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  AsnAndTcp(ev, "ch2", "127.0.0.12", 35104, "Transtelecom JSC");
  TlsHandshake(ev, "ch1", "127.0.0.11", {{"verify", true}, {"verified", true}});
  // What the probe records for an expired certificate: connected, nothing sent.
  Observation& o = TlsHandshake(ev, "ch2", "127.0.0.12", {{"verify", true}, {"verified", false}});
  o.status = ProbeStatus::kFailed;
  o.detail = "the TLS certificate of 127.0.0.12:3333 was refused: certificate has expired";
  o.data["tls_error"] = "certificate has expired";
  o.data["subscribed"] = nullptr;
  o.data["authorized"] = nullptr;
  o.data["notify_received"] = false;
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kFail, "R4.4.channel_dead");
  EXPECT_NE(Primary(rs).summary.find("ch2"), std::string::npos) << Primary(rs).summary;
  EXPECT_NE(Primary(rs).summary.find("TLS failed (certificate has expired)"), std::string::npos)
      << Primary(rs).summary;
  EXPECT_EQ(Primary(rs).figures["channels"][1]["works"], false);
}

// Defence in depth: even an ok-looking handshake does not count when its
// TLS facts say verification was required and did not succeed, or are missing.
TEST(ChannelsTls, AnUnverifiedOrUndocumentedTlsSessionIsNotWorking) {
  for (const nlohmann::json& th : {nlohmann::json{{"verify", true}, {"verified", false}},
                                   nlohmann::json(nullptr), nlohmann::json{{"verified", true}}}) {
    Scenario sc = TwoSiteScenario();
    Evidence ev;
    AsnAndTcp(ev, "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
    AsnAndTcp(ev, "ch2", "127.0.0.12", 35104, "Transtelecom JSC");
    TlsHandshake(ev, "ch1", "127.0.0.11", {{"verify", true}, {"verified", true}});
    TlsHandshake(ev, "ch2", "127.0.0.12", th);
    auto rs = CheckChannels({sc, ev.all()});
    testing::ExpectFinding(Primary(rs), Verdict::kFail, "R4.4.channel_dead");
    EXPECT_NE(Primary(rs).summary.find("TLS certificate was not verified"), std::string::npos)
        << Primary(rs).summary;
  }
}

TEST(ChannelsTls, VerificationTurnedOffPassesAndSaysSo) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  AsnAndTcp(ev, "ch1", "127.0.0.11", 9198, "JSC Kazakhtelecom");
  AsnAndTcp(ev, "ch2", "127.0.0.12", 35104, "Transtelecom JSC");
  TlsHandshake(ev, "ch1", "127.0.0.11", {{"verify", true}, {"verified", true}});
  TlsHandshake(ev, "ch2", "127.0.0.12", {{"verify", false}, {"verified", false}});
  auto rs = CheckChannels({sc, ev.all()});
  testing::ExpectFinding(Primary(rs), Verdict::kPass, "R4.4.pass");
  testing::ExpectFinding(Primary(rs), Verdict::kPass, "R4.4.note.tls_unverified");
  EXPECT_NE(Primary(rs).summary.find("not verified on channel(s) ch2 (verify_tls: false"),
            std::string::npos)
      << Primary(rs).summary;
  EXPECT_EQ(Primary(rs).figures["tls_unverified_channels"], nlohmann::json::array({"ch2"}));
}

}  // namespace
}  // namespace pooltest
