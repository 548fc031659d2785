// Every kind of mistake the loader diagnoses, each at its exact place: file,
// 1-based line and column, and the message a user reads.
#include <gtest/gtest.h>

#include "harness/core/sha256.h"
#include "harness/scenario/scenario_loader.h"
#include "tests/scenario/test_util.h"

namespace pooltest {
namespace {

using testing::CountErrors;
using testing::DumpDiagnostics;
using testing::TempDir;

// A valid scenario; line numbers are referred to below.
const char* const kBase =
    "pooltest: 1\n"                                 // 1
    "name: Test pool\n"                             // 2
    "applicant:\n"                                  // 3
    "  legal_name: TOO Test\n"                      // 4
    "  bin: \"230440012341\"\n"                     // 5
    "sites:\n"                                      // 6
    "  - id: primary\n"                             // 7
    "    role: primary\n"                           // 8
    "    settlement: Astana\n"                      // 9
    "    stratum:\n"                                // 10
    "      - url: stratum+tcp://127.0.0.11:3333\n"  // 11
    "    channels:\n"                               // 12
    "      - provider: Kazakhtelecom\n"             // 13
    "        addresses: [127.0.0.11]\n"             // 14
    "      - provider: Transtelecom\n"              // 15
    "        addresses: [127.0.0.12]\n"             // 16
    "  - id: backup\n"                              // 17
    "    role: backup\n"                            // 18
    "    settlement: Almaty\n"                      // 19
    "    stratum:\n"                                // 20
    "      - url: stratum+tcp://127.0.0.21:3333\n"  // 21
    "    channels:\n"                               // 22
    "      - provider: Kazakhtelecom\n"             // 23
    "        addresses: [127.0.0.21]\n"             // 24
    "      - provider: KazTransCom\n"               // 25
    "        addresses: [127.0.0.22]\n"             // 26
    "worker:\n"                                     // 27
    "  user: w1\n"                                  // 28
    "ui:\n"                                         // 29
    "  base_url: http://127.0.0.11:8080\n"          // 30
    "  pages: [\"/\"]\n"                            // 31
    "  languages:\n"                                // 32
    "    kk: {path_prefix: /kk}\n"                  // 33
    "    ru: {path_prefix: /ru}\n"                  // 34
    "    en: {path_prefix: /en}\n"                  // 35
    "thresholds:\n"                                 // 36
    "  probe_timeout: 5s\n"                         // 37
    "  ui_coverage: 0.9\n"                          // 38
    "vantage_points:\n"                             // 39
    "  - name: harness\n"                           // 40
    "    latitude: 51.17\n"                         // 41
    "    longitude: 71.45\n"                        // 42
    "    local: true\n"                             // 43
    "output:\n"                                     // 44
    "  formats: [json]\n";                          // 45

class LoaderDiagnostics : public ::testing::Test {
 protected:
  LoadOutcome Parse(const std::string& text) { return ParseScenario(text, "t.yaml", dir_.path()); }

