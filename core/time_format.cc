#include "core/time_format.h"

#include <cstdio>
#include <sstream>

#include "core/tz_date.h"

namespace pooltest {

using std::chrono::system_clock;

// Every observation is stamped twice, so this is on every probe's path:
// date::format goes through an ostringstream and costs several times more.
std::string FormatUtc(system_clock::time_point t) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(t);
  const auto day = std::chrono::floor<date::days>(ms);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::milliseconds> hms{ms - day};
  const int year = int(ymd.year());
  if (year < 0 || year > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year,
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()),
                  int(hms.subseconds().count()));
    return buf;
  }
  // Every transcript line is stamped: digits by hand, not snprintf's format
  // parsing (a tenth of the sweep's time in AddTranscript).
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](size_t at, int value, int digits) {
    for (int k = digits - 1; k >= 0; --k, value /= 10) out[at + k] = char('0' + value % 10);
  };
  put(0, year, 4);
  put(5, int(unsigned(ymd.month())), 2);
  put(8, int(unsigned(ymd.day())), 2);
  put(11, int(hms.hours().count()), 2);
  put(14, int(hms.minutes().count()), 2);
  put(17, int(hms.seconds().count()), 2);
  put(20, int(hms.subseconds().count()), 3);
  return out;
}

std::string FormatKazakhstan(system_clock::time_point t) {
  try {
    auto zt = date::make_zoned("Asia/Almaty", std::chrono::floor<std::chrono::milliseconds>(t));
    return date::format("%FT%T%Ez", zt);
  } catch (const std::exception&) {
    // Without tzdata the UTC instant is still exact; say which one it is.
    return FormatUtc(t);
  }
}

bool ParseUtc(const std::string& s, system_clock::time_point* out) {
  // A time the system clock (nanoseconds since 1970 in 64 bits, about years
  // 1678-2262) cannot hold is refused: converting it would overflow, and
  // evidence may hold any year.
  const auto limit =
      std::chrono::duration_cast<std::chrono::milliseconds>(system_clock::duration::max());
  auto fits = [&limit](std::chrono::milliseconds since_epoch) {
    return since_epoch < limit && since_epoch > -limit;
  };
  // Only digits where the format has them: the date library reads the
  // seconds as a floating-point number, and "nan" or "inf" there is
  // undefined behaviour when it rounds them (found by fuzz/judge_all).
  const char* const kShape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < 20 || s.size() == 21 || s.back() != 'Z') return false;  // "00.Z": no fraction
  for (size_t i = 0; i < s.size() - 1; ++i) {
    const char want = i < 19 ? kShape[i] : (i == 19 ? '.' : 'd');
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (want == 'd' ? !digit : s[i] != want) return false;
  }
  std::istringstream in(s);
  date::sys_time<std::chrono::milliseconds> tp;
  in >> date::parse("%FT%TZ", tp);
  if (in.fail()) {
    // Also accept a timestamp without fraction.
    std::istringstream again(s);
    date::sys_seconds secs;
    again >> date::parse("%FT%TZ", secs);
    if (again.fail() || again.peek() != std::char_traits<char>::eof()) return false;
    if (!fits(secs.time_since_epoch())) return false;
    *out = secs;
    return true;
  }
  if (in.peek() != std::char_traits<char>::eof()) return false;
  if (!fits(tp.time_since_epoch())) return false;
  *out = tp;
  return true;
}

bool ParseRfc3339(const std::string& s, system_clock::time_point* out) {
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
    std::string upper = s;
    upper.back() = 'Z';
    if (upper.size() > 10 && upper[10] == 't') upper[10] = 'T';
    return ParseUtc(upper, out);
  }
  if (s.size() < 25) return false;
  const std::string offset = s.substr(s.size() - 6);
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if ((offset[0] != '+' && offset[0] != '-') || !digit(offset[1]) || !digit(offset[2]) ||
      offset[3] != ':' || !digit(offset[4]) || !digit(offset[5]))
    return false;
  const int hours = (offset[1] - '0') * 10 + (offset[2] - '0');
  const int minutes = (offset[4] - '0') * 10 + (offset[5] - '0');
  if (hours > 23 || minutes > 59) return false;
  std::string utc = s.substr(0, s.size() - 6) + "Z";
  if (utc[10] == 't') utc[10] = 'T';
  system_clock::time_point local;
  if (!ParseUtc(utc, &local)) return false;
  const auto shift = std::chrono::hours(hours) + std::chrono::minutes(minutes);
  // The wall-clock time minus its offset east of UTC is the instant.
  *out = offset[0] == '+' ? local - shift : local + shift;
  return true;
}

}  // namespace pooltest
