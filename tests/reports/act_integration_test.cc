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
#include <map>
#include <regex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/runner/session.h"
#include "refpool/refpool.h"
#include "refpool/refpool_block.h"
#include "reports/act_diff.h"
#include "reports/act_html.h"
#include "reports/act_timestamp.h"
#include "reports/canonical_json.h"
#include "scenarios/scenario_loader.h"
#include "tests/demo_in_block.h"
#include "tests/reports/english_in_part.h"
#include "tests/reports/test_pki.h"
#include "tests/reports/test_tsa.h"

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

// `pooltest verify DIR --ca CA --json EXTRA`: exit code and the whole
// JSON result.
std::pair<int, nlohmann::json> VerifyJson(const fs::path& dir, const fs::path& ca,
                                          const std::string& extra) {
  fs::path out = dir.string() + ".verify.json";
  int rc = ExitCode(Sh(std::string(POOLTEST_BINARY) + " verify " + dir.string() + " --ca " +
                       ca.string() + " --json " + extra + " > " + out.string() + " 2>&1"));
  auto j = nlohmann::json::parse(ReadFile(out), nullptr, false);
  fs::remove(out);
  return {rc, j};
}

// The same: exit code and the problems.
std::pair<int, std::vector<std::string>> Verify(const fs::path& dir, const fs::path& ca,
                                                const std::string& extra = "") {
  auto [rc, j] = VerifyJson(dir, ca, extra);
  std::vector<std::string> problems;
  if (j.is_object()) problems = j["problems"].get<std::vector<std::string>>();
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
    fs::remove(Ca());
    fs::remove(TsaCa());
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
  // The demo's CA certificates, written next to the act folder (not in it).
  static fs::path Ca() { return dir_->string() + ".demo-ca.pem"; }
  static fs::path TsaCa() { return dir_->string() + ".demo-tsa-ca.pem"; }
  static std::string TsaArg() { return "--tsa-ca " + TsaCa().string(); }

  static fs::path* dir_;
  static int status_;
  std::vector<fs::path> copies_;
};
fs::path* DemoAct::dir_ = nullptr;
int DemoAct::status_ = -1;

TEST_F(DemoAct, OpensslCmsVerifyAcceptsTheSignature) {
  EXPECT_EQ(Sh("cd " + dir_->string() +
               " && openssl cms -verify -binary -inform DER -content act.json -in act.json.p7s "
               "-CAfile " +
               Ca().string() + " -out /dev/null"),
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
  for (const char* f : {"evidence.jsonl", "scenario.yaml", "results.json", "junit.xml"})
    EXPECT_TRUE(listed.count(f)) << f;
  EXPECT_FALSE(listed.count("act.json"));
  EXPECT_EQ(act["conditions"].size(), 7u);
  // The bundled throwaway lab file's numbering and persons.
  EXPECT_EQ(act["lab"]["act_number"].get<std::string>().rfind("DEMO-", 0), 0u) << act["lab"];
  EXPECT_EQ(act["lab"]["responsible"].size(), 2u);
  EXPECT_EQ(act["lab"]["bin"], "230440012341");
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
  auto [rc, problems] = Verify(*dir_, Ca(), TsaArg());
  EXPECT_EQ(rc, 0);
  EXPECT_TRUE(problems.empty()) << problems[0];
}

TEST_F(DemoAct, FlippedByteInTheActFailsVerifyNamingIt) {
  fs::path c = Copy("flip-act");
  FlipByte(c / "act.json", ReadFile(c / "act.json").size() / 2);
  auto [rc, problems] = Verify(c, Ca(), TsaArg());
  EXPECT_NE(rc, 0);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].rfind("act.json:", 0), 0u) << problems[0];
}

