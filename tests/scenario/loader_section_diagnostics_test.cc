// The loader's diagnostics for the other sections, each at its exact place:
// ui, support, vantage points, data sources, thresholds, documents, output.
#include <gtest/gtest.h>

#include "core/sha256.h"
#include "scenarios/scenario_loader.h"
#include "tests/scenario/loader_diagnostics_fixture.h"
#include "tests/scenario/test_util.h"

namespace pooltest {
namespace {

using testing::CountErrors;
using testing::DumpDiagnostics;
using testing::kBase;
using testing::LoaderDiagnostics;

// (13)
TEST_F(LoaderDiagnostics, BadDuration) {
  LoadOutcome o = Parse(With("probe_timeout: 5s", "probe_timeout: 5 sec"));
  const Diagnostic* d = Expect(o, 37, 18, "'thresholds.probe_timeout': bad duration '5 sec'");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("500ms, 5s, 2m, 1h"), std::string::npos);
}

// (14)
TEST_F(LoaderDiagnostics, LatitudeOutOfRange) {
  LoadOutcome o = Parse(With("latitude: 51.17", "latitude: 95"));
  Expect(o, 41, 15, "'vantage_points[0].latitude': 95 is out of range");
}

TEST_F(LoaderDiagnostics, LongitudeOutOfRange) {
  LoadOutcome o = Parse(With("longitude: 71.45", "longitude: -180.5"));
  const Diagnostic* d = Expect(o, 42, 16, "'vantage_points[0].longitude': -180.5 is out of range");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("-180 to 180"), std::string::npos) << d->hint;
}

// (15)
TEST_F(LoaderDiagnostics, UiCoverageOutOfRange) {
  LoadOutcome o = Parse(With("ui_coverage: 0.9", "ui_coverage: 1.5"));
  Expect(o, 38, 16, "'thresholds.ui_coverage': 1.5 is out of range");
}

TEST_F(LoaderDiagnostics, StratumConnectionsIsSharedOrSeparate) {
  LoadOutcome o =
      Parse(With("ui_coverage: 0.9", "ui_coverage: 0.9\n  stratum_connections: seperate"));
  const Diagnostic* d =
      Expect(o, 39, 24, "'thresholds.stratum_connections': unknown value 'seperate'");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("did you mean 'separate'?"), std::string::npos) << d->hint;
  EXPECT_EQ(Parse(With("ui_coverage: 0.9", "ui_coverage: 0.9\n  stratum_connections: shared")).ok(),
            true);
}

// (16)
TEST_F(LoaderDiagnostics, UnknownLanguageCode) {
  LoadOutcome o = Parse(With("    kk: {path_prefix: /kk}\n", "    kz: {path_prefix: /kk}\n"));
  const Diagnostic* d = Expect(o, 33, 5, "unknown key 'kz' in ui.languages");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "did you mean 'kk'?");
  Expect(o, 33, 5, "ui.languages has no 'kk' (Kazakh) variant");
}

TEST_F(LoaderDiagnostics, RequiredLanguageMissing) {
  LoadOutcome o = Parse(With("    en: {path_prefix: /en}\n", ""));
  const Diagnostic* d = Expect(o, 33, 5, "ui.languages has no 'en' (English) variant");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("R4.6"), std::string::npos);
}

// (17)
TEST_F(LoaderDiagnostics, LanguageVariantWithNoMethod) {
  LoadOutcome o = Parse(With("kk: {path_prefix: /kk}", "kk: {}"));
  Expect(o, 33, 9, "'ui.languages.kk' sets no way to reach the kk variant");
}

TEST_F(LoaderDiagnostics, LanguageVariantWithTwoMethods) {
  LoadOutcome o = Parse(With("kk: {path_prefix: /kk}", "kk: {path_prefix: /kk, query: lang=kk}"));
  Expect(o, 33, 28,
         "'ui.languages.kk' sets 2 ways ('path_prefix', 'query') to reach the kk variant");
}

TEST_F(LoaderDiagnostics, LanguageVariantBadValue) {
  LoadOutcome o = Parse(With("ru: {path_prefix: /ru}", "ru: {path_prefix: ru}"));
  Expect(o, 34, 23, "'ui.languages.ru.path_prefix': 'ru' is not a valid path_prefix");
}

TEST_F(LoaderDiagnostics, FollowValueMustNameAKindOfLink) {
  LoadOutcome o = Parse(With("ru: {path_prefix: /ru}", "ru: {follow: links}"));
  const Diagnostic* d =
      Expect(o, 34, 18, "'ui.languages.ru.follow': 'links' is not a valid follow");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("hreflang"), std::string::npos) << d->hint;
  LoadOutcome ok = Parse(With("ru: {path_prefix: /ru}", "ru: {follow: any}"));
  EXPECT_TRUE(ok.ok());
  ASSERT_TRUE(ok.scenario->ui);
  EXPECT_EQ(ok.scenario->ui->languages[1].method, LanguageVariant::Method::kFollow);
}

