// Kazakhstan's business and individual identification numbers (BIN/IIN):
// 12 digits whose last is a check digit over the first 11. Weights 1..11,
// sum mod 11; if that is 10, weights 3..11,1,2; if still 10 the number cannot
// be issued. Catches the typos a lab would otherwise carry into the act.
#pragma once

#include <optional>
#include <string_view>

namespace pooltest {

// True when `s` is exactly 12 ASCII digits.
bool IsTwelveDigits(std::string_view s);

// The check digit for the first 11 digits of `s` (needs at least 11 digits),
// or nullopt when no check digit exists (the number is never issued).
std::optional<int> BinCheckDigit(std::string_view s);

// 12 digits and the 12th equals the check digit.
bool IsValidBin(std::string_view s);

}  // namespace pooltest
