// The fixture of the loader diagnostics tests (loader_*diagnostics_test.cc):
// a valid scenario, kBase, whose line numbers the tests refer to; Parse() of
// a text against a scratch folder; With() to change one place of kBase; and
// Expect() to find an error with exactly a given message at line:column.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "scenarios/scenario_loader.h"
#include "tests/scenario/test_util.h"

namespace pooltest::testing {

// A valid scenario; line numbers are referred to below.
inline const char* const kBase =
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

}  // namespace pooltest::testing