  // kBase with `from` (which must occur exactly once) replaced by `to`.
  static std::string With(const std::string& from, const std::string& to) {
    std::string s = kBase;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(s.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  }

  // Asserts an error with exactly this message exists at line:column.
  static const Diagnostic* Expect(const LoadOutcome& o, int line, int column,
                                  const std::string& message) {
    EXPECT_FALSE(o.ok());
    for (const Diagnostic& d : o.diagnostics) {
      if (d.message != message) continue;
      EXPECT_EQ(d.severity, Diagnostic::Severity::kError) << message;
      EXPECT_EQ(d.where.file, "t.yaml");
      EXPECT_EQ(d.where.line, line) << message;
      EXPECT_EQ(d.where.column, column) << message;
      return &d;
    }
    ADD_FAILURE() << "no diagnostic '" << message << "'; got:\n" << DumpDiagnostics(o);
    return nullptr;
  }

  TempDir dir_;
};

TEST_F(LoaderDiagnostics, BaseIsValid) {
  LoadOutcome o = Parse(kBase);
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  EXPECT_EQ(CountErrors(o), 0);
}

// (1)
// stratum+ssl knobs: a CA bundle to trust and the verification escape hatch.
TEST_F(LoaderDiagnostics, StratumTlsKnobsAreRead) {
  dir_.Write("pool-ca.pem", "-----BEGIN CERTIFICATE-----\n");
  LoadOutcome o = Parse(With("      - url: stratum+tcp://127.0.0.11:3333\n",
                             "      - url: stratum+ssl://pool.example.kz:4443\n"
                             "        tls_ca_file: pool-ca.pem\n"
                             "        verify_tls: false\n"));
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  const StratumEndpoint& e = o.scenario->sites[0].stratum[0];
  EXPECT_TRUE(e.tls);
  EXPECT_EQ(e.host, "pool.example.kz");
  EXPECT_FALSE(e.verify_tls);
  EXPECT_EQ(e.tls_ca_file, dir_.path() + "/pool-ca.pem");
  // Defaults: verification on, the system store.
  EXPECT_TRUE(o.scenario->sites[1].stratum[0].verify_tls);
  EXPECT_EQ(o.scenario->sites[1].stratum[0].tls_ca_file, "");
}

TEST_F(LoaderDiagnostics, StratumTlsKnobsOnAPlainEndpoint) {
  LoadOutcome o = Parse(With("      - url: stratum+tcp://127.0.0.11:3333\n",
                             "      - url: stratum+tcp://127.0.0.11:3333\n"  // 11
                             "        verify_tls: false\n"));                // 12
  const Diagnostic* d =
      Expect(o, 12, 21, "'sites[0].stratum[0].verify_tls' applies only to stratum+ssl endpoints");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("stratum+ssl://127.0.0.11:3333"), std::string::npos) << d->hint;
  EXPECT_EQ(CountErrors(o), 1) << DumpDiagnostics(o);
}

TEST_F(LoaderDiagnostics, StratumTlsCaFileMissing) {
  LoadOutcome o = Parse(With("      - url: stratum+tcp://127.0.0.11:3333\n",
                             "      - url: stratum+ssl://127.0.0.11:3334\n"  // 11
                             "        tls_ca_file: nowhere.pem\n"));         // 12
  Expect(o, 12, 22,
         "file not found: " + dir_.path() + "/nowhere.pem (sites[0].stratum[0].tls_ca_file)");
  EXPECT_EQ(CountErrors(o), 1) << DumpDiagnostics(o);
}

TEST_F(LoaderDiagnostics, YamlSyntaxError) {
  LoadOutcome o = Parse(With("  pages: [\"/\"]\n", "  pages: [\"/\"\n"));
  const Diagnostic* d = Expect(o, 32, 3, "YAML syntax error: end of sequence flow not found");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("indentation"), std::string::npos);
  EXPECT_EQ(CountErrors(o), 1);
}

// (2)
TEST_F(LoaderDiagnostics, UnknownKeyWithSuggestion) {
  LoadOutcome o = Parse(With("    settlement: Astana\n", "    settlment: Astana\n"));
  const Diagnostic* d = Expect(o, 9, 5, "unknown key 'settlment' in sites[0]");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "did you mean 'settlement'?");
  // The real key is then missing, reported at the site's first key.
  Expect(o, 7, 5, "missing required key 'settlement' in sites[0]");
}

TEST_F(LoaderDiagnostics, UnknownTopLevelKeyListsAllowed) {
  LoadOutcome o = Parse(std::string(kBase) + "colour: blue\n");
  const Diagnostic* d = Expect(o, 46, 1, "unknown top-level key 'colour'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint.rfind("allowed: 'pooltest', 'name', ", 0), 0u) << d->hint;
}

// (3)
TEST_F(LoaderDiagnostics, MappingWhereStringExpected) {
  LoadOutcome o = Parse(With("name: Test pool\n", "name: {a: 1}\n"));
  Expect(o, 2, 7, "'name' must be a string, not a mapping");
}

TEST_F(LoaderDiagnostics, ListWhereMappingExpected) {
  LoadOutcome o = Parse(With("worker:\n  user: w1\n", "worker: [w1]\n"));
  const Diagnostic* d = Expect(o, 27, 9, "'worker' must be a mapping, not a list");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "write indented 'key: value' lines under this key");
}

TEST_F(LoaderDiagnostics, QuotedNumberIsNotANumber) {
  LoadOutcome o = Parse(With("    latitude: 51.17\n", "    latitude: \"51.17\"\n"));
  Expect(o, 41, 15, "'vantage_points[0].latitude' must be a number, not a quoted string");
}

// (4)
TEST_F(LoaderDiagnostics, MissingRequiredKey) {
  LoadOutcome o = Parse(With("    settlement: Almaty\n", ""));
  const Diagnostic* d = Expect(o, 17, 5, "missing required key 'settlement' in sites[1]");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "add 'settlement: ...' to sites[1]");
}

TEST_F(LoaderDiagnostics, MissingTopLevelKey) {
  LoadOutcome o = Parse(With("worker:\n  user: w1\n", ""));
  Expect(o, 1, 1, "missing required key 'worker' in the top level");
}

// (5)
TEST_F(LoaderDiagnostics, BadStratumScheme) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.11:3333", "http://127.0.0.11:3333"));
  const Diagnostic* d = Expect(o, 11, 14, "'sites[0].stratum[0].url': unsupported scheme 'http'");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("stratum+tcp:// or stratum+ssl://"), std::string::npos) << d->hint;
}

