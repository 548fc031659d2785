#include "procedure/working_days.h"

#include <algorithm>
#include <cstdio>

namespace pooltest {
namespace {

// No year has two months without a working day; a calendar that says so is
// broken, and a bounded walk says that instead of looping.
constexpr int kMaxDaysPerStep = 62;

int IsoWeekday(date::sys_days d) { return static_cast<int>(date::weekday{d}.iso_encoding()); }

bool Contains(const std::vector<int>& years, int year) {
  return std::find(years.begin(), years.end(), year) != years.end();
}

}  // namespace

const char* ToString(CalendarStatus s) {
  switch (s) {
    case CalendarStatus::kConfirmed:
      return "confirmed";
    case CalendarStatus::kProvisional:
      return "provisional";
    case CalendarStatus::kMissing:
      return "missing";
  }
  return "missing";
}

std::string IsoDate(date::sys_days d) {
  const date::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

const char* WeekdayOf(date::sys_days d) { return WeekdayName(IsoWeekday(d) - 1); }

bool WorkingDays::IsWorkingDay(date::sys_days d) const { return WhyNotWorking(d).empty(); }

std::string WorkingDays::WhyNotWorking(date::sys_days d) const {
  const std::string iso = IsoDate(d);
  if (const DayOff* off = calendar_.Find(iso)) return off->name.empty() ? off->kind : off->name;
  const int wd = IsoWeekday(d);
  if (wd < 6 || calendar_.FindWorkingDay(iso) != nullptr) return "";
  return wd == 6 ? "Saturday" : "Sunday";
}

CalendarStatus WorkingDays::StatusOf(int year) const {
  if (!Contains(calendar_.loaded_years(), year)) return CalendarStatus::kMissing;
  if (Contains(calendar_.provisional_years(), year)) return CalendarStatus::kProvisional;
  return CalendarStatus::kConfirmed;
}

CalendarStatus WorkingDays::StatusBetween(date::sys_days from, date::sys_days to) const {
  if (to < from) std::swap(from, to);
  const int first = static_cast<int>(date::year_month_day{from}.year());
  const int last = static_cast<int>(date::year_month_day{to}.year());
  CalendarStatus worst = CalendarStatus::kConfirmed;
  for (int y = first; y <= last; ++y) worst = std::max(worst, StatusOf(y));
  return worst;
}

Result<date::sys_days> WorkingDays::Forward(date::sys_days d, int n) const { return Step(d, n, 1); }

Result<date::sys_days> WorkingDays::Back(date::sys_days d, int n) const { return Step(d, n, -1); }

Result<date::sys_days> WorkingDays::Step(date::sys_days d, int n, int direction) const {
  for (int counted = 0; counted < n; ++counted) {
    int walked = 0;
    do {
      d += date::days{direction};
      if (++walked > kMaxDaysPerStep)
        return Error{"the holiday calendar has no working day for " +
                     std::to_string(kMaxDaysPerStep) + " days around " + IsoDate(d) +
                     "; check its file"};
    } while (!IsWorkingDay(d));
  }
  return d;
}

}  // namespace pooltest
