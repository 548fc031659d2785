// The state body's working days in Kazakhstan, from the public-holiday
// calendars (core/kz_calendar.h): Monday to Friday, except the days off of
// the year's calendar, plus any Saturday or Sunday a transfer made a working
// day. A year without a calendar file is counted as Monday to Friday and
// reported as "missing", a provisional one as "provisional", so a caller can
// say which dates rest on what; nothing here guesses silently. Pure: a
// function of the calendar given, no clock, no files.
#pragma once

#include <string>

#include "core/kz_calendar.h"
#include "core/result.h"
#include "core/tz_date.h"

namespace pooltest {

// How far a date's working-day status can be trusted: the calendar of its
// year is confirmed, provisional, or missing. Ordered: the worst is the max.
enum class CalendarStatus { kConfirmed = 0, kProvisional = 1, kMissing = 2 };
const char* ToString(CalendarStatus s);  // "confirmed", "provisional", "missing"

std::string IsoDate(date::sys_days d);    // YYYY-MM-DD
const char* WeekdayOf(date::sys_days d);  // "Mon".."Sun"

class WorkingDays {
 public:
  explicit WorkingDays(const HolidayCalendar& calendar) : calendar_(calendar) {}

  bool IsWorkingDay(date::sys_days d) const;
  // Why `d` is not a working day ("Saturday", "Nauryz meyramy"); "" if it is.
  std::string WhyNotWorking(date::sys_days d) const;
  CalendarStatus StatusOf(int year) const;
  // The worst status of the years from `from` to `to` (either order).
  CalendarStatus StatusBetween(date::sys_days from, date::sys_days to) const;

  // The n-th working day after `d` (n >= 1; `d` itself is not counted), or
  // before it for Back. Fails only if a calendar holds no working day for
  // two months, which no real year does.
  Result<date::sys_days> Forward(date::sys_days d, int n) const;
  Result<date::sys_days> Back(date::sys_days d, int n) const;

 private:
  Result<date::sys_days> Step(date::sys_days d, int n, int direction) const;
  const HolidayCalendar& calendar_;
};

}  // namespace pooltest
