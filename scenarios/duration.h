// Durations as written in scenario files: a number and a unit, "500ms", "5s",
// "2m", "1h", "7d", or several such parts in decreasing order ("1h30m").
// Whole numbers only, so the value is exact; the result is positive.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pooltest {

// nullopt when `text` is not such a duration, is zero, or exceeds 10 years.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

// The inverse, for messages and reports: "2m", "1h30m", "500ms".
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace pooltest