TEST_F(LoaderDiagnostics, CrawlLimitsAreBounded) {
  LoadOutcome o =
      Parse(With("  pages: [\"/\"]\n", "  pages: [\"/\"]\n  crawl: {depth: 11, max_pages: 0}\n"));
  Expect(o, 32, 18, "'ui.crawl.depth': 11 is out of range");
  Expect(o, 32, 33, "'ui.crawl.max_pages': 0 is out of range");
  LoadOutcome unknown =
      Parse(With("  pages: [\"/\"]\n", "  pages: [\"/\"]\n  crawl: {pages: 3}\n"));
  Expect(unknown, 32, 11, "unknown key 'pages' in ui.crawl");
  LoadOutcome on = Parse(With("  pages: [\"/\"]\n", "  pages: [\"/\"]\n  crawl: {}\n"));
  ASSERT_TRUE(on.ok());
  EXPECT_EQ(on.scenario->ui->crawl.depth, 2);
  EXPECT_EQ(on.scenario->ui->crawl.max_pages, 50);
  LoadOutcome off = Parse(kBase);
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off.scenario->ui->crawl.max_pages, 0);
}

TEST_F(LoaderDiagnostics, RenderConcurrencyIsBounded) {
  const std::string pages = "  pages: [\"/\"]\n";
  Expect(Parse(With(pages, pages + "  render_concurrency: 0\n")), 32, 23,
         "'ui.render_concurrency': 0 is out of range");
  Expect(Parse(With(pages, pages + "  render_concurrency: 17\n")), 32, 23,
         "'ui.render_concurrency': 17 is out of range");
  LoadOutcome two = Parse(With(pages, pages + "  render: true\n  render_concurrency: 2\n"));
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two.scenario->ui->render_concurrency, 2);
  EXPECT_EQ(Parse(kBase).scenario->ui->render_concurrency, 4);
}

// (19)
TEST_F(LoaderDiagnostics, AllowedHostsAreHosts) {
  const std::string pages = "  pages: [\"/\"]\n";
  LoadOutcome ok =
      Parse(With(pages, pages + "  render: true\n" +
                            "  allowed_hosts: [cdn.example.kz, 127.0.0.5, \"::1\"]\n"));
  ASSERT_TRUE(ok.ok()) << DumpDiagnostics(ok);
  EXPECT_EQ(ok.scenario->ui->allowed_hosts,
            (std::vector<std::string>{"cdn.example.kz", "127.0.0.5", "::1"}));
  EXPECT_TRUE(Parse(kBase).scenario->ui->allowed_hosts.empty());

  LoadOutcome bad = Parse(
      With(pages, pages + "  render: true\n  allowed_hosts: [https://cdn.example.kz, cdn_x.kz]\n"));
  Expect(bad, 33, 19,
         "'ui.allowed_hosts[0]': 'https://cdn.example.kz' is neither an IP address nor a host "
         "name");
  const Diagnostic* d = Expect(
      bad, 33, 43, "'ui.allowed_hosts[1]': 'cdn_x.kz' is neither an IP address nor a host name");
  if (d) {
    EXPECT_NE(d->hint.find("without a scheme"), std::string::npos) << d->hint;
  }
  Expect(Parse(With(pages, pages + "  allowed_hosts: cdn.example.kz\n")), 32, 18,
         "'ui.allowed_hosts' must be a list, not the value 'cdn.example.kz'");
}

TEST_F(LoaderDiagnostics, AllowedHostsWithoutRenderingAreFlagged) {
  const std::string pages = "  pages: [\"/\"]\n";
  for (const std::string& text :
       {With(pages, pages + "  allowed_hosts: [cdn.example.kz]\n"),
        With(pages,
             pages + "  render: true\n  allowed_hosts: [cdn.example.kz, cdn.example.kz]\n")}) {
    LoadOutcome o = Parse(text);
    ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
    bool warned = false;
    for (const Diagnostic& w : o.diagnostics) {
      warned |= w.severity == Diagnostic::Severity::kWarning &&
                (w.message == "'ui.allowed_hosts' has no effect without render: true" ||
                 w.message == "'ui.allowed_hosts[1]': host 'cdn.example.kz' is listed twice");
    }
    EXPECT_TRUE(warned) << DumpDiagnostics(o);
    EXPECT_EQ(o.scenario->ui->allowed_hosts, (std::vector<std::string>{"cdn.example.kz"}));
  }
}

