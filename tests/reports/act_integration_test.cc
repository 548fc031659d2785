// The act end to end on the reference pool: `pooltest demo` writes a signed
// act that openssl accepts; any flipped byte makes `pooltest verify` fail and
// name the part; the HTML act holds three languages and every check, the
// PDF has pages; a lab key from PKCS#12 signs `pooltest run`; `pooltest
// diff` on two runs (backup moved into the primary's city) reports exactly
// that change.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/runner/session.h"
#include "refpool/refpool.h"
#include "reports/act_diff.h"
#include "reports/canonical_json.h"
#include "scenarios/scenario_loader.h"
#include "tests/reports/test_pki.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using testing::FlipByte;
using testing::ReadFile;
using testing::Sh;

fs::path TempDir(const std::string& tag) {
  fs::path p =
      fs::temp_directory_path() / ("pooltest-act-" + std::to_string(::getpid()) + "-" + tag);
  fs::remove_all(p);
  return p;
}

int ExitCode(int system_status) {
  return WIFEXITED(system_status) ? WEXITSTATUS(system_status) : -1;
}

// `pooltest verify DIR --ca CA --json`: exit code and the problems.
std::pair<int, std::vector<std::string>> Verify(const fs::path& dir, const fs::path& ca) {
  fs::path out = dir.string() + ".verify.json";
  int rc = ExitCode(Sh(std::string(POOLTEST_BINARY) + " verify " + dir.string() + " --ca " +
                       ca.string() + " --json > " + out.string() + " 2>&1"));
  std::vector<std::string> problems;
  auto j = nlohmann::json::parse(ReadFile(out), nullptr, false);
  if (j.is_object()) problems = j["problems"].get<std::vector<std::string>>();
  fs::remove(out);
  return {rc, problems};
}

class DemoAct : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(TempDir("demo"));
    status_ = Sh(std::string(POOLTEST_BINARY) + " demo --out " + dir_->string() + " > " +
                 dir_->string() + ".log 2>&1");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    fs::remove(dir_->string() + ".log");
    delete dir_;
  }
  void SetUp() override {
    ASSERT_EQ(ExitCode(status_), 0) << ReadFile(dir_->string() + ".log");
    ASSERT_TRUE(fs::exists(*dir_ / "act.json")) << ReadFile(dir_->string() + ".log");
  }
  // A copy of the demo folder to tamper with.
  fs::path Copy(const std::string& tag) {
    fs::path c = TempDir(tag);
    fs::copy(*dir_, c, fs::copy_options::recursive);
    copies_.push_back(c);
    return c;
  }
  void TearDown() override {
    for (const fs::path& c : copies_) fs::remove_all(c);
  }
  static nlohmann::json Act() { return nlohmann::json::parse(ReadFile(*dir_ / "act.json")); }

  static fs::path* dir_;
  static int status_;
  std::vector<fs::path> copies_;
};
fs::path* DemoAct::dir_ = nullptr;
int DemoAct::status_ = -1;

TEST_F(DemoAct, OpensslCmsVerifyAcceptsTheSignature) {
  EXPECT_EQ(Sh("cd " + dir_->string() +
               " && openssl cms -verify -binary -inform DER -content act.json -in act.json.p7s "
               "-CAfile demo-ca.pem -out /dev/null"),
            0);
}

