// Timestamps as they appear in evidence and acts: RFC 3339 in UTC with
// milliseconds, and the same instant in Kazakhstan time (Asia/Almaty, +05).
#pragma once

#include <chrono>
#include <string>

namespace pooltest {

std::string FormatUtc(std::chrono::system_clock::time_point t);
// Kazakhstan local time with its offset, using the system time-zone database.
std::string FormatKazakhstan(std::chrono::system_clock::time_point t);
// Parses what FormatUtc writes (also accepts no fraction); false if malformed.
bool ParseUtc(const std::string& s, std::chrono::system_clock::time_point* out);
// RFC 3339 with any offset: what ParseUtc accepts, or the same with
// "+HH:MM"/"-HH:MM" in place of the Z; false if malformed.
bool ParseRfc3339(const std::string& s, std::chrono::system_clock::time_point* out);

}  // namespace pooltest