TEST_F(LoaderDiagnostics, LoopbackEvidenceIsAcceptedWithAWarning) {
  const std::string local = "    local: true\n";
  LoadOutcome o = Parse(With(local, local + "    loopback_evidence: true\n"));  // line 44
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  EXPECT_TRUE(o.scenario->vantage_points[0].loopback_evidence);
  int warnings = 0;
  for (const Diagnostic& d : o.diagnostics) {
    if (d.message.find("loopback_evidence: true counts RTTs to loopback") == std::string::npos)
      continue;
    ++warnings;
    EXPECT_EQ(d.severity, Diagnostic::Severity::kWarning);
    EXPECT_EQ(d.where.line, 44);
    EXPECT_NE(d.hint.find("test worlds only"), std::string::npos);
  }
  EXPECT_EQ(warnings, 1) << DumpDiagnostics(o);
  // false, or absent, says nothing.
  LoadOutcome quiet = Parse(With(local, local + "    loopback_evidence: false\n"));
  ASSERT_TRUE(quiet.ok());
  for (const Diagnostic& d : quiet.diagnostics)
    EXPECT_EQ(d.message.find("loopback_evidence"), std::string::npos) << DumpDiagnostics(quiet);
}

TEST_F(LoaderDiagnostics, DataSourceFileNotFound) {
  LoadOutcome o = Parse(std::string(kBase) +
                        "data_sources:\n"               // 46
                        "  geolocation:\n"              // 47
                        "    - name: g\n"               // 48
                        "      path: missing.mmdb\n");  // 49
  const Diagnostic* d =
      Expect(o, 49, 13,
             "file not found: " + dir_.path() + "/missing.mmdb (data_sources.geolocation[0].path)");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("resolved against the scenario's folder"), std::string::npos);
}

// (20)
TEST_F(LoaderDiagnostics, DocumentSha256Mismatch) {
  dir_.Write("act.txt", "the act\n");
  const std::string wrong(64, 'a');
  LoadOutcome o = Parse(std::string(kBase) +
                        "documents:\n"                // 46
                        "  - clause: R4.2\n"          // 47
                        "    reference: A-1\n"        // 48
                        "    date: \"2024-02-29\"\n"  // 49
                        "    issuer: Lab\n"           // 50
                        "    file: act.txt\n"         // 51
                        "    sha256: " +
                        wrong + "\n");  // 52
  Expect(o, 52, 13,
         "sha256 of " + dir_.path() +
             "/act.txt does not match 'documents[0].sha256': the file has " +
             Sha256Hex("the act\n"));
  EXPECT_EQ(CountErrors(o), 1) << DumpDiagnostics(o);
}

TEST_F(LoaderDiagnostics, DocumentBadDate) {
  dir_.Write("act.txt", "the act\n");
  LoadOutcome o = Parse(std::string(kBase) +
                        "documents:\n"                // 46
                        "  - clause: R4.7\n"          // 47
                        "    reference: A-1\n"        // 48
                        "    date: \"2023-02-29\"\n"  // 49
                        "    issuer: Lab\n"           // 50
                        "    file: act.txt\n");       // 51
  Expect(o, 49, 11, "'documents[0].date': '2023-02-29' is not a real date");
}

TEST_F(LoaderDiagnostics, DocumentFileMissing) {
  LoadOutcome o = Parse(std::string(kBase) +
                        "documents:\n"                // 46
                        "  - clause: R4.7\n"          // 47
                        "    reference: A-1\n"        // 48
                        "    date: \"2024-01-15\"\n"  // 49
                        "    issuer: Lab\n"           // 50
                        "    file: letter.pdf\n");    // 51
  Expect(o, 51, 11, "file not found: " + dir_.path() + "/letter.pdf (documents[0].file)");
}