TEST_F(DemoAct, ActIsCanonicalCompleteAndSaysItIsADemonstration) {
  std::string bytes = ReadFile(*dir_ / "act.json");
  nlohmann::json act = nlohmann::json::parse(bytes);
  auto canonical = CanonicalJson(act);
  ASSERT_TRUE(canonical.ok());
  EXPECT_EQ(*canonical, bytes);
  EXPECT_TRUE(act["signature"]["demonstration"].get<bool>());
  EXPECT_NE(act["signature"]["note"].get<std::string>().find("throwaway demonstration key"),
            std::string::npos);
  std::set<std::string> listed;
  for (const auto& m : act["manifest"]) listed.insert(m["file"].get<std::string>());
  for (const char* f :
       {"evidence.jsonl", "scenario.yaml", "results.json", "junit.xml", "demo-ca.pem"})
    EXPECT_TRUE(listed.count(f)) << f;
  EXPECT_FALSE(listed.count("act.json"));
  EXPECT_EQ(act["conditions"].size(), 7u);
  EXPECT_EQ(act["scenario"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(act["run"]["started_kz"].get<std::string>().empty());
  ASSERT_GE(act["documents"].size(), 2u);
  EXPECT_EQ(act["documents"][0]["sha256"].get<std::string>().size(), 64u);
  for (const auto& c : act["checks"]) {
    for (const auto& e : c["evidence"]) {
      EXPECT_EQ(e["sha256"].get<std::string>().size(), 64u) << c["id"];
      EXPECT_GT(e["line"].get<int>(), 0) << c["id"];
    }
  }
  auto [rc, problems] = Verify(*dir_, *dir_ / "demo-ca.pem");
  EXPECT_EQ(rc, 0);
  EXPECT_TRUE(problems.empty()) << problems[0];
}

TEST_F(DemoAct, FlippedByteInTheActFailsVerifyNamingIt) {
  fs::path c = Copy("flip-act");
  FlipByte(c / "act.json", ReadFile(c / "act.json").size() / 2);
  auto [rc, problems] = Verify(c, c / "demo-ca.pem");
  EXPECT_NE(rc, 0);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].rfind("act.json:", 0), 0u) << problems[0];
}

TEST_F(DemoAct, FlippedByteInEvidenceFailsVerifyNamingTheFile) {
  fs::path c = Copy("flip-evidence");
  FlipByte(c / "evidence.jsonl", 100);
  auto [rc, problems] = Verify(c, c / "demo-ca.pem");
  EXPECT_NE(rc, 0);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("evidence.jsonl: changed", 0), 0u) << problems[0];
}

TEST_F(DemoAct, FlippedByteInTheSignatureFailsVerifyNamingIt) {
  for (size_t at :
       {size_t{0} - 3, size_t{200}, size_t{10}}) {  // signature value, certificate, header
    fs::path c = Copy("flip-sig-" + std::to_string(at % 1000));
    std::string sig = ReadFile(c / "act.json.p7s");
    FlipByte(c / "act.json.p7s", at == size_t{0} - 3 ? sig.size() - 3 : at);
    auto [rc, problems] = Verify(c, c / "demo-ca.pem");
    EXPECT_NE(rc, 0) << at;
    ASSERT_FALSE(problems.empty()) << at;
    EXPECT_EQ(problems[0].rfind("act.json.p7s:", 0), 0u) << problems[0];
  }
}

TEST_F(DemoAct, ChangedScenarioCopyAndAddedFileAreNamed) {
  fs::path c = Copy("scenario");
  FlipByte(c / "scenario.yaml", 5);
  testing::WriteFile(c / "extra.txt", "x");
  auto [rc, problems] = Verify(c, c / "demo-ca.pem");
  EXPECT_NE(rc, 0);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_NE(all.find("scenario.yaml: changed"), std::string::npos) << all;
  EXPECT_NE(all.find("extra.txt: not listed"), std::string::npos) << all;
}

