// `pooltest registry` end to end on real acts: two acts of the demo
// scenario's pool, written once per test binary by reports/act_writer
// (WriteAct, as a run ends) from hand-made verdicts and signed with a
// throwaway lab key (tests/reports/test_pki.h) — no pool, no network. The
// first act (2025-06-02) passes R4.1, the second (2026-06-03) fails it. Each
// test uses its own registry file.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/sha256.h"
#include "core/time_format.h"
#include "reports/act_writer.h"
#include "scenarios/scenario_loader.h"
#include "tests/reports/check_result_fixture.h"
#include "tests/reports/test_pki.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;

fs::path Scratch() {
  return fs::temp_directory_path() / ("pooltest-registry-" + std::to_string(::getpid()));
}

// Writes a signed act of the demo scenario finished at `finished_utc` with
// R4.1 `r41` and R4.2 attested; "" on success, else what failed.
std::string WriteDemoAct(const fs::path& out, const std::string& finished_utc, Verdict r41,
                         const SigningIdentity& signer) {
  LoadOptions lo;
  lo.variables["POOLTEST_DATA"] = POOLTEST_DATA_DIR;
  const std::string source = std::string(POOLTEST_SOURCE_DIR) + "/scenarios/demo.yaml";
  LoadOutcome loaded = LoadScenarioFile(source, lo);
  if (!loaded.scenario) return "demo.yaml does not load";
  const Scenario& sc = *loaded.scenario;
  fs::create_directories(out);
  fs::copy_file(source, out / "scenario.yaml");
  testing::WriteFile(out / "evidence.jsonl", "");
  RunRecord run;
  run.harness_version = "test";
  run.scenario = &sc;
  run.vantage = "local";
  if (!ParseUtc(finished_utc, &run.finished)) return "bad time " + finished_utc;
  run.started = run.finished - std::chrono::minutes(5);
  run.evidence_file = "evidence.jsonl";
  run.evidence_sha256 = Sha256Hex("");
  run.checks = {testing::MakeResult("R4.1.location", "R4.1", r41, "location"),
                testing::MakeResult("R4.2.documents", "R4.2", Verdict::kAttested, "documents")};
  std::vector<Observation> observations;
  LabFile lab;
  lab.name = "Test Lab";
  lab.bin = "230440012341";
  lab.numbering.pattern = "TEST-{year}/{n:4}";
  ActInput in;
  in.run = &run;
  in.observations = &observations;
  in.out_dir = out.string();
  in.scenario_copy = "scenario.yaml";
  in.lab = &lab;
  ActOptions options;
  options.signer = signer;
  Result<ActOutcome> act = WriteAct(in, options);
  return act.ok() ? "" : act.error().message;
}

struct Outcome {
  int code = -1;
  std::string out;
};

class Registry : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(Scratch());
    fs::create_directories(Scratch());
    pki_ = new testing::TestPki;
    *setup_error_ = pki_->Make("registry");
    if (!setup_error_->empty()) return;
    Result<SigningIdentity> id = LoadPkcs12((pki_->dir / "rsa.p12").string(), pki_->password);
    if (!id) {
      *setup_error_ = id.error().message;
      return;
    }
    *setup_error_ =
        WriteDemoAct(Scratch() / "act-2025", "2025-06-02T10:00:00Z", Verdict::kPass, *id);
    if (setup_error_->empty())
      *setup_error_ =
          WriteDemoAct(Scratch() / "act-2026", "2026-06-03T10:00:00Z", Verdict::kFail, *id);
  }
  static void TearDownTestSuite() {
    delete pki_;
    fs::remove_all(Scratch());
  }
  void SetUp() override {
    ASSERT_TRUE(setup_error_->empty()) << *setup_error_;
    db_ =
        (Scratch() /
         (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".sqlite"))
            .string();
  }

  // `pooltest registry ARGS --db DB` (the --db is added after the action).
  Outcome Cli(const std::string& action, const std::string& rest = "") {
    const fs::path out = Scratch() / "out.txt";
    const std::string cmd = std::string(POOLTEST_BINARY) + " registry " + action + " --db " + db_ +
                            " " + rest + " > " + out.string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out)};
  }
  Outcome Add(const fs::path& act, const std::string& extra = "") {
    return Cli("add", act.string() + " --ca " + (pki_->dir / "ca.pem").string() + " " + extra);
  }
  nlohmann::json ListJson() {
    Outcome r = Cli("list", "--json");
    EXPECT_EQ(r.code, 0) << r.out;
    return nlohmann::json::parse(r.out, nullptr, false);
  }
  // A copy of an act folder, to tamper with or to lose.
  fs::path Copy(const std::string& from, const std::string& tag) {
    const fs::path c = Scratch() / tag;
    fs::remove_all(c);
    fs::copy(Scratch() / from, c, fs::copy_options::recursive);
    return c;
  }

  static testing::TestPki* pki_;
  static std::string* setup_error_;
  std::string db_;
};
testing::TestPki* Registry::pki_ = nullptr;
std::string* Registry::setup_error_ = new std::string;

