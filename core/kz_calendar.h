// Kazakhstan time and the public-holiday calendar, for the support campaign
// and the procedure's working-day deadlines (procedure/). Local time comes
// from the system time-zone database (Asia/Almaty), never a fixed offset.
// Days off change each year by law and by decree, so they are read from one
// data file per year (data/calendars/kz/<year>.json, each entry naming its
// source): "days_off", and "working_days" for a Saturday or Sunday made a
// working day by a transfer of days off. Load() refuses a year without a
// file; LoadAvailable() loads the years that have one and lists the others
// in missing_years(), for a caller that must say so rather than guess. A
// file may be provisional ("provisional": true with a "provisional_reason"):
// the law's fixed holidays are known but transfers of days off (or a
// religious holiday's date) are not yet published. It loads, and says so in
// warnings() and provisional_years(), which `pooltest campaign start` and
// `pooltest deadlines` print.
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
  int minute = 0;    // 0..59
  std::string date;  // local date, YYYY-MM-DD
};

// Fails only when the system tz database has no Asia/Almaty.
Result<LocalCell> KazakhstanCell(std::chrono::system_clock::time_point t);
// The UTC instant of a local wall-clock time in Kazakhstan.
Result<std::chrono::system_clock::time_point> FromKazakhstanLocal(int year, int month, int day,
                                                                  int hour, int minute);
// "YYYY-MM-DD HH:MM" as a wall-clock time in Kazakhstan; an error naming the
// expected form (or the impossible date) otherwise.
Result<std::chrono::system_clock::time_point> ParseKazakhstanLocal(const std::string& text);
// The start of the local hour containing t.
Result<std::chrono::system_clock::time_point> KazakhstanHourStart(
    std::chrono::system_clock::time_point t);

const char* WeekdayName(int weekday);  // "Mon".."Sun"

struct DayOff {
  std::string date;  // YYYY-MM-DD
  std::string name;
  std::string kind;  // holiday, moved, transferred; "working" in working_days
  std::string source;
};

class HolidayCalendar {
 public:
  // Reads <dir>/<year>.json for every year in [first_year, last_year].
  static Result<HolidayCalendar> Load(const std::string& dir, int first_year, int last_year);
  // The same, but a year without a file is listed in missing_years() instead
  // of failing; a file that exists and is malformed still fails.
  static Result<HolidayCalendar> LoadAvailable(const std::string& dir, int first_year,
                                               int last_year);

  // nullptr when `date` (YYYY-MM-DD) is not a public day off.
  const DayOff* Find(const std::string& date) const;
  // nullptr unless `date` is a Saturday or Sunday made a working day.
  const DayOff* FindWorkingDay(const std::string& date) const;
  // Years in [first_year, last_year] without a file (LoadAvailable only).
  const std::vector<int>& missing_years() const { return missing_years_; }
  const std::vector<int>& provisional_years() const { return provisional_years_; }
  // Years whose file was read.
  const std::vector<int>& loaded_years() const { return loaded_years_; }
  // The files read, for the report ("data/calendars/kz/2025.json").
  const std::vector<std::string>& files() const { return files_; }
  // One line per provisional file: which year and what is not yet known.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  static Result<HolidayCalendar> LoadYears(const std::string& dir, int first_year, int last_year,
                                           bool missing_is_error);
  Status LoadYear(const std::string& path, int year);

  std::map<std::string, DayOff> days_;
  std::map<std::string, DayOff> working_days_;
  std::vector<std::string> files_;
  std::vector<std::string> warnings_;
  std::vector<int> missing_years_;
  std::vector<int> provisional_years_;
  std::vector<int> loaded_years_;
};

}  // namespace pooltest
