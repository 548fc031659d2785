// The support ticket probe against the reference pool's real ticket API.
#include <gtest/gtest.h>

#include "core/tz_date.h"

#include "probes/support/ticket_json.h"
#include "probes/support/ticket_probe.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

TicketTarget Target(const TestWebServer& server, std::chrono::milliseconds wait) {
  TicketTarget t;
  t.channel.name = "web-desk";
  t.channel.kind = SupportChannel::Kind::kTicketApi;
  TicketApi& api = t.channel.ticket;
  api.create_url = server.url("/api/support/tickets");
  api.create_body = R"({"subject": "{{subject}}", "message": "{{message}}"})";
  api.ticket_id_pointer = "/id";
  api.poll_url = server.url("/api/support/tickets/{{ticket_id}}");
  api.reply_pointer = "/replies/0/text";
  api.auto_reply_pattern = "has been received|қабылданды|получено";
  t.token = "tok-7f3a9c";
  t.wait = wait;
  t.poll_interval = 50ms;
  return t;
}

std::optional<Observation> RunTicket(const TicketTarget& t) {
  return RunProbe<Observation>([t](ProbeContext ctx) { return ProbeSupportTicket(ctx, t); },
                               std::chrono::seconds(30));
}

// A clock that runs at real speed but reads `local` (Kazakhstan time) now.
WebServer::Clock ClockAt(date::local_seconds local) {
  const auto target = date::locate_zone("Asia/Almaty")->to_sys(local);
  const auto offset = target - system_clock::now();
  return [offset] { return system_clock::now() + offset; };
}

// Values put into ticket API URLs cannot leave their path segment or query.
TEST(TicketJson, PercentEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("tok-7f3a9c"), "tok-7f3a9c");
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode(""), "");
  EXPECT_EQ(PercentEncode("../admin"), "..%2Fadmin");
  EXPECT_EQ(PercentEncode("a b"), "a%20b");
  EXPECT_EQ(PercentEncode("x?y#z"), "x%3Fy%23z");
  EXPECT_EQ(PercentEncode("a&b=c+d%"), "a%26b%3Dc%2Bd%25");
  EXPECT_EQ(PercentEncode("Қ€"), "%D2%9A%E2%82%AC");  // UTF-8 byte by byte
  EXPECT_EQ(PercentEncode(std::string("a\0b", 3)), "a%00b");
}

// ticket_json.h never throws: bytes that are not UTF-8 (found by
// fuzz/ticket_json_fuzzer) become U+FFFD instead of a json type_error.
TEST(TicketJson, JsonStringInnerRepairsBytesThatAreNotUtf8) {
  EXPECT_EQ(JsonStringInner("say \"hi\"\n"), "say \\\"hi\\\"\\n");
  std::string inner;
  ASSERT_NO_THROW(inner = JsonStringInner("ok \xFF\xC3 end"));
  EXPECT_EQ(inner, "ok \xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST(TicketProbe, AutoAcknowledgementThenHumanReply) {
  SupportBehaviour support;
  support.reply_delay = 300ms;
  TestWebServer server(UiBehaviour{}, support);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = RunTicket(Target(server, 10s));
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kOk) << obs->detail;
  const auto& d = obs->data;
  EXPECT_EQ(d["created"], true);
  EXPECT_EQ(d["ticket_id"].get<std::string>().rfind("T-", 0), 0u);
  ASSERT_EQ(d["replies"].size(), 2u) << d.dump();
  EXPECT_EQ(d["replies"][0]["auto"], true);
  EXPECT_EQ(d["replies"][1]["auto"], false);
  EXPECT_EQ(d["replies"][1]["mentions_token"], true) << "the human reply quotes the subject";
  ASSERT_TRUE(d["first_human_reply_ms"].is_number());
  EXPECT_EQ(d["first_human_reply_ms"], d["replies"][1]["seen_ms"])
      << "the acknowledgement is not the first human reply";
  EXPECT_GE(d["polls"].get<int>(), 2);
}

TEST(TicketProbe, ReplyPointerMayNameTheListOfReplies) {
  SupportBehaviour support;
  support.reply_delay = 300ms;
  TestWebServer server(UiBehaviour{}, support);
  ASSERT_TRUE(server.ok()) << server.error();
  TicketTarget t = Target(server, 10s);
  t.channel.ticket.reply_pointer = "/replies";  // objects with a "text" field
  auto obs = RunTicket(t);
  ASSERT_TRUE(obs.has_value());
  const auto& d = obs->data;
  ASSERT_EQ(d["replies"].size(), 2u) << d.dump();
  EXPECT_EQ(d["replies"][0]["auto"], true);
  EXPECT_EQ(d["replies"][1]["auto"], false);
  EXPECT_TRUE(d["first_human_reply_ms"].is_number());
}