TEST_F(Registry, AddRecordsThePoolTheActAndItsSigner) {
  Outcome r = Add(Scratch() / "act-2025");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("added"), std::string::npos) << r.out;
  const nlohmann::json j = ListJson();
  ASSERT_EQ(j["pools"].size(), 1u) << j.dump(2);
  const nlohmann::json& pool = j["pools"][0];
  EXPECT_EQ(pool["bin"].get<std::string>().size(), 12u);
  EXPECT_FALSE(pool["name"].get<std::string>().empty());
  ASSERT_EQ(pool["acts"].size(), 1u);
  const nlohmann::json& act = pool["acts"][0];
  EXPECT_EQ(act["act_number"], "TEST-2025/0001");
  EXPECT_EQ(act["date"], "2025-06-02");
  EXPECT_EQ(act["result"], "positive");
  EXPECT_NE(act["signer"].get<std::string>().find("CN=Lab RSA"), std::string::npos) << act;
  EXPECT_EQ(act["verified"], true);
  EXPECT_EQ(act["sha256"], Sha256Hex(ReadFile(Scratch() / "act-2025" / "act.json")));
  // No certificate: the re-audit is a year after the act.
  EXPECT_TRUE(pool["certificate"].is_null());
  EXPECT_EQ(pool["reaudit"], "2026-06-02");
  EXPECT_EQ(pool["reaudit_basis"], "act date + 1 year");
}

TEST_F(Registry, AddingTheSameActTwiceChangesNothing) {
  ASSERT_EQ(Add(Scratch() / "act-2025").code, 0);
  Outcome again = Add(Scratch() / "act-2025");
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("already"), std::string::npos) << again.out;
  EXPECT_EQ(ListJson()["pools"][0]["acts"].size(), 1u);
}

