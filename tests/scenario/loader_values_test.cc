// What a valid file turns into: defaults, resolved paths, ${NAME} expansion,
// hashes and the parsed endpoints.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/sha256.h"
#include "scenarios/scenario_loader.h"
#include "tests/scenario/test_util.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using testing::DumpDiagnostics;
using testing::TempDir;

const char* const kScenario = R"(pooltest: 1
name: Values
applicant: {legal_name: TOO V, bin: "100000000205"}
sites:
  - id: a
    role: primary
    settlement: Astana
    stratum:
      - url: stratum+ssl://[::1]:4443
      - url: stratum+tcp://pool.example:3333
    channels:
      - provider: P1
        addresses: [127.0.0.1, "::1", pool.example]
      - id: second
        provider: P2
        addresses: [127.0.0.2]
  - id: b
    role: backup
    settlement: Almaty
    stratum: [{url: "stratum+tcp://127.0.0.3:3334"}]
    channels:
      - {provider: P1, addresses: [127.0.0.3]}
      - {provider: P3, addresses: [127.0.0.4]}
worker: {user: u}
ui:
  base_url: https://pool.example
  pages: [/, /help]
  languages:
    en: {cookie: lang=en}
    kk: {subdomain: kk}
    ru: {accept_language: ru-RU}
  render: true
  verify_tls: false
support:
  - name: mail
    kind: email
    smtp: smtp://127.0.0.1:2525
    imap: imap://127.0.0.1:1143/INBOX
    from: probe@lab.example
    to: support@pool.example
    auto_reply_pattern: "auto"
    challenge: true
support_campaign: {database: c.db, max_age: 90d}
vantage_points:
  - {name: here, latitude: 51.1694, longitude: 71.4491, local: true}
data_sources:
  geolocation:
    - {name: g, path: "${DATA}/geo.mmdb"}
  asn:
    - {name: a, path: asn.csv, format: csv}
thresholds:
  probe_timeout: 1500ms
  run_timeout: 1h30m
  support_sla: 15m
  support_probe_window: 7d
  support_human_reply_min: 45s
  concurrency: 4
  rtt_samples: 3
  stratum_connections: separate
  ui_coverage: 0.75
documents:
  - {clause: R4.2, reference: X-1, date: "2024-02-29", issuer: Lab, file: docs/act.txt,
     sha256: "%SHA%"}
  - {clause: R4.7, reference: X-2, date: "2024-03-01", issuer: Authority, file: docs/letter.txt}
output:
  formats: [html, pdf]
)";

class LoaderValues : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/docs");
    std::filesystem::create_directories(data_.path());
    dir_.Write("docs/act.txt", "act");
    dir_.Write("docs/letter.txt", "letter");
    dir_.Write("asn.csv", "");
    data_.Write("geo.mmdb", "");
    text_ = kScenario;
    text_.replace(text_.find("%SHA%"), 5, Sha256Hex("act"));
  }
  TempDir dir_;
  TempDir data_;
  std::string text_;
};

TEST_F(LoaderValues, FillsTheModel) {
  LoadOptions opt;
  opt.variables["DATA"] = data_.path();
  LoadOutcome o = ParseScenario(text_, "v.yaml", dir_.path(), opt);
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  const Scenario& s = *o.scenario;
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.name, "Values");
  EXPECT_EQ(s.source_path, "v.yaml");
  EXPECT_EQ(s.sha256, Sha256Hex(text_));
  EXPECT_EQ(s.applicant.bin, "100000000205");
  ASSERT_EQ(s.sites.size(), 2u);
  const Site& a = s.sites[0];
  EXPECT_EQ(a.role, SiteRole::kPrimary);
  ASSERT_EQ(a.stratum.size(), 2u);
  EXPECT_TRUE(a.stratum[0].tls);
  EXPECT_EQ(a.stratum[0].host, "::1");
  EXPECT_EQ(a.stratum[0].port, 4443);
  EXPECT_EQ(a.stratum[0].where.line, 9);
  EXPECT_EQ(a.stratum[0].where.column, 14);
  EXPECT_FALSE(a.stratum[1].tls);
  EXPECT_EQ(a.stratum[1].host, "pool.example");
  ASSERT_EQ(a.channels.size(), 2u);
  EXPECT_EQ(a.channels[0].id, "ch1");
  EXPECT_EQ(a.channels[1].id, "second");
  EXPECT_EQ(a.channels[0].addresses,
            (std::vector<std::string>{"127.0.0.1", "::1", "pool.example"}));
  EXPECT_EQ(s.sites[1].channels[1].id, "ch2");
  EXPECT_EQ(s.sites[1].role, SiteRole::kBackup);
  EXPECT_EQ(s.FindSite("b"), &s.sites[1]);
  EXPECT_EQ(s.worker.user, "u");
  EXPECT_EQ(s.worker.password, "x");
  ASSERT_TRUE(s.ui);
  EXPECT_TRUE(s.ui->render);
  EXPECT_FALSE(s.ui->verify_tls);
  EXPECT_EQ(s.ui->pages, (std::vector<std::string>{"/", "/help"}));
  ASSERT_EQ(s.ui->languages.size(), 3u);  // always kk, ru, en in that order
  EXPECT_EQ(s.ui->languages[0].lang, "kk");
  EXPECT_EQ(s.ui->languages[0].method, LanguageVariant::Method::kSubdomain);
  EXPECT_EQ(s.ui->languages[0].value, "kk");
  EXPECT_EQ(s.ui->languages[1].method, LanguageVariant::Method::kAcceptLanguage);
  EXPECT_EQ(s.ui->languages[1].value, "ru-RU");
  EXPECT_EQ(s.ui->languages[2].method, LanguageVariant::Method::kCookie);
  EXPECT_EQ(s.ui->languages[2].value, "lang=en");
  ASSERT_EQ(s.support.size(), 1u);
  EXPECT_EQ(s.support[0].kind, SupportChannel::Kind::kEmail);
  EXPECT_EQ(s.support[0].email.username, "probe@lab.example");  // defaults to from
  EXPECT_EQ(s.support[0].email.auto_reply_pattern, "auto");
  EXPECT_TRUE(s.support[0].challenge);
  EXPECT_EQ(s.support_campaign_max_age, milliseconds(90LL * 86400000));
  EXPECT_EQ(s.thresholds.support_human_reply_min, milliseconds(45000));
  ASSERT_EQ(s.vantage_points.size(), 1u);
  EXPECT_DOUBLE_EQ(s.vantage_points[0].latitude, 51.1694);
  EXPECT_TRUE(s.vantage_points[0].local);
  ASSERT_EQ(s.data_sources.size(), 2u);
  EXPECT_EQ(s.data_sources[0].path, data_.path() + "/geo.mmdb");
  EXPECT_EQ(s.data_sources[0].format, DataSource::Format::kMaxMindDb);
  EXPECT_EQ(s.data_sources[1].kind, DataSource::Kind::kAsn);
  EXPECT_EQ(s.data_sources[1].format, DataSource::Format::kCsv);
  EXPECT_EQ(s.data_sources[1].path, dir_.path() + "/asn.csv");
  EXPECT_EQ(s.thresholds.probe_timeout, milliseconds(1500));
  EXPECT_EQ(s.thresholds.run_timeout, milliseconds(5400000));
  EXPECT_EQ(s.thresholds.support_probe_window, milliseconds(7LL * 86400000));
  EXPECT_EQ(s.thresholds.concurrency, 4);
  EXPECT_EQ(s.thresholds.rtt_samples, 3);
  EXPECT_EQ(s.thresholds.stratum_connections, StratumConnections::kSeparate);
  EXPECT_DOUBLE_EQ(s.thresholds.ui_coverage, 0.75);
  ASSERT_EQ(s.documents.size(), 2u);
  EXPECT_EQ(s.documents[0].file, dir_.path() + "/docs/act.txt");
  EXPECT_EQ(s.documents[0].sha256, Sha256Hex("act"));
  EXPECT_EQ(s.documents[1].sha256, "");
  EXPECT_EQ(s.output.formats, (std::vector<std::string>{"html", "pdf"}));
}