TEST_F(DemoAct, FlippedByteInEvidenceFailsVerifyNamingTheFile) {
  fs::path c = Copy("flip-evidence");
  FlipByte(c / "evidence.jsonl", 100);
  auto [rc, problems] = Verify(c, Ca(), TsaArg());
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
    auto [rc, problems] = Verify(c, Ca(), TsaArg());
    EXPECT_NE(rc, 0) << at;
    ASSERT_FALSE(problems.empty()) << at;
    EXPECT_EQ(problems[0].rfind("act.json.p7s:", 0), 0u) << problems[0];
  }
}

TEST_F(DemoAct, ChangedScenarioCopyAndAddedFileAreNamed) {
  fs::path c = Copy("scenario");
  FlipByte(c / "scenario.yaml", 5);
  testing::WriteFile(c / "extra.txt", "x");
  auto [rc, problems] = Verify(c, Ca(), TsaArg());
  EXPECT_NE(rc, 0);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_NE(all.find("scenario.yaml: changed"), std::string::npos) << all;
  EXPECT_NE(all.find("extra.txt: not listed"), std::string::npos) << all;
}

// Every string of a JSON value, depth first, with its JSON pointer.
void Strings(const nlohmann::json& j, const std::string& at,
             std::vector<std::pair<std::string, std::string>>* out) {
  if (j.is_string()) {
    out->emplace_back(at, j.get<std::string>());
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      out->emplace_back(at + "/" + it.key() + " (key)", it.key());
      Strings(it.value(), at + "/" + it.key(), out);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) Strings(j[i], at + "/" + std::to_string(i), out);
  }
}

// A path of this machine: one under the source, build or temporary folder,
// or any absolute path naming a file or folder that exists here ("/" alone
// is a URL path too, and "/help" does not exist).
std::string MachinePathIn(const std::string& s, const fs::path& out_dir) {
  for (const std::string& root :
       {std::string(POOLTEST_SOURCE_DIR), std::string(POOLTEST_DATA_DIR),
        fs::temp_directory_path().string(), fs::absolute(out_dir).string(), std::string("/work/"),
        std::string("/home/"), std::string("/root/")}) {
    if (s.find(root) != std::string::npos) return root;
  }
  std::error_code ec;
  if (s.size() > 1 && s[0] == '/' && fs::exists(s, ec)) return s;
  return "";
}

TEST_F(DemoAct, NoPathOfTheLabsMachineInActResultsOrHtml) {
  for (const char* file : {"act.json", "results.json"}) {
    std::vector<std::pair<std::string, std::string>> strings;
    Strings(nlohmann::json::parse(ReadFile(*dir_ / file)), "", &strings);
    EXPECT_GT(strings.size(), 100u) << file;
    for (const auto& [at, s] : strings)
      EXPECT_EQ(MachinePathIn(s, *dir_), "") << file << " " << at << ": " << s;
  }
  std::string html = ReadFile(*dir_ / "act.html");
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(MachinePathIn(html, *dir_), "") << "act.html";
}

TEST_F(DemoAct, AttestedDocumentsAreCopiedIntoTheActAndItsManifest) {
  nlohmann::json act = Act();
  std::map<std::string, std::string> manifest;
  for (const auto& m : act["manifest"]) manifest[m["file"]] = m["sha256"];
  ASSERT_GE(act["documents"].size(), 2u);
  for (const auto& d : act["documents"]) {
    const std::string file = d["file"];
    EXPECT_EQ(file.rfind("documents/", 0), 0u) << file;
    ASSERT_TRUE(fs::exists(*dir_ / file)) << file;
    EXPECT_EQ(manifest[file], d["sha256"]) << file << " must be in the signed manifest";
    // The copy is the file the scenario names, byte for byte.
    EXPECT_EQ(ReadFile(*dir_ / file), ReadFile(fs::path(POOLTEST_SOURCE_DIR) / "scenarios" /
                                               "documents" / fs::path(file).filename()))
        << file;
  }
}

TEST_F(DemoAct, ChangedDocumentCopyFailsVerifyNamingIt) {
  fs::path c = Copy("flip-document");
  const std::string file = Act()["documents"][0]["file"];
  FlipByte(c / file, 3);
  auto [rc, problems] = Verify(c, Ca(), TsaArg());
  EXPECT_NE(rc, 0);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind(file + ": changed", 0), 0u) << problems[0];
}