TEST_F(Registry, ATamperedActIsRefusedUnlessUnverifiedAndThenMarked) {
  const fs::path tampered = Copy("act-2025", "tampered");
  testing::FlipByte(tampered / "scenario.yaml", 10);
  Outcome refused = Add(tampered);
  EXPECT_EQ(refused.code, 1) << refused.out;
  EXPECT_NE(refused.out.find("does not verify"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("scenario.yaml: changed"), std::string::npos) << refused.out;
  EXPECT_EQ(Cli("list").code, 4) << "a refused act must not create the registry";
  Outcome kept = Add(tampered, "--unverified");
  EXPECT_EQ(kept.code, 0) << kept.out;
  EXPECT_NE(kept.out.find("UNVERIFIED"), std::string::npos) << kept.out;
  const nlohmann::json act = ListJson()["pools"][0]["acts"][0];
  EXPECT_EQ(act["verified"], false);
  ASSERT_FALSE(act["problems"].empty());
  EXPECT_NE(act["problems"][0].get<std::string>().find("scenario.yaml"), std::string::npos);
}

TEST_F(Registry, DueListsPoolsWhoseReauditFallsWithinTheWindow) {
  ASSERT_EQ(Add(Scratch() / "act-2025").code, 0);
  // Act of 2025-06-02, no certificate: re-audit 2026-06-02.
  Outcome early = Cli("due", "--within 60d --now 2026-03-01 --json");
  ASSERT_EQ(early.code, 0) << early.out;
  EXPECT_TRUE(nlohmann::json::parse(early.out)["due"].empty()) << early.out;  // 2026-04-30
  Outcome in_window = Cli("due", "--within 60d --now 2026-04-10 --json");
  const nlohmann::json due = nlohmann::json::parse(in_window.out, nullptr, false);
  ASSERT_EQ(due["due"].size(), 1u) << in_window.out;  // until 2026-06-09
  EXPECT_EQ(due["due"][0]["reaudit"], "2026-06-02");
  EXPECT_EQ(due["due"][0]["overdue"], false);
  // A certificate of 2025-07-15 moves the re-audit to its expiry, 2026-07-15.
  const std::string bin = ListJson()["pools"][0]["bin"];
  Outcome cert = Cli("certificate", bin + " --date 2025-07-15");
  ASSERT_EQ(cert.code, 0) << cert.out;
  EXPECT_NE(cert.out.find("expires 2026-07-15"), std::string::npos) << cert.out;
  EXPECT_TRUE(
      nlohmann::json::parse(Cli("due", "--within 60d --now 2026-04-10 --json").out)["due"].empty());
  Outcome later = Cli("due", "--within 60d --now 2026-06-01");
  EXPECT_NE(later.out.find("2026-07-15  " + bin), std::string::npos) << later.out;
  Outcome overdue = Cli("due", "--within 60d --now 2026-08-01");
  EXPECT_NE(overdue.out.find("OVERDUE"), std::string::npos) << overdue.out;
  EXPECT_EQ(Cli("due", "--within sixty").code, 64);
  EXPECT_EQ(Cli("certificate", bin + " --date 2025-02-30").code, 64);
  EXPECT_EQ(Cli("certificate", "000000000000 --date 2025-07-15").code, 4);
}

TEST_F(Registry, DiffComparesThePoolsLastTwoActs) {
  ASSERT_EQ(Add(Scratch() / "act-2026").code, 0);
  const std::string bin = ListJson()["pools"][0]["bin"];
  Outcome one = Cli("diff", bin);
  EXPECT_EQ(one.code, 4) << one.out;
  EXPECT_NE(one.out.find("needs two"), std::string::npos) << one.out;
  // Added out of order: the registry orders a pool's acts by date.
  ASSERT_EQ(Add(Scratch() / "act-2025").code, 0);
  Outcome diff = Cli("diff", bin + " --json");
  EXPECT_EQ(diff.code, 1) << diff.out;
  const nlohmann::json j = nlohmann::json::parse(diff.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << diff.out;
  EXPECT_EQ(j["old"]["date"], "2025-06-02");
  EXPECT_EQ(j["new"]["date"], "2026-06-03");
  bool verdict_change = false;
  for (const auto& c : j["changes"])
    verdict_change |= c["kind"] == "verdict" && c["subject"] == "R4.1.location" &&
                      c["before"] == "pass" && c["after"] == "fail";
  EXPECT_TRUE(verdict_change) << j.dump(2);
}

TEST_F(Registry, DiffSaysWhenAnActsFolderHasGone) {
  const fs::path moved = Copy("act-2026", "moved");
  ASSERT_EQ(Add(Scratch() / "act-2025").code, 0);
  ASSERT_EQ(Add(moved).code, 0);
  fs::remove_all(moved);
  const std::string bin = ListJson()["pools"][0]["bin"];
  Outcome r = Cli("diff", bin);
  EXPECT_EQ(r.code, 4) << r.out;
  EXPECT_NE(r.out.find(moved.string() + " has gone"), std::string::npos) << r.out;
}

TEST_F(Registry, ErrorsNameTheFileAndTypoGetsAHint) {
  Outcome missing = Cli("list");
  EXPECT_EQ(missing.code, 4);
  EXPECT_NE(missing.out.find(db_), std::string::npos) << missing.out;
  testing::WriteFile(db_, "not a database at all, just text that is long enough");
  Outcome garbage = Cli("list");
  EXPECT_EQ(garbage.code, 4);
  EXPECT_NE(garbage.out.find(db_), std::string::npos) << garbage.out;
  fs::remove(db_);
  // A registry of a newer schema is refused, not rewritten.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "PRAGMA user_version = 9", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  Outcome newer =
      Cli("add", (Scratch() / "act-2025").string() + " --ca " + (pki_->dir / "ca.pem").string());
  EXPECT_EQ(newer.code, 4) << newer.out;
  EXPECT_NE(newer.out.find("schema version 9"), std::string::npos) << newer.out;
  fs::remove(db_);
  Outcome typo = Cli("lst");
  EXPECT_EQ(typo.code, 64);
  EXPECT_NE(typo.out.find("did you mean 'list'?"), std::string::npos) << typo.out;
}

}  // namespace
}  // namespace pooltest