TEST_F(LoaderDiagnostics, MisspelledStratumSchemeSuggests) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.11:3333", "stratum+tpc://127.0.0.11:3333"));
  const Diagnostic* d =
      Expect(o, 11, 14, "'sites[0].stratum[0].url': unsupported scheme 'stratum+tpc'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint.rfind("did you mean 'stratum+tcp'?", 0), 0u) << d->hint;
}

// (6)
TEST_F(LoaderDiagnostics, StratumUrlWithoutPort) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.21:3333", "stratum+tcp://127.0.0.21"));
  Expect(o, 21, 14, "'sites[1].stratum[0].url': no port in 'stratum+tcp://127.0.0.21'");
}

TEST_F(LoaderDiagnostics, StratumPortOutOfRange) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.21:3333", "stratum+tcp://127.0.0.21:70000"));
  const Diagnostic* d = Expect(o, 21, 14, "'sites[1].stratum[0].url': port 70000 is out of range");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "a port is a number from 1 to 65535");
}

// (7)
TEST_F(LoaderDiagnostics, BadBinCheckDigit) {
  LoadOutcome o = Parse(With("230440012341", "230440012342"));
  const Diagnostic* d = Expect(o, 5, 8, "applicant.bin '230440012342' has an invalid check digit");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("should be 1"), std::string::npos) << d->hint;
}

// (8)
TEST_F(LoaderDiagnostics, BinNotTwelveDigits) {
  LoadOutcome o = Parse(With("\"230440012341\"", "\"23044001234\""));
  Expect(o, 5, 8, "applicant.bin must be 12 digits, got '23044001234' (11 characters)");
}

// (9)
TEST_F(LoaderDiagnostics, UnsupportedVersionStopsThere) {
  LoadOutcome o = Parse(With("pooltest: 1\n", "pooltest: 2\nfuture_key: 1\n"));
  Expect(o, 1, 11, "unsupported format version 2");
  EXPECT_EQ(o.diagnostics.size(), 1u) << DumpDiagnostics(o);
}

// (10)
TEST_F(LoaderDiagnostics, DuplicateSiteId) {
  LoadOutcome o = Parse(With("  - id: backup\n", "  - id: primary\n"));
  const Diagnostic* d = Expect(o, 17, 9, "duplicate site id 'primary'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "first used at line 7; give each site its own id");
}

// (11)
TEST_F(LoaderDiagnostics, TwoPrimaries) {
  LoadOutcome o = Parse(With("    role: backup\n", "    role: primary\n"));
  Expect(o, 18, 11, "more than one primary site ('primary' and 'backup')");
}

TEST_F(LoaderDiagnostics, NoPrimary) {
  LoadOutcome o = Parse(With("    role: primary\n", "    role: backup\n"));
  Expect(o, 7, 3, "no primary site");
}

// (12)
TEST_F(LoaderDiagnostics, NoBackup) {
  LoadOutcome o = Parse(With("    role: backup\n", "    role: primary\n"));
  const Diagnostic* d = Expect(o, 7, 3, "no backup site");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("R4.3"), std::string::npos);
}

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

// (18)
TEST_F(LoaderDiagnostics, DuplicateKey) {
  LoadOutcome o = Parse(With("name: Test pool\n", "name: Test pool\nname: Other\n"));
  const Diagnostic* d = Expect(o, 3, 1, "duplicate key 'name' in the top level");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("first set at line 2"), std::string::npos) << d->hint;
}

TEST_F(LoaderDiagnostics, DuplicateKeyInJsonObject) {
  LoadOutcome o = Parse(
      With("kk: {path_prefix: /kk}", "kk: {\"path_prefix\": \"/kk\", \"path_prefix\": \"/kz\"}"));
  Expect(o, 33, 32, "duplicate key 'path_prefix' in ui.languages.kk");
}

// (19)
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