TEST_F(DemoAct, TrustedTimeKeepsTheActVerifiableAfterTheCertificateExpires) {
  // The demo's lab certificate lasts 2 days; in 2030 only the time-stamp
  // can tell that it was valid when the act was signed.
  auto [rc, j] = VerifyJson(*dir_, Ca(), "--tsa-ca " + TsaCa().string() + " --at 2030-01-01");
  EXPECT_EQ(rc, 0) << j.dump(2);
  EXPECT_TRUE(j["problems"].empty()) << j.dump(2);
  EXPECT_TRUE(j["warnings"].empty()) << j.dump(2);
  EXPECT_FALSE(j["timestamp"].get<std::string>().empty());

  // The same act without its token says why it cannot verify: expired.
  fs::path c = Copy("no-token");
  auto bare = RemoveSignatureTimestamp(ReadFile(c / "act.json.p7s"));
  ASSERT_TRUE(bare.ok());
  testing::WriteFile(c / "act.json.p7s", *bare);
  auto [brc, bj] = VerifyJson(c, Ca(), "--tsa-ca " + TsaCa().string() + " --at 2030-01-01");
  EXPECT_NE(brc, 0);
  ASSERT_EQ(bj["problems"].size(), 1u) << bj.dump(2);
  const std::string why = bj["problems"][0];
  EXPECT_EQ(why.rfind("act.json.p7s: expired: ", 0), 0u) << why;
  EXPECT_NE(why.find("no time-stamp token"), std::string::npos) << why;
  // Today both verify; the bare one at the present time.
  EXPECT_EQ(Verify(c, Ca(), TsaArg()).first, 0);
  // A token is only trusted time once checked: without --tsa-ca, verify
  // says what is missing.
  auto [nrc, nj] = VerifyJson(*dir_, Ca(), "");
  EXPECT_NE(nrc, 0);
  ASSERT_EQ(nj["problems"].size(), 1u) << nj.dump(2);
  EXPECT_NE(nj["problems"][0].get<std::string>().find("--tsa-ca"), std::string::npos);

  // A TSA CA that is not the TSA's: the token does not verify.
  auto [wrc, wj] = VerifyJson(*dir_, TsaCa(), "--tsa-ca " + Ca().string());
  EXPECT_NE(wrc, 0) << wj.dump(2);
}

