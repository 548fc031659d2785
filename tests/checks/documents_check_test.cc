#include "checks/documents_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

Observation Doc(const std::string& clause, ProbeStatus status, nlohmann::json matches) {
  Observation o;
  o.probe = "document.hash";
  o.target = "/tmp/doc.pdf";
  o.status = status;
  o.detail = status == ProbeStatus::kOk ? "hashed" : "cannot read '/tmp/doc.pdf'";
  o.data = {{"clause", clause}, {"reference", "No. 17-IB"},         {"date", "2026-10-01"},
            {"issuer", "Lab"},  {"sha256", "ab12cd34ef56ab12cd34"}, {"matches_declared", matches}};
  return o;
}

TEST(DocumentsCheck, AttestedNeverPass) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Add(Doc("R4.2", ProbeStatus::kOk, nullptr));
  ev.Add(Doc("R4.7", ProbeStatus::kOk, true));
  auto rs = CheckDocuments({sc, ev.all()});
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].clause, "R4.2");
  EXPECT_EQ(rs[0].verdict, Verdict::kAttested);
  EXPECT_EQ(rs[1].clause, "R4.7");
  EXPECT_EQ(rs[1].verdict, Verdict::kAttested);
  EXPECT_NE(rs[0].summary.find("No. 17-IB"), std::string::npos);
}

TEST(DocumentsCheck, MissingDocumentIsInconclusive) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Add(Doc("R4.2", ProbeStatus::kOk, nullptr));
  auto rs = CheckDocuments({sc, ev.all()});
  EXPECT_EQ(rs[1].verdict, Verdict::kInconclusive);
  EXPECT_NE(rs[1].summary.find("R4.7"), std::string::npos);
}

TEST(DocumentsCheck, ChangedFileFails) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Add(Doc("R4.2", ProbeStatus::kOk, false));
  EXPECT_EQ(CheckDocuments({sc, ev.all()})[0].verdict, Verdict::kFail);
}

TEST(DocumentsCheck, UnreadableFileIsInconclusive) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Add(Doc("R4.2", ProbeStatus::kFailed, nullptr));
  EXPECT_EQ(CheckDocuments({sc, ev.all()})[0].verdict, Verdict::kInconclusive);
}

}  // namespace
}  // namespace pooltest