// A tree deeper than PATH_MAX: listing it fails whoever runs the test (root
// included, unlike a folder without read permission).
void MakeUnlistableTree(const fs::path& under) {
  int fd = ::open(under.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  const std::string name(200, 'd');
  for (int depth = 0; depth < 30; ++depth) {  // 30 x 201 bytes > PATH_MAX (4096)
    ASSERT_EQ(::mkdirat(fd, name.c_str(), 0755), 0) << depth;
    int next = ::openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY);
    ::close(fd);
    ASSERT_GE(next, 0) << depth;
    fd = next;
  }
  int file = ::openat(fd, "hidden.txt", O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(file, 0);
  ::close(file);
  ::close(fd);
}

TEST_F(DemoAct, AFolderThatCannotBeListedIsAVerificationProblem) {
  fs::path c = Copy("unlistable");
  MakeUnlistableTree(c);
  auto [rc, problems] = Verify(c, c / "demo-ca.pem");
  EXPECT_NE(rc, 0);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_NE(all.find(c.string() + ": cannot be listed, so a file added after the act was made "
                                  "cannot be ruled out"),
            std::string::npos)
      << all;
  // Removing a tree deeper than PATH_MAX needs rm, not std::filesystem.
  EXPECT_EQ(Sh("rm -rf " + c.string()), 0);
}

TEST_F(DemoAct, HtmlHasThreeLanguagesAndEveryCheckAndPdfHasPages) {
  std::string html = ReadFile(*dir_ / "act.html");
  ASSERT_FALSE(html.empty());
  for (const char* part :
       {"<section class=\"part\" lang=\"kk\"", "<section class=\"part\" lang=\"ru\"",
        "<section class=\"part\" lang=\"en\""})
    EXPECT_NE(html.find(part), std::string::npos) << part;
  EXPECT_NE(html.find("Цифрлық майнингтік пулдың аккредиттеу шарттарына сәйкестігін сынау актісі"),
            std::string::npos);
  EXPECT_NE(html.find("Акт испытаний цифрового майнингового пула"), std::string::npos);
  EXPECT_NE(html.find("Test act on the conformity of a digital mining pool"), std::string::npos);
  EXPECT_NE(html.find("throwaway demonstration key"), std::string::npos);
  for (const auto& c : Act()["checks"]) {
    std::string id = ">" + c["id"].get<std::string>() + "<";
    size_t n = 0;
    for (size_t p = html.find(id); p != std::string::npos; p = html.find(id, p + 1)) ++n;
    EXPECT_GE(n, 3u) << id << " should appear in each language";
  }
  std::string pdf = ReadFile(*dir_ / "act.pdf");
  ASSERT_GT(pdf.size(), 1000u);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  std::regex page("/Type\\s*/Page[^s]");
  size_t pages =
      std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator());
  EXPECT_GE(pages, 3u) << "one part per language, each from a new page";
}

// Scenario loading as in tests/integration/pool_run_test.cc: `world`
// selects the reference pool's world databases.
Scenario Demo(const fs::path& scratch, const std::string& world) {
  std::string data = POOLTEST_DATA_DIR;
  if (!world.empty()) {
    fs::path dir = scratch / "data";
    fs::create_directories(dir);
    for (const char* kind : {"geo", "asn"}) {
      fs::path src = fs::path(POOLTEST_DATA_DIR) / ("refpool-" + world + "-" + kind + ".mmdb");
      if (!fs::exists(src))
        src = fs::path(POOLTEST_DATA_DIR) / ("refpool-" + std::string(kind) + ".mmdb");
      fs::copy_file(src, dir / ("refpool-" + std::string(kind) + ".mmdb"),
                    fs::copy_options::overwrite_existing);
    }
    data = dir.string();
  }
  LoadOptions opts;
  opts.variables["POOLTEST_DATA"] = data;
  LoadOutcome lo =
      LoadScenarioFile(std::string(POOLTEST_SOURCE_DIR) + "/scenarios/demo.yaml", opts);
  for (const auto& d : lo.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
  Scenario sc = lo.scenario.value_or(Scenario{});
  sc.thresholds.support_probe_window = std::chrono::seconds(5);
  sc.output.formats = {"json"};
  return sc;
}

nlohmann::json RunAct(const Scenario& sc, const fs::path& out) {
  auto pool = Refpool::Start(DefaultRefpoolConfig());
  EXPECT_TRUE(pool.ok()) << (pool.ok() ? "" : pool.error().message);
  SessionOptions opts;
  opts.out_dir = out.string();
  opts.harness_version = "test";
  opts.handle_signals = false;
  auto outcome = RunSession(sc, opts);
  if (pool) (*pool)->Stop();
  EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().message);
  return nlohmann::json::parse(ReadFile(out / "act.json"), nullptr, false);
}