// The dossier of the real demo act (issue 16): Annex 1 in Kazakh and
// Russian with the demo's name, BIN and settlements; the backup and UI
// letters drafted (R4.3 and R4.6 pass); the support letter missing, citing
// R4.5 (one run cannot show 24/7 support); the rental contract missing; the
// R4.7 letter attached from the act; for each route and request. For a
// re-issue only the application and the rental contract are listed.
TEST_F(DemoAct, DossierOfTheDemoActIsPrefilledAndSaysWhatIsMissing) {
  struct Case {
    const char* route;
    const char* request;
    std::vector<std::string> ids;
  };
  const Case cases[] = {
      {"portal",
       "new",
       {"application", "backup_letter", "rental_contract", "support_letter", "ui_letter",
        "integration_letter"}},
      {"office",
       "new",
       {"application", "backup_letter", "rental_contract", "support_letter", "ui_letter",
        "integration_letter"}},
      {"portal", "reissue", {"application", "rental_contract"}},
      {"office", "reissue", {"application", "rental_contract"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.route) + "/" + c.request);
    const fs::path out = TempDir(std::string("dossier-") + c.route + "-" + c.request);
    const int rc = ExitCode(Sh(std::string(POOLTEST_BINARY) + " dossier " + dir_->string() +
                               " --out " + out.string() + " --ca " + Ca().string() + " " +
                               TsaArg() + " --route " + c.route + " --request " + c.request +
                               " --json > " + out.string() + ".json 2> " + out.string() + ".err"));
    EXPECT_EQ(rc, 2) << ReadFile(out.string() + ".err");  // written; the rental contract is missing
    nlohmann::json d = nlohmann::json::parse(ReadFile(out / "dossier.json"), nullptr, false);
    ASSERT_FALSE(d.is_discarded()) << ReadFile(out.string() + ".err");
    std::vector<std::string> ids;
    std::map<std::string, std::string> status;
    for (const nlohmann::json& doc : d["documents"]) {
      ids.push_back(doc["id"]);
      status[doc["id"]] = doc["status"];
    }
    EXPECT_EQ(ids, c.ids);
    EXPECT_EQ(status["application"], "drafted");
    EXPECT_EQ(status["rental_contract"], "missing");
    const std::string kk = ReadFile(out / "annex1-kk.html");
    const std::string ru = ReadFile(out / "annex1-ru.html");
    for (const std::string* page : {&kk, &ru}) {
      EXPECT_NE(page->find("230440012341"), std::string::npos);
      EXPECT_NE(page->find("Demo Mining Pool"), std::string::npos);
    }
    EXPECT_NE(kk.find("Өтініш"), std::string::npos);
    EXPECT_NE(kk.find("Астана"), std::string::npos);
    EXPECT_NE(kk.find("Алматы"), std::string::npos);
    EXPECT_NE(ru.find("Заявление"), std::string::npos);
    EXPECT_NE(ru.find("Астана"), std::string::npos);
    EXPECT_NE(ru.find("Алматы"), std::string::npos);
    EXPECT_TRUE(fs::exists(out / "annex1-kk.pdf"));
    EXPECT_TRUE(fs::exists(out / "annex1-ru.docx"));
    if (std::string(c.request) == "new") {
      EXPECT_EQ(status["backup_letter"], "drafted");
      EXPECT_EQ(status["ui_letter"], "drafted");
      EXPECT_EQ(status["integration_letter"], "attached");
      EXPECT_EQ(status["support_letter"], "missing");
      EXPECT_TRUE(fs::exists(out / "letter-backup-kk.pdf"));
      EXPECT_FALSE(fs::exists(out / "letter-support-kk.html"));
      EXPECT_NE(d.dump().find("R4.5"), std::string::npos);
    } else {
      EXPECT_NE(kk.find("қайта ресімдеуді сұраймын"), std::string::npos);
    }
    fs::remove_all(out);
  }
}

TEST_F(DemoAct, OpensslTsVerifyAcceptsTheExtractedToken) {
  const std::string sig = ReadFile(*dir_ / "act.json.p7s");
  auto token = SignatureTimestampToken(sig);
  ASSERT_TRUE(token.ok() && token->has_value());
  fs::path c = Copy("token");
  testing::WriteFile(c / "token.der", **token);
  EXPECT_EQ(Sh("cd " + c.string() + " && openssl ts -verify -token_in -in token.der -digest " +
               testing::SignatureValueSha256(sig) + " -CAfile " + TsaCa().string() +
               " 2>/dev/null | grep -q 'Verification: OK'"),
            0);
}

