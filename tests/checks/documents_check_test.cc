#include "checks/documents_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "tests/checks/expect_finding.h"

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
  testing::ExpectFinding(rs[0], Verdict::kAttested, "R4.2.attested");
  EXPECT_EQ(rs[1].clause, "R4.7");
  testing::ExpectFinding(rs[1], Verdict::kAttested, "R4.7.attested");
  EXPECT_NE(rs[0].summary.find("No. 17-IB"), std::string::npos);
}

TEST(DocumentsCheck, MissingDocumentIsInconclusive) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Add(Doc("R4.2", ProbeStatus::kOk, nullptr));
  auto rs = CheckDocuments({sc, ev.all()});
  testing::ExpectFinding(rs[1], Verdict::kInconclusive, "R4.7.missing");
  EXPECT_NE(rs[1].summary.find("R4.7"), std::string::npos);
}

TEST(DocumentsCheck, ChangedFileFails) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Add(Doc("R4.2", ProbeStatus::kOk, false));
  testing::ExpectFinding(CheckDocuments({sc, ev.all()})[0], Verdict::kFail, "R4.2.changed");
}

TEST(DocumentsCheck, UnreadableFileIsInconclusive) {
  Scenario sc = TwoSiteScenario();
  Evidence ev;
  ev.Add(Doc("R4.2", ProbeStatus::kFailed, nullptr));
  testing::ExpectFinding(CheckDocuments({sc, ev.all()})[0], Verdict::kInconclusive,
                         "R4.2.unreadable");
}

}  // namespace
}  // namespace pooltest