TEST_F(LoaderValues, EnvironmentIsTheFallbackForVariables) {
  ASSERT_EQ(setenv("POOLTEST_SCENARIO_TEST_DATA", data_.path().c_str(), 1), 0);
  std::string text = text_;
  text.replace(text.find("${DATA}"), 7, "${POOLTEST_SCENARIO_TEST_DATA}");
  LoadOutcome o = ParseScenario(text, "v.yaml", dir_.path());
  unsetenv("POOLTEST_SCENARIO_TEST_DATA");
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  EXPECT_EQ(o.scenario->data_sources[0].path, data_.path() + "/geo.mmdb");
}

TEST_F(LoaderValues, OptionsWinOverEnvironment) {
  ASSERT_EQ(setenv("DATA", "/nonexistent-pooltest-dir", 1), 0);
  LoadOptions opt;
  opt.variables["DATA"] = data_.path();
  LoadOutcome o = ParseScenario(text_, "v.yaml", dir_.path(), opt);
  unsetenv("DATA");
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
}

TEST_F(LoaderValues, LoadScenarioFileUsesTheFilesFolder) {
  const std::string path = dir_.Write("scn.yaml", text_);
  LoadOptions opt;
  opt.variables["DATA"] = data_.path();
  LoadOutcome o = LoadScenarioFile(path, opt);
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  EXPECT_EQ(o.scenario->source_path, path);
  EXPECT_EQ(o.scenario->sha256, Sha256Hex(text_));
  EXPECT_EQ(o.scenario->documents[1].file, dir_.path() + "/docs/letter.txt");
}

TEST_F(LoaderValues, JsonIsAccepted) {
  const std::string json = R"({"pooltest": 1, "name": "J",
    "applicant": {"legal_name": "TOO J", "bin": "230440012341"},
    "sites": [
      {"id": "p", "role": "primary", "settlement": "Astana",
       "stratum": [{"url": "stratum+tcp://127.0.0.1:3333"}],
       "channels": [{"provider": "A", "addresses": ["127.0.0.1"]},
                    {"provider": "B", "addresses": ["127.0.0.2"]}]},
      {"id": "b", "role": "backup", "settlement": "Almaty",
       "stratum": [{"url": "stratum+tcp://127.0.0.3:3333"}],
       "channels": [{"provider": "A", "addresses": ["127.0.0.3"]},
                    {"provider": "C", "addresses": ["127.0.0.4"]}]}],
    "worker": {"user": "u", "password": "p"},
    "thresholds": {"concurrency": 300}})";
  LoadOutcome o = ParseScenario(json, "j.json", dir_.path());
  ASSERT_FALSE(o.ok());
  ASSERT_EQ(testing::CountErrors(o), 1) << DumpDiagnostics(o);
  for (const Diagnostic& d : o.diagnostics) {
    if (d.severity != Diagnostic::Severity::kError) continue;
    EXPECT_EQ(d.message, "'thresholds.concurrency': 300 is out of range");
    EXPECT_EQ(d.where.line, 13);
    EXPECT_EQ(d.where.column, 35);
  }
}

}  // namespace
}  // namespace pooltest