TEST_F(DemoAct, ACaFileInsideTheActFolderIsWarnedAbout) {
  fs::path c = Copy("ca-inside");
  fs::copy_file(Ca(), c / "ca.pem");
  auto [rc, j] = VerifyJson(c, c / "ca.pem", TsaArg());
  // It is also an added file, so the act does not verify; and it is warned.
  EXPECT_NE(rc, 0);
  ASSERT_EQ(j["warnings"].size(), 1u) << j.dump(2);
  EXPECT_NE(j["warnings"][0].get<std::string>().find("inside the act folder"), std::string::npos);
  auto [orc, oj] = VerifyJson(*dir_, Ca(), TsaArg());
  EXPECT_EQ(orc, 0);
  EXPECT_TRUE(oj["warnings"].empty()) << oj.dump(2);
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
  auto [rc, problems] = Verify(c, Ca(), TsaArg());
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
  for (const char* part : {"<section class=\"part part-kk\" lang=\"kk\"",
                           "<section class=\"part part-ru\" lang=\"ru\"",
                           "<section class=\"part part-en\" lang=\"en\""})
    EXPECT_NE(html.find(part), std::string::npos) << part;
  EXPECT_NE(html.find("Цифрлық майнингтік пулдың аккредиттеу шарттарына сәйкестігін сынау актісі"),
            std::string::npos);
  EXPECT_NE(html.find("Акт испытаний цифрового майнингового пула"), std::string::npos);
  EXPECT_NE(html.find("Test act on the conformity of a digital mining pool"), std::string::npos);
  EXPECT_NE(html.find("throwaway demonstration key"), std::string::npos);
  for (const char* lab : {"Сынақ зертханасы", "Испытательная лаборатория", "Testing laboratory"})
    EXPECT_NE(html.find(lab), std::string::npos) << lab;
  // Named: a range-for over a member of the temporary Act() reads freed memory.
  const nlohmann::json act = Act();
  for (const auto& c : act["checks"]) {
    std::string id = ">" + c["id"].get<std::string>() + "<";
    size_t n = 0;
    for (size_t p = html.find(id); p != std::string::npos; p = html.find(id, p + 1)) ++n;
    EXPECT_GE(n, 3u) << id << " should appear in each language";
  }
  // Tables for people, not JSON paths: the complete figures are in act.json.
  EXPECT_EQ(html.find("addresses[0]"), std::string::npos);
  EXPECT_EQ(html.find("channels[0]"), std::string::npos);
  for (const char* table : {"Мекенжайлардың орналасқан жері", "Местоположение адресов",
                            "Where each address is", "Каналы связи", "Organisation (by ASN)"})
    EXPECT_NE(html.find(table), std::string::npos) << table;
  std::string pdf = ReadFile(*dir_ / "act.pdf");
  ASSERT_GT(pdf.size(), 1000u);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  std::regex page("/Type\\s*/Page[^s]");
  size_t pages =
      std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator());
  EXPECT_GE(pages, 3u) << "one part per language, each from a new page";
}

// Every sentence of the demo act's Kazakh and Russian parts is in the part's
// language: no English beyond the evidence and names it quotes.
TEST_F(DemoAct, KazakhAndRussianPartsHaveNoEnglishSentence) {
  const std::string html = ReadFile(*dir_ / "act.html");
  for (const char* lang : {"kk", "ru"}) {
    SCOPED_TRACE(lang);
    const std::string text = testing::PartText(html, lang);
    ASSERT_GT(text.size(), 1000u);
    EXPECT_EQ(testing::EnglishRuns(text), std::vector<std::string>{});
    EXPECT_EQ(text.find("[EN]"), std::string::npos);
  }
  EXPECT_NE(html.find("№ 404/НҚ"), std::string::npos);
  EXPECT_NE(html.find("№ 32315"), std::string::npos);
  EXPECT_EQ(html.find("primary (primary)"), std::string::npos);
}

// Scenario loading as in tests/integration/pool_run_test.cc: `world`
// selects the reference pool's world databases.
// demo.yaml in the test's loopback block `block`, its databases those of
// the reference pool's `world` ("" = the conforming one).
Scenario Demo(const LoopbackBlock& block, const fs::path& scratch, const std::string& world) {
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
  LoadOutcome lo = LoadDemoIn(block, data);
  for (const auto& d : lo.diagnostics) ADD_FAILURE() << FormatDiagnostic(d);
  Scenario sc = lo.scenario.value_or(Scenario{});
  sc.thresholds.support_probe_window = std::chrono::seconds(5);
  sc.output.formats = {"json"};
  return sc;
}

// The test's loopback block, claimed for as long as the test runs.
BlockClaim ClaimTestBlock() {
  auto claim = ClaimBlockFor(DefaultRefpoolConfig());
  EXPECT_TRUE(claim) << claim.error().message;
  return claim ? std::move(*claim) : BlockClaim();
}

