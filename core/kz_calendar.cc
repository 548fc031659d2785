#include "core/kz_calendar.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include "core/tz_date.h"

namespace pooltest {
namespace {

using std::chrono::system_clock;

Result<const date::time_zone*> Almaty() {
  try {
    return date::locate_zone("Asia/Almaty");
  } catch (const std::exception& e) {
    return Error{std::string("the system time-zone database has no Asia/Almaty (") + e.what() +
                 "); install tzdata"};
  }
}

}  // namespace

Result<LocalCell> KazakhstanCell(system_clock::time_point t) {
  auto zone = Almaty();
  if (!zone) return zone.error();
  const auto local =
      date::make_zoned(*zone, std::chrono::floor<std::chrono::seconds>(t)).get_local_time();
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const auto since_midnight = local - day;
  LocalCell c;
  c.weekday = static_cast<int>(date::weekday{day}.iso_encoding()) - 1;
  c.hour = static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(since_midnight).count());
  c.minute = static_cast<int>(
      std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count() % 60);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  c.date = buf;
  return c;
}

Result<system_clock::time_point> FromKazakhstanLocal(int year, int month, int day, int hour,
                                                     int minute) {
  auto zone = Almaty();
  if (!zone) return zone.error();
  const date::local_days d{date::year{year} / month / day};
  const auto local = d + std::chrono::hours{hour} + std::chrono::minutes{minute};
  return system_clock::time_point{(*zone)->to_sys(local, date::choose::earliest)};
}

Result<system_clock::time_point> ParseKazakhstanLocal(const std::string& text) {
  const char* const kShape = "dddd-dd-dd dd:dd";
  bool shaped = text.size() == 16;
  for (size_t i = 0; shaped && i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    shaped = kShape[i] == 'd' ? digit : text[i] == kShape[i];
  }
  if (!shaped)
    return Error{"'" + text + "' is not a Kazakhstan local time: write YYYY-MM-DD HH:MM"};
  const int year = std::stoi(text.substr(0, 4)), month = std::stoi(text.substr(5, 2)),
            day = std::stoi(text.substr(8, 2)), hour = std::stoi(text.substr(11, 2)),
            minute = std::stoi(text.substr(14, 2));
  const date::year_month_day ymd{date::year{year}, date::month(static_cast<unsigned>(month)),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59)
    return Error{"'" + text + "' is not a time that exists"};
  return FromKazakhstanLocal(year, month, day, hour, minute);
}

Result<system_clock::time_point> KazakhstanHourStart(system_clock::time_point t) {
  auto zone = Almaty();
  if (!zone) return zone.error();
  const auto local =
      date::make_zoned(*zone, std::chrono::floor<std::chrono::seconds>(t)).get_local_time();
  const auto hour = date::floor<std::chrono::hours>(local);
  return system_clock::time_point{(*zone)->to_sys(hour, date::choose::earliest)};
}

const char* WeekdayName(int weekday) {
  static const char* kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return weekday >= 0 && weekday < 7 ? kNames[weekday] : "?";
}

Result<HolidayCalendar> HolidayCalendar::Load(const std::string& dir, int first_year,
                                              int last_year) {
  return LoadYears(dir, first_year, last_year, true);
}

Result<HolidayCalendar> HolidayCalendar::LoadAvailable(const std::string& dir, int first_year,
                                                       int last_year) {
  return LoadYears(dir, first_year, last_year, false);
}

Result<HolidayCalendar> HolidayCalendar::LoadYears(const std::string& dir, int first_year,
                                                   int last_year, bool missing_is_error) {
  HolidayCalendar cal;
  for (int year = first_year; year <= last_year; ++year) {
    const std::string path = dir + "/" + std::to_string(year) + ".json";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      if (missing_is_error)
        return Error{"no public-holiday calendar for " + std::to_string(year) + " (" + path +
                     " is missing); add the year's days off with their sources, as in the "
                     "existing files"};
      cal.missing_years_.push_back(year);
      continue;
    }
    Status loaded = cal.LoadYear(path, year);
    if (!loaded) return loaded.error();
  }
  return cal;
}

Status HolidayCalendar::LoadYear(const std::string& path, int year) {
  std::ifstream in(path);
  if (!in) return Error{path + ": cannot be read"};
  std::stringstream ss;
  ss << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("days_off") || !j["days_off"].is_array() ||
      !j.contains("sources"))
    return Error{path +
                 ": not a calendar file (expected JSON with \"sources\" and "
                 "\"days_off\": [{date, name, kind, source}])"};
  if (j.value("year", 0) != year) return Error{path + ": \"year\" must be " + std::to_string(year)};
  if (j.contains("provisional") && !j["provisional"].is_boolean())
    return Error{path + ": \"provisional\" must be true or false"};
  if (j.value("provisional", false)) {
    const std::string why = j.value("provisional_reason", "");
    if (why.empty())
      return Error{path +
                   ": a provisional calendar must say what is not yet known in "
                   "\"provisional_reason\""};
    warnings_.push_back("public-holiday calendar " + std::to_string(year) + " is provisional (" +
                        path + "): " + why);
    provisional_years_.push_back(year);
  }
  auto entry = [&](const nlohmann::json& d, const char* default_kind) -> Result<DayOff> {
    DayOff off;
    if (!d.is_object()) return Error{path + ": entry '" + d.dump() + "' is not an object"};
    off.date = d.value("date", "");
    off.name = d.value("name", "");
    off.kind = d.value("kind", default_kind);
    off.source = d.value("source", "");
    if (off.date.size() != 10 || off.date.compare(0, 4, std::to_string(year)) != 0 ||
        off.source.empty())
      return Error{path + ": entry '" + d.dump() +
                   "' needs a date in the file's year and a source"};
    return off;
  };
  for (const auto& d : j["days_off"]) {
    Result<DayOff> off = entry(d, "holiday");
    if (!off) return off.error();
    days_[off->date] = *off;
  }
  if (j.contains("working_days")) {
    if (!j["working_days"].is_array())
      return Error{path + ": \"working_days\" must be a list of {date, name, source}"};
    for (const auto& d : j["working_days"]) {
      Result<DayOff> work = entry(d, "working");
      if (!work) return work.error();
      if (days_.count(work->date))
        return Error{path + ": " + work->date + " is both a day off and a working day"};
      working_days_[work->date] = *work;
    }
  }
  files_.push_back(path);
  loaded_years_.push_back(year);
  return Ok{};
}

const DayOff* HolidayCalendar::Find(const std::string& date) const {
  auto it = days_.find(date);
  return it == days_.end() ? nullptr : &it->second;
}

const DayOff* HolidayCalendar::FindWorkingDay(const std::string& date) const {
  auto it = working_days_.find(date);
  return it == working_days_.end() ? nullptr : &it->second;
}

}  // namespace pooltest
