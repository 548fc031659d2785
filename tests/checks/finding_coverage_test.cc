// Every outcome a check can produce has a test: each key of the finding
// catalogue must be asserted somewhere under tests/ by ExpectFinding (the
// key in the call or in a test helper named Expect… that passes it on, or
// in a {Verdict::k…, "key"} table the test passes to it). A new branch added to a check without a
// test fails here, naming it. The catalogue itself is checked too: keys unique, templates
// well-formed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "checks/finding_catalogue.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Test sources that may assert findings (this file and the helper name keys
// only to explain them).
std::map<std::string, std::string> TestSources() {
  std::map<std::string, std::string> out;
  const fs::path root = fs::path(POOLTEST_SOURCE_DIR) / "tests";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string ext = e.path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    const std::string name = e.path().filename().string();
    if (name == "finding_coverage_test.cc" || name == "expect_finding.h") continue;
    out[fs::relative(e.path(), root).string()] = Read(e.path());
  }
  return out;
}

// True when `text` holds a ';' outside braces: the call it starts with has
// ended (a lambda's body inside the call does not end it).
bool StatementEnds(const std::string& text) {
  int depth = 0;
  for (char c : text) {
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == ';' && depth <= 0) return true;
  }
  return false;
}

// How many assertions of `key` a source holds.
int Assertions(const std::string& text, const std::string& key) {
  const std::string quoted = "\"" + key + "\"";
  int n = 0;
  for (size_t at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + 1)) {
    // In an ExpectFinding call: the call opens before the key, within the
    // same statement.
    const size_t from = at > 600 ? at - 600 : 0;
    const std::string before = text.substr(from, at - from);
    // ExpectFinding, or a helper of a test named Expect… that passes the
    // key on to it (ExpectDeadBecause, ExpectUiProblem).
    static const std::regex kCall(R"(^Expect[A-Za-z]*\()");
    const size_t call = before.rfind("Expect");
    if (call != std::string::npos && std::regex_search(before.substr(call), kCall) &&
        !StatementEnds(before.substr(call))) {
      ++n;
      continue;
    }
    // In a {Verdict::kX, "key"} table row.
    const size_t brace = before.rfind('{');
    if (brace != std::string::npos &&
        std::regex_match(before.substr(brace), std::regex(R"(\{\s*Verdict::k\w+,\s*)")))
      ++n;
  }
  return n;
}

TEST(FindingCatalogue, KeysAreUniqueAndTemplatesWellFormed) {
  std::set<std::string> keys;
  for (const CatalogueEntry& e : FindingCatalogue()) {
    EXPECT_TRUE(keys.insert(e.key).second) << "duplicate key " << e.key;
    EXPECT_TRUE(
        std::regex_match(std::string(e.key), std::regex(R"([A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+)")))
        << e.key;
    int depth = 0;
    for (const char* p = e.en; *p; ++p) {
      if (*p == '{') ++depth;
      if (*p == '}') --depth;
      EXPECT_TRUE(depth == 0 || depth == 1) << e.key << ": nested or stray brace";
    }
    EXPECT_EQ(depth, 0) << e.key << ": unclosed brace";
    EXPECT_NE(std::string(e.en), "") << e.key;
  }
  EXPECT_GT(keys.size(), 100u);
}

TEST(FindingCatalogue, RenderingNamesWhatIsMissing) {
  std::vector<std::string> problems;
  EXPECT_EQ(RenderFinding({"R4.4.asn_unknown", {{"site", "p"}}}, &problems),
            "Site 'p': no ASN is known for channel {channel}; use ASN data that covers its "
            "addresses.");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("lacks argument 'channel'"), std::string::npos);
  problems.clear();
  EXPECT_EQ(RenderFinding({"no.such.key", {}}, &problems), "[finding no.such.key]");
  EXPECT_EQ(problems.size(), 1u);
  // Nested parts render in the same language; lists are joined.
  problems.clear();
  EXPECT_EQ(
      RenderFinding(
          {"R4.1.part.unsettled",
           {{"address", "a"},
            {"site", "s"},
            {"reason", Part("R4.1.reason.not_looked_up", {{"databases", {"geo-a", "geo-b"}}})}}},
          &problems),
      "a (s): no geolocation lookup was made for it in geo-a, geo-b");
  EXPECT_TRUE(problems.empty());
  // Another language's templates, from the same key and arguments.
  auto upper = [](std::string_view key) -> const char* {
    return key == "R4.1.reason.not_looked_up" ? "NOT LOOKED UP IN {databases}" : nullptr;
  };
  EXPECT_EQ(RenderFinding({"R4.1.reason.not_looked_up", {{"databases", {"g"}}}}, nullptr, upper),
            "NOT LOOKED UP IN g");
  // A key that decides no verdict cannot decide a result.
  CheckResult r;
  Decide(r, "R4.1.reason.no_country");
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_EQ(r.finding.key, "check.unknown_finding");
}

TEST(FindingCatalogue, EveryKeyIsAssertedByATest) {
  const std::map<std::string, std::string> sources = TestSources();
  ASSERT_FALSE(sources.empty());
  std::vector<std::string> untested;
  std::ostringstream table;
  int findings = 0, parts = 0;
  for (const CatalogueEntry& e : FindingCatalogue()) {
    int n = 0;
    for (const auto& [name, text] : sources) n += Assertions(text, e.key);
    (e.verdict ? findings : parts)++;
    table << e.key << "\t" << (e.verdict ? ToString(*e.verdict) : "part") << "\t" << n << "\n";
    if (n == 0) untested.push_back(e.key);
  }
  std::cout << "finding keys: " << findings << " findings, " << parts << " parts\n" << table.str();
  std::string list;
  for (const std::string& k : untested) list += "\n  " + k;
  EXPECT_TRUE(untested.empty()) << untested.size()
                                << " catalogue key(s) no test asserts with ExpectFinding:" << list;
}

}  // namespace
}  // namespace pooltest