nlohmann::json RunAct(const LoopbackBlock& block, const Scenario& sc, const fs::path& out) {
  auto pool = Refpool::Start(RebaseRefpoolConfig(DefaultRefpoolConfig(), block));
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
  const BlockClaim claim = ClaimTestBlock();
  const LoopbackBlock& block = claim.block();
  nlohmann::json before = RunAct(block, Demo(block, scratch, ""), scratch / "before");
  nlohmann::json after = RunAct(block, Demo(block, scratch, "backup-same-city"), scratch / "after");
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

// Acts of failing runs (the backup in the primary's city; every channel of
// one provider): their fail and inconclusive findings read in kk and ru.
TEST(FailingRunAct, KazakhAndRussianPartsHaveNoEnglishSentence) {
  fs::path scratch = TempDir("failing");
  fs::create_directories(scratch);
  const BlockClaim claim = ClaimTestBlock();
  for (const char* world : {"backup-same-city", "one-provider"}) {
    SCOPED_TRACE(world);
    const nlohmann::json act =
        RunAct(claim.block(), Demo(claim.block(), scratch, world), scratch / world);
    ASSERT_TRUE(act.is_object());
    int failing = 0;
    for (const nlohmann::json& c : act["checks"]) failing += c["verdict"] == "fail";
    EXPECT_GE(failing, 1);
    const std::string html = ActHtml(act);
    for (const char* lang : {"kk", "ru"}) {
      SCOPED_TRACE(lang);
      const std::string text = testing::PartText(html, lang);
      EXPECT_EQ(testing::EnglishRuns(text), std::vector<std::string>{});
      EXPECT_EQ(text.find("[EN]"), std::string::npos);
    }
  }
  if (!::testing::Test::HasFailure()) fs::remove_all(scratch);
}

TEST(SignedRun, LabRsaKeyFromPkcs12WithPasswordInEnvironment) {
  testing::TestPki pki;
  ASSERT_EQ(pki.Make("run"), "");
  // The lab file names a real TSA (openssl ts -reply) on loopback.
  testing::TestTsa tsa;
  ASSERT_EQ(tsa.Start("run"), "");
  const fs::path lab = pki.dir / "lab.yaml";
  const std::string demo_lab =
      ReadFile(fs::path(POOLTEST_SOURCE_DIR) / "scenarios" / "demo-lab.yaml");
  testing::WriteFile(lab, demo_lab.substr(0, demo_lab.find("tsa:")) + "tsa:\n  url: " +
                              tsa.server->url() + "\n  ca_file: " + tsa.ca() + "\n");
  fs::path out = TempDir("signed-run");
  auto pool = StartRefpoolInBlock(DefaultRefpoolConfig(), std::nullopt);
  ASSERT_TRUE(pool.ok()) << pool.error().message;
  // demo.yaml rebased into the pool's block, next to a copy of the
  // documents it names by relative path.
  const fs::path scenario = pki.dir / "demo.yaml";
  testing::WriteFile(scenario, DemoTextIn(pool->block()));
  fs::copy(fs::path(POOLTEST_SOURCE_DIR) / "scenarios" / "documents", pki.dir / "documents",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  std::string log = out.string() + ".log";
  int rc = ExitCode(Sh("POOLTEST_TEST_P12_PASSWORD='" + pki.password + "' " + POOLTEST_BINARY +
                       " run " + scenario.string() + " -q --out " + out.string() + " --sign-p12 " +
                       (pki.dir / "rsa.p12").string() +
                       " --sign-password-env POOLTEST_TEST_P12_PASSWORD --lab " + lab.string() +
                       " > " + log + " 2>&1"));
  pool->pool->Stop();
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
  EXPECT_EQ(output.find("warning"), std::string::npos) << output;
  EXPECT_GE(tsa.server->served(), 1u);
  EXPECT_EQ(act["lab"]["tsa"]["url"], tsa.server->url());
  auto [vrc, problems] = Verify(out, pki.dir / "ca.pem", "--tsa-ca " + tsa.ca());
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
