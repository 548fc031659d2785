// results.json from a hand-made run: every field a machine reads (format,
// scenario without the lab's folders, applicant, run times and flags, the
// overall result, counts per verdict, each check with its finding, notes,
// evidence ids and figures), the file as written, and each check read back
// by the loader, including results written before findings existed.
#include "reports/results_json.h"

#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "tests/reports/check_result_fixture.h"

namespace pooltest {
namespace {

using nlohmann::json;

class ResultsJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.name = "Pool A";
    scenario_.source_path = "/home/lab/secret-folder/pool-a.yaml";
    scenario_.sha256 = std::string(64, 'c');
    scenario_.applicant.legal_name = "TOO \"Pool A\"";
    scenario_.applicant.bin = "230440012341";
    scenario_.applicant.legal_address = "Astana";
    run_.harness_version = "1.2.3";
    run_.scenario = &scenario_;
    run_.vantage = "harness";
    run_.started = std::chrono::system_clock::time_point{std::chrono::seconds{1767225600}};
    run_.finished = run_.started + std::chrono::seconds(90);
    run_.observations = 42;
    run_.evidence_file = "evidence.jsonl";
    run_.evidence_sha256 = std::string(64, 'e');

    CheckResult fail =
        testing::MakeResult("R4.3.backup.b", "R4.3", Verdict::kFail,
                            "the backup is in Astana, like the primary.", "Backup complex b");
    fail.evidence = {"obs-0003", "obs-0007"};
    fail.figures = {{"distance_km", 0.5}, {"settlements", {"Astana", "Astana"}}};
    fail.finding = {"R4.3.same_settlement", {{"site", "b"}, {"settlement", "Astana"}}};
    fail.notes = {{"R4.3.note.sources", {{"n", 2}}}, {"R4.3.note.other", json::object()}};
    CheckResult pass = testing::MakeResult("R4.6.ui-languages", "R4.6", Verdict::kPass,
                                           "kk, ru and en on every page.", "UI languages");
    pass.evidence = {"obs-0010"};
    pass.finding = {"R4.6.pass", {{"pages", 3}}};
    // No finding, no notes, no figures.
    const CheckResult attested = testing::MakeResult(
        "R4.2.security-act", "R4.2", Verdict::kAttested, "attested by act 7.", "Security act");
    run_.checks = {fail, pass, attested};
  }

  Scenario scenario_;
  RunRecord run_;
};

TEST_F(ResultsJsonTest, HeaderScenarioApplicantAndRun) {
  const json j = ResultsJson(run_);
  EXPECT_EQ(j["format"], "pooltest-results/1");
  EXPECT_EQ(j["harness_version"], "1.2.3");
  EXPECT_EQ(j["scenario"], json({{"name", "Pool A"},
                                 {"file", "pool-a.yaml"},  // no folder of the lab's machine
                                 {"sha256", std::string(64, 'c')}}));
  EXPECT_EQ(j.dump().find("secret-folder"), std::string::npos);
  EXPECT_EQ(j["applicant"], json({{"legal_name", "TOO \"Pool A\""},
                                  {"bin", "230440012341"},
                                  {"legal_address", "Astana"}}));
  const json& r = j["run"];
  EXPECT_EQ(r["vantage"], "harness");
  EXPECT_EQ(r["started_utc"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(r["finished_utc"], "2026-01-01T00:01:30.000Z");
  EXPECT_EQ(r["started_kz"], FormatKazakhstan(run_.started));
  EXPECT_NE(r["started_kz"], r["started_utc"]) << "the Kazakhstan time carries its offset";
  EXPECT_EQ(r["finished_kz"], FormatKazakhstan(run_.finished));
  EXPECT_EQ(r["interrupted"], false);
  EXPECT_EQ(r["deadline_hit"], false);
  EXPECT_EQ(r["observations"], 42);
  EXPECT_EQ(r["evidence"], json({{"file", "evidence.jsonl"}, {"sha256", std::string(64, 'e')}}));
}

TEST_F(ResultsJsonTest, EachCheckWithItsFindingNotesEvidenceAndFigures) {
  const json checks = ResultsJson(run_)["checks"];
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0],
            json({{"id", "R4.3.backup.b"},
                  {"clause", "R4.3"},
                  {"title", "Backup complex b"},
                  {"verdict", "fail"},
                  {"summary", "the backup is in Astana, like the primary."},
                  {"evidence", {"obs-0003", "obs-0007"}},
                  {"figures", {{"distance_km", 0.5}, {"settlements", {"Astana", "Astana"}}}},
                  {"finding",
                   {{"key", "R4.3.same_settlement"},
                    {"args", {{"site", "b"}, {"settlement", "Astana"}}}}},
                  {"notes",
                   {{{"key", "R4.3.note.sources"}, {"args", {{"n", 2}}}},
                    {{"key", "R4.3.note.other"}, {"args", json::object()}}}}}));
  EXPECT_EQ(checks[1]["verdict"], "pass");
  EXPECT_EQ(checks[1]["finding"], json({{"key", "R4.6.pass"}, {"args", {{"pages", 3}}}}));
  EXPECT_FALSE(checks[1].contains("notes")) << "no notes, no empty list";
  EXPECT_EQ(checks[2]["verdict"], "attested");
  EXPECT_FALSE(checks[2].contains("finding"));
  EXPECT_FALSE(checks[2].contains("notes"));
  EXPECT_EQ(checks[2]["figures"], json::object());
  EXPECT_EQ(checks[2]["evidence"], json::array());
}