TEST(ActDiffOnPool, BackupMovedIntoTheSameCityIsExactlyTheChange) {
  fs::path scratch = TempDir("diff");
  fs::create_directories(scratch);
  nlohmann::json before = RunAct(Demo(scratch, ""), scratch / "before");
  nlohmann::json after = RunAct(Demo(scratch, "backup-same-city"), scratch / "after");
  ASSERT_TRUE(before.is_object());
  ASSERT_TRUE(after.is_object());
  std::vector<ActChange> changes = DiffActs(before, after, DiffOptions{});
  SCOPED_TRACE(DiffTable(changes));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, "verdict");
  EXPECT_EQ(changes[0].subject, "R4.3.backup.backup");
  EXPECT_EQ(changes[0].before, "pass");
  EXPECT_EQ(changes[0].after, "fail");
  EXPECT_EQ(changes[1].kind, "settlement");
  EXPECT_EQ(changes[1].subject, "backup");
  EXPECT_NE(changes[1].before, changes[1].after);
  // The same through the CLI, as JSON.
  int rc =
      ExitCode(Sh(std::string(POOLTEST_BINARY) + " diff " + (scratch / "before").string() + " " +
                  (scratch / "after").string() + " --json > " + (scratch / "diff.json").string()));
  EXPECT_EQ(rc, 1);
  auto j = nlohmann::json::parse(ReadFile(scratch / "diff.json"), nullptr, false);
  EXPECT_EQ(j["count"], 2);
  if (!::testing::Test::HasFailure()) fs::remove_all(scratch);
}

TEST(SignedRun, LabRsaKeyFromPkcs12WithPasswordInEnvironment) {
  testing::TestPki pki;
  ASSERT_EQ(pki.Make("run"), "");
  fs::path out = TempDir("signed-run");
  auto pool = Refpool::Start(DefaultRefpoolConfig());
  ASSERT_TRUE(pool.ok()) << pool.error().message;
  std::string log = out.string() + ".log";
  int rc = ExitCode(Sh("POOLTEST_TEST_P12_PASSWORD='" + pki.password + "' " + POOLTEST_BINARY +
                       " run " + POOLTEST_SOURCE_DIR + "/scenarios/demo.yaml -q --out " +
                       out.string() + " --sign-p12 " + (pki.dir / "rsa.p12").string() +
                       " --sign-password-env POOLTEST_TEST_P12_PASSWORD > " + log + " 2>&1"));
  (*pool)->Stop();
  std::string output = ReadFile(log);
  // R4.5 stays inconclusive in one run: exit 2 (not positive), act written.
  EXPECT_EQ(rc, 2) << output;
  EXPECT_EQ(output.find(pki.password), std::string::npos) << "the password must not be logged";
  EXPECT_EQ(Sh("openssl cms -verify -binary -inform DER -content " + (out / "act.json").string() +
               " -in " + (out / "act.json.p7s").string() + " -CAfile " +
               (pki.dir / "ca.pem").string() + " -out /dev/null"),
            0);
  auto act = nlohmann::json::parse(ReadFile(out / "act.json"), nullptr, false);
  ASSERT_TRUE(act.is_object());
  EXPECT_FALSE(act["signature"]["demonstration"].get<bool>());
  EXPECT_NE(act["signature"]["signer"].get<std::string>().find("Lab RSA"), std::string::npos);
  auto [vrc, problems] = Verify(out, pki.dir / "ca.pem");
  EXPECT_EQ(vrc, 0) << (problems.empty() ? "" : problems[0]);
  auto [orc, other] = Verify(out, pki.dir / "other-ca.pem");
  EXPECT_NE(orc, 0);
  if (!::testing::Test::HasFailure()) {
    fs::remove_all(out);
    fs::remove(log);
  }
}

}  // namespace
}  // namespace pooltest