// (21)
TEST_F(LoaderDiagnostics, UnknownRole) {
  LoadOutcome o = Parse(With("    role: primary\n", "    role: primay\n"));
  const Diagnostic* d = Expect(o, 8, 11, "'sites[0].role': unknown value 'primay'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "did you mean 'primary'? allowed: 'primary', 'backup'");
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

// (22)
TEST_F(LoaderDiagnostics, EmptyFile) {
  Expect(Parse(""), 1, 1, "the file is empty");
  Expect(Parse("# only a comment\n\n"), 1, 1, "the file is empty");
}

TEST_F(LoaderDiagnostics, FileNotFound) {
  const std::string path = dir_.path() + "/nope.yaml";
  LoadOutcome o = LoadScenarioFile(path);
  ASSERT_FALSE(o.ok());
  ASSERT_EQ(o.diagnostics.size(), 1u);
  EXPECT_EQ(o.diagnostics[0].message, "file not found: " + path);
  EXPECT_EQ(o.diagnostics[0].where.file, path);
  EXPECT_EQ(o.diagnostics[0].where.line, 0);
  EXPECT_EQ(
      FormatDiagnostic(o.diagnostics[0]),
      path + ": error: file not found: " + path + "\n  hint: check the path to the scenario file");
}

TEST_F(LoaderDiagnostics, TopLevelNotAMapping) {
  Expect(Parse("- a\n- b\n"), 1, 1, "the top level is a list, not a mapping");
  Expect(Parse("just words\n"), 1, 1, "the top level is the value 'just words', not a mapping");
}

TEST_F(LoaderDiagnostics, SecondDocument) {
  LoadOutcome o = Parse(std::string(kBase) + "---\nname: other\n");
  Expect(o, 46, 1, "text after the end of the first YAML document");
}

TEST_F(LoaderDiagnostics, JunkAfterJsonObject) {
  LoadOutcome o = Parse("{\"pooltest\": 1},\n");
  Expect(o, 1, 16, "text after the end of the first YAML document");  // the comma
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

// (23)
TEST_F(LoaderDiagnostics, InvalidAddress) {
  LoadOutcome o = Parse(With("addresses: [127.0.0.11]", "addresses: [127.0.0.300]"));
  Expect(o, 14, 21,
         "'sites[0].channels[0].addresses[0]': '127.0.0.300' is neither an IP address nor a host "
         "name");
}

TEST_F(LoaderDiagnostics, InvalidHostNameAddress) {
  LoadOutcome o = Parse(With("addresses: [127.0.0.22]", "addresses: [127.0.0.22, bad_host.kz]"));
  Expect(o, 26, 33,
         "'sites[1].channels[1].addresses[1]': 'bad_host.kz' is neither an IP address nor a host "
         "name");
}

// (24)
TEST_F(LoaderDiagnostics, UnknownVariable) {
  LoadOutcome o = Parse(std::string(kBase) +
                        "data_sources:\n"                                       // 46
                        "  asn:\n"                                              // 47
                        "    - name: a\n"                                       // 48
                        "      path: ${POOLTEST_TEST_UNDEFINED_7F3}/asn.csv\n"  // 49
                        "      format: csv\n");                                 // 50
  const Diagnostic* d = Expect(
      o, 49, 13, "unknown variable ${POOLTEST_TEST_UNDEFINED_7F3} in 'data_sources.asn[0].path'");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("environment variable POOLTEST_TEST_UNDEFINED_7F3"), std::string::npos);
}

TEST_F(LoaderDiagnostics, SiteWithOneChannelIsOnlyAWarning) {
  LoadOutcome o =
      Parse(With("      - provider: KazTransCom\n        addresses: [127.0.0.22]\n", ""));
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  bool found = false;
  for (const Diagnostic& d : o.diagnostics) {
    if (d.message != "site 'backup' declares 1 communication channel(s)") continue;
    found = true;
    EXPECT_EQ(d.severity, Diagnostic::Severity::kWarning);
    EXPECT_EQ(d.where.line, 17);
    EXPECT_EQ(d.where.column, 5);
    EXPECT_NE(d.hint.find("R4.4"), std::string::npos);
  }
  EXPECT_TRUE(found) << DumpDiagnostics(o);
}

TEST_F(LoaderDiagnostics, ReportsEveryProblemInFileOrder) {
  std::string text = With("230440012341", "230440012342");
  text.replace(text.find("role: backup"), 12, "role: backpu");
  text.replace(text.find("latitude: 51.17"), 15, "latitude: 951.17");
  LoadOutcome o = Parse(text);
  EXPECT_GE(CountErrors(o), 3) << DumpDiagnostics(o);
  Expect(o, 5, 8, "applicant.bin '230440012342' has an invalid check digit");
  Expect(o, 18, 11, "'sites[1].role': unknown value 'backpu'");
  Expect(o, 41, 15, "'vantage_points[0].latitude': 951.17 is out of range");
  for (size_t i = 1; i < o.diagnostics.size(); ++i)
    EXPECT_LE(o.diagnostics[i - 1].where.line, o.diagnostics[i].where.line);
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

TEST_F(LoaderDiagnostics, FormatDiagnosticLooksLikeACompiler) {
  Diagnostic d{Diagnostic::Severity::kError, {"s.yaml", 3, 7}, "bad thing", "do this"};
  EXPECT_EQ(FormatDiagnostic(d), "s.yaml:3:7: error: bad thing\n  hint: do this");
  d.severity = Diagnostic::Severity::kWarning;
  d.hint.clear();
  EXPECT_EQ(FormatDiagnostic(d), "s.yaml:3:7: warning: bad thing");
}

}  // namespace
}  // namespace pooltest
