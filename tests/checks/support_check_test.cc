#include "checks/support_check.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"

namespace pooltest {
namespace {

using testing::Evidence;
using testing::TwoSiteScenario;

Scenario WithTicketDesk() {
  Scenario sc = TwoSiteScenario();
  SupportChannel ch;
  ch.name = "web tickets";
  sc.support = {ch};
  sc.thresholds.support_sla = std::chrono::minutes(15);
  sc.thresholds.support_probe_window = std::chrono::seconds(10);
  return sc;
}

Observation Ticket(bool created, nlohmann::json reply_ms, ProbeStatus status = ProbeStatus::kOk) {
  Observation o;
  o.probe = "support.ticket";
  o.target = "http://127.0.0.11:8080/api/support/tickets";
  o.status = status;
  o.detail = created ? "ticket created" : "HTTP 500 from the ticket API";
  o.data = {{"channel", "web tickets"}, {"created", created}, {"first_human_reply_ms", reply_ms}};
  return o;
}

TEST(SupportCheck, ASingleAnsweredRequestIsNeverAPass) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Ticket(true, 1500));
  CheckResult r = CheckSupport({sc, ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kInconclusive);
  EXPECT_NE(r.summary.find("campaign"), std::string::npos);
}

TEST(SupportCheck, FailsWhenTheDeskRejectsRequests) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Ticket(false, nullptr, ProbeStatus::kFailed));
  CheckResult r = CheckSupport({sc, ev.all()});
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.summary.find("web tickets"), std::string::npos) << r.summary;
}

TEST(SupportCheck, FailsWhenTheFirstReplyIsLaterThanTheSla) {
  Scenario sc = WithTicketDesk();
  sc.thresholds.support_sla = std::chrono::seconds(1);
  Evidence ev;
  ev.Add(Ticket(true, 2500));
  EXPECT_EQ(CheckSupport({sc, ev.all()}).verdict, Verdict::kFail);
}

TEST(SupportCheck, FailsWhenNoReplyWithinAWindowAsLongAsTheSla) {
  Scenario sc = WithTicketDesk();
  sc.thresholds.support_sla = std::chrono::seconds(5);
  sc.thresholds.support_probe_window = std::chrono::seconds(5);
  Evidence ev;
  ev.Add(Ticket(true, nullptr));
  EXPECT_EQ(CheckSupport({sc, ev.all()}).verdict, Verdict::kFail);
}

TEST(SupportCheck, NoReplyWithinAShortWindowIsInconclusive) {
  Scenario sc = WithTicketDesk();
  Evidence ev;
  ev.Add(Ticket(true, nullptr));
  EXPECT_EQ(CheckSupport({sc, ev.all()}).verdict, Verdict::kInconclusive);
}

}  // namespace
}  // namespace pooltest
