// Every kind of mistake the loader diagnoses, each at its exact place: file,
// 1-based line and column, and the message a user reads. This file: the
// file as a whole and the reading every section shares (YAML syntax, keys,
// types, version, ${NAME} variables, order and format of diagnostics); the
// sections' own checks are in loader_site_diagnostics_test.cc and
// loader_section_diagnostics_test.cc.
#include <gtest/gtest.h>

#include "scenarios/scenario_loader.h"
#include "tests/scenario/loader_diagnostics_fixture.h"
#include "tests/scenario/test_util.h"

namespace pooltest {
namespace {

using testing::CountErrors;
using testing::DumpDiagnostics;
using testing::kBase;
using testing::LoaderDiagnostics;

TEST_F(LoaderDiagnostics, BaseIsValid) {
  LoadOutcome o = Parse(kBase);
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  EXPECT_EQ(CountErrors(o), 0);
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

// (9)
TEST_F(LoaderDiagnostics, UnsupportedVersionStopsThere) {
  LoadOutcome o = Parse(With("pooltest: 1\n", "pooltest: 2\nfuture_key: 1\n"));
  Expect(o, 1, 11, "unsupported format version 2");
  EXPECT_EQ(o.diagnostics.size(), 1u) << DumpDiagnostics(o);
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

TEST_F(LoaderDiagnostics, FormatDiagnosticLooksLikeACompiler) {
  Diagnostic d{Diagnostic::Severity::kError, {"s.yaml", 3, 7}, "bad thing", "do this"};
  EXPECT_EQ(FormatDiagnostic(d), "s.yaml:3:7: error: bad thing\n  hint: do this");
  d.severity = Diagnostic::Severity::kWarning;
  d.hint.clear();
  EXPECT_EQ(FormatDiagnostic(d), "s.yaml:3:7: warning: bad thing");
}

}  // namespace
}  // namespace pooltest
