// Office hours in Kazakhstan time, the desk's replies, and the ticket API's
// answers to good and bad requests (through WebRouter, without sockets).
#include "refpool/web/support_desk.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/tz_date.h"

#include "refpool/web/web_router.h"

namespace pooltest {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

system_clock::time_point Almaty(int y, unsigned m, unsigned d, std::chrono::minutes t) {
  return date::locate_zone("Asia/Almaty")->to_sys(date::local_days{date::year{y} / m / d} + t);
}

TEST(SupportDesk, OfficeHoursAreWeekdaysNineToHalfPastSixAlmaty) {
  // 16 June 2025 is a Monday.
  EXPECT_FALSE(SupportDesk::InOfficeHours(Almaty(2025, 6, 16, 8h + 59min)));
  EXPECT_TRUE(SupportDesk::InOfficeHours(Almaty(2025, 6, 16, 9h)));
  EXPECT_TRUE(SupportDesk::InOfficeHours(Almaty(2025, 6, 20, 18h + 29min)));  // Friday
  EXPECT_FALSE(SupportDesk::InOfficeHours(Almaty(2025, 6, 20, 18h + 30min)));
  EXPECT_FALSE(SupportDesk::InOfficeHours(Almaty(2025, 6, 21, 12h)));  // Saturday
  EXPECT_FALSE(SupportDesk::InOfficeHours(Almaty(2025, 6, 15, 3h)));   // Sunday
  // 09:00 Almaty is 04:00 UTC: the zone, not the machine's, decides.
  EXPECT_EQ(date::format("%F %H:%M", Almaty(2025, 6, 16, 9h)), "2025-06-16 04:00");
}

TEST(SupportDesk, NextOpening) {
  const auto monday9 = Almaty(2025, 6, 16, 9h);
  EXPECT_EQ(SupportDesk::NextOfficeOpening(Almaty(2025, 6, 15, 3h)), monday9);   // Sunday night
  EXPECT_EQ(SupportDesk::NextOfficeOpening(Almaty(2025, 6, 13, 19h)), monday9);  // Friday evening
  EXPECT_EQ(SupportDesk::NextOfficeOpening(Almaty(2025, 6, 16, 7h)), monday9);   // Monday early
  EXPECT_EQ(SupportDesk::NextOfficeOpening(Almaty(2025, 6, 16, 19h)), Almaty(2025, 6, 17, 9h));
  const auto tuesday11 = Almaty(2025, 6, 17, 11h);
  EXPECT_EQ(SupportDesk::NextOfficeOpening(tuesday11), tuesday11);
}

TEST(SupportDesk, OfficeHoursReplyWaitsForMonday) {
  SupportBehaviour b;
  b.office_hours_only = true;
  b.reply_delay = 10min;
  system_clock::time_point now = Almaty(2025, 6, 14, 22h);  // Saturday night
  SupportDesk desk(b, [&now] { return now; });
  Result<std::string> id = desk.Create("hashrate missing", "help");
  ASSERT_TRUE(id.ok());
  now += 10h;
  EXPECT_EQ(desk.Get(*id)->replies.size(), 1u) << "only the acknowledgement on Sunday";
  now = Almaty(2025, 6, 16, 9h);
  auto v = desk.Get(*id);
  ASSERT_EQ(v->replies.size(), 2u);
  EXPECT_FALSE(v->replies[1].automatic);
  EXPECT_EQ(v->replies[1].at, Almaty(2025, 6, 16, 9h));
  EXPECT_NE(v->replies[1].text.find("hashrate missing"), std::string::npos);
}

TEST(SupportDesk, UnknownIdIsNullopt) {
  SupportDesk desk(SupportBehaviour{});
  EXPECT_FALSE(desk.Get("T-999999").has_value());
}

WebResponse Call(WebRouter& r, const std::string& method, const std::string& target,
                 const std::string& body = "") {
  return r.Handle(WebRequest{method, target, body});
}

TEST(TicketApi, CreateReadAndErrors) {
  SupportBehaviour b;
  b.reply_delay = 1h;
  system_clock::time_point now = Almaty(2025, 6, 17, 11h);
  WebRouter router(UiBehaviour{}, b, [&now] { return now; });

  WebResponse created =
      Call(router, "POST", "/api/support/tickets", R"({"subject":"Test ✓","message":"hi"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = nlohmann::json::parse(created.body)["id"].get<std::string>();

  WebResponse got = Call(router, "GET", "/api/support/tickets/" + id);
  ASSERT_EQ(got.status, 200);
  auto j = nlohmann::json::parse(got.body);
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["subject"], "Test ✓");
  ASSERT_EQ(j["replies"].size(), 1u);
  EXPECT_EQ(j["replies"][0]["auto"], true);
  EXPECT_EQ(j["replies"][0]["at"], "2025-06-17T06:00:00.000Z");
  EXPECT_NE(j["replies"][0]["text"].get<std::string>().find("has been received"),
            std::string::npos);

  now += 2h;
  j = nlohmann::json::parse(Call(router, "GET", "/api/support/tickets/" + id).body);
  ASSERT_EQ(j["replies"].size(), 2u);
  EXPECT_EQ(j["replies"][1]["auto"], false);
  EXPECT_EQ(j["replies"][1]["at"], "2025-06-17T07:00:00.000Z");

  EXPECT_EQ(Call(router, "GET", "/api/support/tickets/T-424242").status, 404);
  EXPECT_EQ(Call(router, "POST", "/api/support/tickets", "{not json").status, 400);
  EXPECT_EQ(Call(router, "POST", "/api/support/tickets", "[1,2]").status, 400);
  EXPECT_EQ(Call(router, "POST", "/api/support/tickets", R"({"subject":5})").status, 400);
  EXPECT_EQ(Call(router, "POST", "/api/support/tickets", "\xff\xfe").status, 400);
  EXPECT_EQ(Call(router, "DELETE", "/api/support/tickets/" + id).status, 405);
  EXPECT_EQ(Call(router, "GET", "/api/support/tickets").status, 405);
}

TEST(UiRoutes, RedirectsAnd404) {
  WebRouter router(UiBehaviour{}, SupportBehaviour{}, {});
  WebResponse root = Call(router, "GET", "/");
  EXPECT_EQ(root.status, 302);
  ASSERT_FALSE(root.headers.empty());
  EXPECT_EQ(root.headers[0], std::make_pair(std::string("Location"), std::string("/kk/")));
  EXPECT_EQ(Call(router, "GET", "/ru/pricing?ref=x").status, 200);
  EXPECT_EQ(Call(router, "GET", "/de/").status, 404);
  EXPECT_EQ(Call(router, "GET", "/kk/nope").status, 404);
  EXPECT_EQ(Call(router, "POST", "/kk/").status, 405);
}

}  // namespace
}  // namespace pooltest
