#include "harness/core/time_format.h"

#include <sstream>

#include "harness/core/tz_date.h"

namespace pooltest {

using std::chrono::system_clock;

std::string FormatUtc(system_clock::time_point t) {
  return date::format("%FT%TZ", std::chrono::floor<std::chrono::milliseconds>(t));
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
  std::istringstream in(s);
  date::sys_time<std::chrono::milliseconds> tp;
  in >> date::parse("%FT%TZ", tp);
  if (in.fail()) {
    // Also accept a timestamp without fraction.
    std::istringstream again(s);
    date::sys_seconds secs;
    again >> date::parse("%FT%TZ", secs);
    if (again.fail() || again.peek() != std::char_traits<char>::eof()) return false;
    *out = secs;
    return true;
  }
  if (in.peek() != std::char_traits<char>::eof()) return false;
  *out = tp;
  return true;
}

}  // namespace pooltest
