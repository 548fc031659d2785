// The lab file loader: the bundled demo lab file loads; every mistake is
// reported with its line and what to do; act numbers follow the pattern.
#include "scenarios/lab_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace pooltest {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGood = R"(pooltest_lab: 1
name: "Test lab"
bin: "230440012341"
address: "Astana"
accreditation:
  certificate: "KZ.T.02.0001"
  scope: "mining pools"
act_numbering:
  prefix: "ПТ-"
  next: 7
responsible:
  - name: "A. Person"
    position: "Head"
tsa:
  url: http://127.0.0.1:3180/tsp
  timeout: 5s
)";

LabLoadOutcome Parse(const std::string& text) {
  return ParseLabFile(text, "lab.yaml", "/nonexistent");
}

// The error whose message holds `part`, for assertions on its place and hint.
const Diagnostic* ErrorSaying(const LabLoadOutcome& o, const std::string& part) {
  for (const Diagnostic& d : o.diagnostics)
    if (d.severity == Diagnostic::Severity::kError && d.message.find(part) != std::string::npos)
      return &d;
  return nullptr;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(LabLoader, BundledDemoLabLoads) {
  LabLoadOutcome o = LoadLabFile(std::string(POOLTEST_SOURCE_DIR) + "/scenarios/demo-lab.yaml");
  ASSERT_TRUE(o.ok()) << (o.diagnostics.empty() ? "" : FormatDiagnostic(o.diagnostics[0]));
  EXPECT_FALSE(o.lab->name.empty());
  EXPECT_EQ(o.lab->responsible.size(), 2u);
  EXPECT_EQ(FormatActNumber(o.lab->numbering, 2026), "DEMO-2026/0001");
}

TEST(LabLoader, ReadsEveryField) {
  LabLoadOutcome o = Parse(kGood);
  ASSERT_TRUE(o.ok()) << FormatDiagnostic(o.diagnostics.at(0));
  const LabFile& lab = *o.lab;
  EXPECT_EQ(lab.name, "Test lab");
  EXPECT_EQ(lab.bin, "230440012341");
  EXPECT_EQ(lab.accreditation_certificate, "KZ.T.02.0001");
  EXPECT_EQ(lab.accreditation_scope, "mining pools");
  EXPECT_EQ(FormatActNumber(lab.numbering, 2026), "ПТ-7");
  ASSERT_EQ(lab.responsible.size(), 1u);
  EXPECT_EQ(lab.responsible[0].position, "Head");
  ASSERT_TRUE(lab.tsa.has_value());
  EXPECT_EQ(lab.tsa->url, "http://127.0.0.1:3180/tsp");
  EXPECT_EQ(lab.tsa->timeout, std::chrono::seconds(5));
}

// The TSA is connected to like every host: an internationalised name is
// used in its ASCII form (IDNA2008, UTS #46), the path kept as written.
TEST(LabLoader, TsaUrlWithAnInternationalisedHostIsConnectedToAsItsALabels) {
  LabLoadOutcome o =
      Parse(Replace(kGood, "  url: http://127.0.0.1:3180/tsp", "  url: http://ТСА.Қаз:3180/tsp"));
  ASSERT_TRUE(o.ok()) << FormatDiagnostic(o.diagnostics.at(0));
  ASSERT_TRUE(o.lab->tsa.has_value());
  EXPECT_EQ(o.lab->tsa->url, "http://xn--80a7ac.xn--80ao21a:3180/tsp");
  LabLoadOutcome bad = Parse(
      Replace(kGood, "  url: http://127.0.0.1:3180/tsp", "  url: http://xn--zz-zz9999.kz/tsp"));
  EXPECT_FALSE(bad.ok());
}

TEST(LabLoader, PatternNumbering) {
  EXPECT_EQ(FormatActNumber(ActNumbering{"A-{year}/{n:4}", 3}, 2027), "A-2027/0003");
  EXPECT_EQ(FormatActNumber(ActNumbering{"{n:2}", 123}, 2027), "123");
  std::string text = Replace(kGood, "  prefix: \"ПТ-\"", "  pattern: \"ПТ-{year}/{n:3}\"");
  LabLoadOutcome o = Parse(text);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(FormatActNumber(o.lab->numbering, 2026), "ПТ-2026/007");
}

struct Case {
  const char* from;
  const char* to;
  int line;
  const char* message_part;
  const char* hint_part;
};

TEST(LabLoader, MistakesAreLocatedWithWhatToDo) {
  const Case cases[] = {
      {"bin: \"230440012341\"", "bin: \"230440012342\"", 3, "invalid check digit",
       "12th digit should be 1"},
      {"bin: \"230440012341\"", "bin: \"2304\"", 3, "must be 12 digits", "registration"},
      {"  prefix: \"ПТ-\"", "  pattern: \"ПТ-{year}\"", 9, "no {n}", "{n:4}"},
      {"  prefix: \"ПТ-\"", "  pattern: \"{n}{serial}\"", 9, "unknown field {serial}", "{year}"},
      {"  next: 7", "  next: 0", 10, "must be 1 or more", "next: 1"},
      {"  prefix: \"ПТ-\"\n", "", 9, "neither prefix nor pattern", "pattern"},
      {"  url: http://127.0.0.1:3180/tsp", "  url: ftp://tsa", 15, "unsupported scheme", "http://"},
      {"  timeout: 5s", "  timeout: soon", 16, "not a duration", "30s"},
      {"  timeout: 5s", "  ca_file: missing.pem", 16, "file not found", "folder"},
      {"    position: \"Head\"", "    positon: \"Head\"", 13, "unknown key 'positon'", "position"},
      {"address: \"Astana\"\n", "", 1, "missing required key 'address'", "address"},
      {"pooltest_lab: 1", "pooltest_lab: 2", 1, "not supported", "pooltest_lab: 1"},
      {"name: \"Test lab\"", "name: [unclosed", 3, "YAML syntax error", "indentation"},
  };
  for (const Case& c : cases) {
    LabLoadOutcome o = Parse(Replace(kGood, c.from, c.to));
    EXPECT_FALSE(o.ok()) << c.to;
    const Diagnostic* d = ErrorSaying(o, c.message_part);
    ASSERT_NE(d, nullptr) << c.to << ": "
                          << (o.diagnostics.empty() ? "" : FormatDiagnostic(o.diagnostics[0]));
    EXPECT_EQ(d->where.file, "lab.yaml");
    EXPECT_EQ(d->where.line, c.line) << FormatDiagnostic(*d);
    EXPECT_NE(d->hint.find(c.hint_part), std::string::npos) << FormatDiagnostic(*d);
  }
}

TEST(LabLoader, NoTsaIsAWarningNotAnError) {
  std::string text(kGood);
  text = text.substr(0, text.find("tsa:"));
  LabLoadOutcome o = Parse(text);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o.lab->tsa.has_value());
  ASSERT_EQ(o.diagnostics.size(), 1u);
  EXPECT_EQ(o.diagnostics[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_NE(o.diagnostics[0].hint.find("expires"), std::string::npos);
}

TEST(LabLoader, CaFileResolvesAgainstTheLabFilesFolder) {
  fs::path dir = fs::temp_directory_path() / ("pooltest-lab-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "tsa-ca.pem") << "not checked by the loader\n";
  std::ofstream(dir / "lab.yaml") << Replace(kGood, "  timeout: 5s", "  ca_file: tsa-ca.pem");
  LabLoadOutcome o = LoadLabFile((dir / "lab.yaml").string());
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(fs::path(o.lab->tsa->ca_file), (dir / "tsa-ca.pem").lexically_normal());
  LabLoadOutcome missing = LoadLabFile((dir / "absent.yaml").string());
  EXPECT_FALSE(missing.ok());
  ASSERT_FALSE(missing.diagnostics.empty());
  EXPECT_NE(missing.diagnostics[0].message.find("not found"), std::string::npos);
  fs::remove_all(dir);
}

TEST(LabLoader, HugeOrEmptyFilesAreRefused) {
  EXPECT_FALSE(Parse("").ok());
  EXPECT_FALSE(Parse(std::string(kMaxLabFileBytes + 1, '#')).ok());
  EXPECT_FALSE(Parse("[1, 2]").ok());
}

}  // namespace
}  // namespace pooltest
