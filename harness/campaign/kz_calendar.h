// Kazakhstan time and the public-holiday calendar for the support campaign.
// Local time comes from the system time-zone database (Asia/Almaty), never a
// fixed offset. Days off change each year by law and by decree, so they are
// read from one data file per year (data/calendars/kz/<year>.json, each entry
// naming its source); a year without a file is an error, not a guess. A file
// may be provisional ("provisional": true with a "provisional_reason"): the
// law's fixed holidays are known but transfers of days off (or a religious
// holiday's date) are not yet published. It loads, and says so in warnings(),
// which `pooltest campaign start` prints and the campaign records.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace pooltest {

// Where a moment falls in Kazakhstan's week: the cell of the campaign grid.
struct LocalCell {
  int weekday = 0;   // 0 = Monday ... 6 = Sunday
  int hour = 0;      // 0..23
  std::string date;  // local date, YYYY-MM-DD
};

// Fails only when the system tz database has no Asia/Almaty.
Result<LocalCell> KazakhstanCell(std::chrono::system_clock::time_point t);
// The UTC instant of a local wall-clock time in Kazakhstan.
Result<std::chrono::system_clock::time_point> FromKazakhstanLocal(int year, int month, int day,
                                                                  int hour, int minute);
// The start of the local hour containing t.
Result<std::chrono::system_clock::time_point> KazakhstanHourStart(
    std::chrono::system_clock::time_point t);

const char* WeekdayName(int weekday);  // "Mon".."Sun"

struct DayOff {
  std::string date;  // YYYY-MM-DD
  std::string name;
  std::string kind;  // holiday, moved, transferred
  std::string source;
};

class HolidayCalendar {
 public:
  // Reads <dir>/<year>.json for every year in [first_year, last_year].
  static Result<HolidayCalendar> Load(const std::string& dir, int first_year, int last_year);

  // nullptr when `date` (YYYY-MM-DD) is not a public day off.
  const DayOff* Find(const std::string& date) const;
  // The files read, for the report ("data/calendars/kz/2025.json").
  const std::vector<std::string>& files() const { return files_; }
  // One line per provisional file: which year and what is not yet known.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  std::map<std::string, DayOff> days_;
  std::vector<std::string> files_;
  std::vector<std::string> warnings_;
};

}  // namespace pooltest
