#include "harness/campaign/campaign_plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/kz_calendar.h"
#include "tests/campaign/campaign_test_env.h"

namespace pooltest {
namespace {

using namespace std::chrono_literals;

CampaignPlanOptions Week(uint64_t seed) {
  CampaignPlanOptions o;
  o.start = MondayMidnight() + 17min;  // rounded down to the hour
  o.days = 7;
  o.seed = seed;
  o.channels = {"desk"};
  return o;
}

TEST(KazakhstanTime, AlmatyIsUtcPlusFiveFromTheTzDatabase) {
  auto t = FromKazakhstanLocal(2025, 6, 2, 0, 0);
  ASSERT_TRUE(t);
  auto cell = KazakhstanCell(*t);
  ASSERT_TRUE(cell);
  EXPECT_EQ(cell->date, "2025-06-02");
  EXPECT_EQ(cell->weekday, 0);  // Monday
  EXPECT_EQ(cell->hour, 0);
  // 2025-06-01T19:00Z is midnight in Almaty.
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count(),
            1748804400);
}

TEST(CampaignPlan, WeekCoversEveryHourAndWeekdayOnceWithGaps) {
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2025);
  ASSERT_TRUE(cal) << cal.error().message;
  auto plan = PlanCampaign(Week(42), *cal);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_EQ(plan->size(), 168u);
  std::set<std::pair<int, int>> cells;
  for (size_t i = 0; i < plan->size(); ++i) {
    const auto& r = (*plan)[i];
    cells.insert({r.cell.weekday, r.cell.hour});
    EXPECT_EQ(r.seq, static_cast<int>(i) + 1);
    if (i > 0) {
      EXPECT_GE((*plan)[i].at - (*plan)[i - 1].at, std::chrono::seconds(600));
    }
  }
  EXPECT_EQ(cells.size(), 168u);
  EXPECT_GE(plan->front().at, MondayMidnight());
  EXPECT_LT(plan->back().at, MondayMidnight() + std::chrono::hours(24 * 7));
}

TEST(CampaignPlan, SameSeedSamePlanOtherSeedOtherMinutes) {
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2025);
  ASSERT_TRUE(cal);
  auto a = PlanCampaign(Week(7), *cal), b = PlanCampaign(Week(7), *cal),
       c = PlanCampaign(Week(8), *cal);
  ASSERT_TRUE(a && b && c);
  int same = 0;
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].at, (*b)[i].at);
    EXPECT_EQ((*a)[i].token, (*b)[i].token);
    if ((*a)[i].at == (*c)[i].at) ++same;
  }
  EXPECT_LT(same, 10);
  EXPECT_NE((*a)[0].token, (*c)[0].token);
}

TEST(CampaignPlan, FlagsPublicHolidaysFromTheCalendarFile) {
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2025);
  ASSERT_TRUE(cal);
  CampaignPlanOptions o = Week(1);
  o.start = *FromKazakhstanLocal(2025, 3, 20, 0, 0);  // Thursday before Nauryz
  o.days = 7;
  auto plan = PlanCampaign(o, *cal);
  ASSERT_TRUE(plan);
  std::set<std::string> holiday_dates;
  for (const auto& r : *plan)
    if (!r.holiday.empty()) holiday_dates.insert(r.cell.date);
  // Nauryz 21-23 March and the moved days off 24-25 March.
  EXPECT_EQ(holiday_dates, (std::set<std::string>{"2025-03-21", "2025-03-22", "2025-03-23",
                                                  "2025-03-24", "2025-03-25"}));
  const DayOff* d = cal->Find("2025-03-24");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->source, "law-holidays");  // art. 5: a holiday on a day off moves
}

TEST(CampaignPlan, AYearWithoutACalendarFileIsAnError) {
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2031);
  ASSERT_FALSE(cal);
  EXPECT_NE(cal.error().message.find("no public-holiday calendar for 2028"), std::string::npos)
      << cal.error().message;
}

// A campaign started in late December 2026 reaches into 2027, whose transfers
// of days off were not published when its file was written: it loads, says
// so, and still marks the law's holidays (never treats them as working days).
TEST(CampaignPlan, AWindowIntoAProvisionalYearLoadsWithAWarning) {
  const auto start = *FromKazakhstanLocal(2026, 12, 28, 0, 0);
  auto [y1, y2] = CampaignYears(start, 8);
  EXPECT_EQ(y1, 2026);
  EXPECT_EQ(y2, 2027);
  auto cal = HolidayCalendar::Load(CalendarDir(), y1, y2);
  ASSERT_TRUE(cal) << cal.error().message;
  ASSERT_EQ(cal->warnings().size(), 1u);
  EXPECT_NE(cal->warnings()[0].find("2027 is provisional"), std::string::npos);
  EXPECT_NE(cal->warnings()[0].find("transfer"), std::string::npos);
  CampaignPlanOptions o = Week(1);
  o.start = start;
  o.days = 8;  // Monday 28 December to Monday 4 January
  auto plan = PlanCampaign(o, *cal);
  ASSERT_TRUE(plan);
  std::set<std::string> holiday_dates;
  for (const auto& r : *plan)
    if (!r.holiday.empty()) holiday_dates.insert(r.cell.date);
  EXPECT_EQ(holiday_dates, (std::set<std::string>{"2027-01-01", "2027-01-02", "2027-01-04"}));
  // A year whose file is final carries no warning.
  auto y2025 = HolidayCalendar::Load(CalendarDir(), 2025, 2026);
  ASSERT_TRUE(y2025);
  EXPECT_TRUE(y2025->warnings().empty());
}

TEST(CampaignPlan, CalendarFilesFollowTheNewConstitution) {
  auto cal = HolidayCalendar::Load(CalendarDir(), 2025, 2027);
  ASSERT_TRUE(cal);
  ASSERT_NE(cal->Find("2025-08-30"), nullptr);  // the 1995 Constitution's day, last time
  EXPECT_EQ(cal->Find("2026-08-30"), nullptr);  // no longer a holiday in 2026
  EXPECT_EQ(cal->Find("2026-08-31"), nullptr);
  const DayOff* d = cal->Find("2027-03-15");  // the 2026 Constitution's day, from 2027
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->name, "Constitution Day");
}

TEST(CampaignPlan, AProvisionalCalendarMustSayWhatIsNotKnown) {
  const std::string dir = MakeTempDir("calendar");
  std::ofstream(dir + "/2030.json")
      << R"({"year": 2030, "provisional": true, "sources": [], "days_off": []})";
  auto cal = HolidayCalendar::Load(dir, 2030, 2030);
  ASSERT_FALSE(cal);
  EXPECT_NE(cal.error().message.find("provisional_reason"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pooltest