TEST_F(LoaderDiagnostics, UnknownSupportKind) {
  LoadOutcome o = Parse(std::string(kBase) +
                        "support:\n"               // 46
                        "  - name: desk\n"         // 47
                        "    kind: tiket_api\n");  // 48
  const Diagnostic* d = Expect(o, 48, 11, "'support[0].kind': unknown value 'tiket_api'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint.rfind("did you mean 'ticket_api'?", 0), 0u);
}

TEST_F(LoaderDiagnostics, UnknownOutputFormat) {
  LoadOutcome o = Parse(With("formats: [json]", "formats: [json, xml]"));
  const Diagnostic* d = Expect(o, 45, 19, "'output.formats[1]': unknown value 'xml'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "allowed: 'json', 'junit', 'html', 'pdf'");
}

TEST_F(LoaderDiagnostics, JunitInconclusiveIsSkippedUnlessAskedAndNothingElse) {
  LoadOutcome plain = Parse(kBase);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain.scenario->output.junit_inconclusive, "skipped");
  LoadOutcome failure = Parse(std::string(kBase) + "  junit:\n    inconclusive: failure\n");
  ASSERT_TRUE(failure.ok());
  EXPECT_EQ(failure.scenario->output.junit_inconclusive, "failure");
  LoadOutcome typo = Parse(std::string(kBase) + "  junit:\n    inconclusive: faliure\n");
  const Diagnostic* d =
      Expect(typo, 47, 19, "'output.junit.inconclusive': unknown value 'faliure'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint.rfind("did you mean 'failure'?", 0), 0u) << d->hint;
}

TEST_F(LoaderDiagnostics, JunitDialectIsJenkinsUnlessAskedAndAntHasNoSkipped) {
  LoadOutcome plain = Parse(kBase);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain.scenario->output.junit_dialect, "jenkins");
  LoadOutcome ant = Parse(std::string(kBase) + "  junit:\n    dialect: ant\n");
  ASSERT_TRUE(ant.ok());
  EXPECT_EQ(ant.scenario->output.junit_dialect, "ant");
  LoadOutcome ant_failure =
      Parse(std::string(kBase) + "  junit:\n    dialect: ant\n    inconclusive: failure\n");
  ASSERT_TRUE(ant_failure.ok());
  // Ant's schema has no <skipped>: asking for it there is refused, at the line.
  LoadOutcome ant_skipped =
      Parse(std::string(kBase) + "  junit:\n    dialect: ant\n    inconclusive: skipped\n");
  const Diagnostic* d = Expect(ant_skipped, 48, 19,
                               "'output.junit.inconclusive': the ant dialect has no skipped test "
                               "(Ant's schema has no <skipped>), so an inconclusive check is a "
                               "failure there");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("dialect: jenkins"), std::string::npos) << d->hint;
  LoadOutcome typo = Parse(std::string(kBase) + "  junit:\n    dialect: junit5\n");
  EXPECT_NE(Expect(typo, 47, 14, "'output.junit.dialect': unknown value 'junit5'"), nullptr);
}

TEST_F(LoaderDiagnostics, RegexBombIsRefused) {
  LoadOutcome o = Parse(std::string(kBase) +
                        "support:\n"                                     // 46
                        "  - name: desk\n"                               // 47
                        "    kind: email\n"                              // 48
                        "    smtp: smtp://127.0.0.1:2525\n"              // 49
                        "    imap: imap://127.0.0.1:1143/INBOX\n"        // 50
                        "    from: a@lab.example\n"                      // 51
                        "    to: b@pool.example\n"                       // 52
                        "    auto_reply_pattern: \"a{1,99999999}\"\n");  // 53
  Expect(o, 53, 25,
         "'support[0].auto_reply_pattern' is not a valid regular expression: a repetition count "
         "above 100");
}

TEST_F(LoaderDiagnostics, SupportKeysMustMatchKind) {
  LoadOutcome o = Parse(std::string(kBase) +
                        "support:\n"                         // 46
                        "  - name: desk\n"                   // 47
                        "    kind: ticket_api\n"             // 48
                        "    smtp: smtp://127.0.0.1:25\n");  // 49
  Expect(o, 49, 5, "key 'smtp' in support[0] does not apply to kind ticket_api");
  Expect(o, 47, 5, "missing required key 'create' in support[0] (kind ticket_api)");
}

// The basis of the test (an application or a contract) is read with a real
// date; a wrong kind or an impossible date is located.
TEST_F(LoaderDiagnostics, BasisOfTheTest) {
  const std::string basis =
      "  bin: \"230440012341\"\n  basis: {kind: contract, number: \"Д-7/2026\", date: "
      "\"2026-11-20\"}";
  LoadOutcome ok = Parse(With("  bin: \"230440012341\"", basis));
  ASSERT_TRUE(ok.ok()) << DumpDiagnostics(ok);
  EXPECT_EQ(ok.scenario->applicant.basis.kind, "contract");
  EXPECT_EQ(ok.scenario->applicant.basis.number, "Д-7/2026");
  EXPECT_EQ(ok.scenario->applicant.basis.date, "2026-11-20");

  std::string bad_date = basis;
  bad_date.replace(bad_date.find("2026-11-20"), 10, "2026-02-30");
  // The outcome outlives the diagnostic Expect() points into.
  const LoadOutcome bad = Parse(With("  bin: \"230440012341\"", bad_date));
  const Diagnostic* d =
      Expect(bad, 6, 54, "'applicant.basis.date': '2026-02-30' is not a real date");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("YYYY-MM-DD"), std::string::npos);

  std::string bad_kind = basis;
  bad_kind.replace(bad_kind.find("contract"), 8, "order");
  LoadOutcome o = Parse(With("  bin: \"230440012341\"", bad_kind));
  EXPECT_FALSE(o.ok());
  bool named = false;
  for (const Diagnostic& x : o.diagnostics)
    named =
        named || (x.where.line == 6 && x.message.find("applicant.basis.kind") != std::string::npos);
  EXPECT_TRUE(named) << DumpDiagnostics(o);
}

}  // namespace
}  // namespace pooltest