TEST(TicketProbe, NeverReplyLeavesFirstHumanReplyNull) {
  SupportBehaviour support;
  support.never_reply = true;
  TestWebServer server(UiBehaviour{}, support);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = RunTicket(Target(server, 600ms));
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kOk) << obs->detail;
  EXPECT_TRUE(obs->data["first_human_reply_ms"].is_null());
  ASSERT_EQ(obs->data["replies"].size(), 1u);
  EXPECT_EQ(obs->data["replies"][0]["auto"], true);
  EXPECT_GE(obs->data["polls"].get<int>(), 2);
}

TEST(TicketProbe, NoAcknowledgementFirstReplyIsHuman) {
  SupportBehaviour support;
  support.auto_acknowledge = false;
  support.reply_delay = 100ms;
  TestWebServer server(UiBehaviour{}, support);
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = RunTicket(Target(server, 10s));
  ASSERT_TRUE(obs.has_value());
  ASSERT_EQ(obs->data["replies"].size(), 1u);
  EXPECT_EQ(obs->data["replies"][0]["auto"], false);
  EXPECT_TRUE(obs->data["first_human_reply_ms"].is_number());
}

TEST(TicketProbe, OfficeHoursOnlySundayNightNoReply) {
  SupportBehaviour support;
  support.office_hours_only = true;
  support.reply_delay = 100ms;
  // Sunday 15 June 2025, 03:00 in Almaty.
  TestWebServer server(UiBehaviour{}, support,
                       ClockAt(date::local_days{date::year{2025} / 6 / 15} + 3h));
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = RunTicket(Target(server, 800ms));
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kOk);
  EXPECT_TRUE(obs->data["first_human_reply_ms"].is_null()) << obs->data.dump();
  EXPECT_EQ(obs->data["replies"].size(), 1u);
}

TEST(TicketProbe, OfficeHoursOnlyTuesdayMorningReply) {
  SupportBehaviour support;
  support.office_hours_only = true;
  support.reply_delay = 100ms;
  // Tuesday 17 June 2025, 11:00 in Almaty.
  TestWebServer server(UiBehaviour{}, support,
                       ClockAt(date::local_days{date::year{2025} / 6 / 17} + 11h));
  ASSERT_TRUE(server.ok()) << server.error();
  auto obs = RunTicket(Target(server, 10s));
  ASSERT_TRUE(obs.has_value());
  EXPECT_TRUE(obs->data["first_human_reply_ms"].is_number()) << obs->data.dump();
}

TEST(TicketProbe, WrongIdPointerIsFailedWithAHint) {
  TestWebServer server(UiBehaviour{}, SupportBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  TicketTarget t = Target(server, 1s);
  t.channel.ticket.ticket_id_pointer = "/ticket/number";
  auto obs = RunTicket(t);
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kFailed);
  EXPECT_NE(obs->detail.find("ticket_id_pointer"), std::string::npos) << obs->detail;
}

TEST(TicketProbe, BadRegexIsAnError) {
  TestWebServer server(UiBehaviour{}, SupportBehaviour{});
  ASSERT_TRUE(server.ok()) << server.error();
  TicketTarget t = Target(server, 1s);
  t.channel.ticket.auto_reply_pattern = "(unclosed";
  auto obs = RunTicket(t);
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kError);
  EXPECT_FALSE(obs->data["created"].get<bool>()) << "nothing is sent with a broken scenario";
}

TEST(TicketProbe, DeadlineBeforeWaitEndsIsTimeout) {
  SupportBehaviour support;
  support.never_reply = true;
  TestWebServer server(UiBehaviour{}, support);
  ASSERT_TRUE(server.ok()) << server.error();
  TicketTarget t = Target(server, 60s);
  auto obs = RunProbe<Observation>([t](ProbeContext ctx) { return ProbeSupportTicket(ctx, t); },
                                   std::chrono::milliseconds(700));
  ASSERT_TRUE(obs.has_value());
  EXPECT_EQ(obs->status, ProbeStatus::kTimeout);
  EXPECT_EQ(obs->data["created"], true);
  EXPECT_TRUE(obs->data["first_human_reply_ms"].is_null());
}

}  // namespace
}  // namespace pooltest