TEST_F(ResultsJsonTest, PositiveOnlyWhenEveryCheckPassedOrIsAttestedAndTheRunEnded) {
  json j = ResultsJson(run_);
  EXPECT_EQ(j["positive"], false);
  EXPECT_EQ(j["counts"], json({{"fail", 1}, {"pass", 1}, {"attested", 1}}));

  run_.checks.erase(run_.checks.begin());
  j = ResultsJson(run_);
  EXPECT_EQ(j["positive"], true);
  EXPECT_EQ(j["counts"], json({{"pass", 1}, {"attested", 1}}));

  run_.interrupted = true;
  run_.deadline_hit = true;
  j = ResultsJson(run_);
  EXPECT_EQ(j["positive"], false) << "an interrupted run rests on partial evidence";
  EXPECT_EQ(j["run"]["interrupted"], true);
  EXPECT_EQ(j["run"]["deadline_hit"], true);

  run_.interrupted = false;
  for (Verdict v : {Verdict::kInconclusive, Verdict::kError}) {
    run_.checks[0].verdict = v;
    j = ResultsJson(run_);
    EXPECT_EQ(j["positive"], false) << ToString(v);
    EXPECT_EQ(j["counts"][ToString(v)], 1) << ToString(v);
  }
  run_.checks.clear();
  EXPECT_EQ(ResultsJson(run_)["positive"], false) << "no check decided anything";
  EXPECT_EQ(ResultsJson(run_)["counts"], json::object());
}

TEST_F(ResultsJsonTest, WrittenFileRoundTripsThroughTheLoader) {
  // A summary quoting bytes that are no UTF-8 is still written (repaired).
  run_.checks[1].summary = "pool sent \xff\xfe";
  const std::string path = ::testing::TempDir() + "results-json-test.json";
  ASSERT_TRUE(WriteResultsJson(run_, path).ok());
  std::ifstream in(path, std::ios::binary);
  const json j = json::parse(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  ASSERT_EQ(j["checks"].size(), run_.checks.size());
  for (size_t i = 0; i < run_.checks.size(); ++i) {
    const CheckResult& want = run_.checks[i];
    CheckResult got;
    std::string why;
    ASSERT_TRUE(FromJson(j["checks"][i], &got, &why)) << why;
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.clause, want.clause);
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.verdict, want.verdict);
    if (i != 1) {
      EXPECT_EQ(got.summary, want.summary);
    }
    EXPECT_EQ(got.evidence, want.evidence);
    EXPECT_EQ(got.figures, want.figures);
    EXPECT_EQ(got.finding.key, want.finding.key);
    EXPECT_EQ(got.finding.args, want.finding.args);
    ASSERT_EQ(got.notes.size(), want.notes.size());
    for (size_t n = 0; n < got.notes.size(); ++n) {
      EXPECT_EQ(got.notes[n].key, want.notes[n].key);
      EXPECT_EQ(got.notes[n].args, want.notes[n].args);
    }
  }
  EXPECT_EQ(j["checks"][1]["summary"], "pool sent \xEF\xBF\xBD\xEF\xBF\xBD");
  Status bad = WriteResultsJson(run_, "/nonexistent-dir/results.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/nonexistent-dir/results.json"), std::string::npos);
}

TEST(ResultsJsonLoader, AResultFromBeforeFindingsLoadsAndAMalformedOneIsNamed) {
  const json old = {{"id", "R4.1.location"}, {"clause", "R4.1"},    {"title", "Location"},
                    {"verdict", "pass"},     {"summary", "in KZ."}, {"evidence", {"obs-1"}}};
  CheckResult got;
  got.notes = {{"stale", json::object()}};  // the loader clears what it does not read
  std::string why;
  ASSERT_TRUE(FromJson(old, &got, &why)) << why;
  EXPECT_EQ(got.verdict, Verdict::kPass);
  EXPECT_EQ(got.summary, "in KZ.");
  EXPECT_TRUE(got.finding.empty());
  EXPECT_TRUE(got.notes.empty());
  EXPECT_EQ(got.figures, json::object());

  auto with = [&old](const json& patch) {
    json j = old;
    j.update(patch);
    return j;
  };
  struct Bad {
    const char* what;
    json doc;
    const char* why;
  };
  const Bad bad[] = {
      {"unknown verdict", with({{"verdict", "skipped"}}), "unknown verdict 'skipped'"},
      {"finding not an object", with({{"finding", "R4.1.pass"}}), "malformed finding"},
      {"finding without key", with({{"finding", {{"args", json::object()}}}}), "malformed finding"},
      {"notes not a list", with({{"notes", {{"key", "x"}}}}), "notes is not a list"},
      {"note without key", with({{"notes", {{{"args", json::object()}}}}}), "malformed note"},
      {"evidence not a list", with({{"evidence", "obs-1"}}), "type must be array"},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.what);
    std::string w;
    EXPECT_FALSE(FromJson(b.doc, &got, &w));
    EXPECT_NE(w.find(b.why), std::string::npos) << w;
  }
  json no_id = old;
  no_id.erase("id");
  std::string w;
  EXPECT_FALSE(FromJson(no_id, &got, &w));
  EXPECT_NE(w.find("'id'"), std::string::npos) << w;
}

}  // namespace
}  // namespace pooltest
