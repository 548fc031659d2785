#include "scenarios/bin.h"

namespace pooltest {

bool IsTwelveDigits(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<int> BinCheckDigit(std::string_view s) {
  if (s.size() < 11) return std::nullopt;
  for (size_t i = 0; i < 11; ++i)
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  auto weighted = [&](int first_weight) {
    int sum = 0;
    for (int i = 0; i < 11; ++i) {
      const int w = (first_weight - 1 + i) % 11 + 1;  // 1..11 cyclically
      sum += w * (s[i] - '0');
    }
    return sum % 11;
  };
  int c = weighted(1);
  if (c == 10) c = weighted(3);
  if (c == 10) return std::nullopt;
  return c;
}

bool IsValidBin(std::string_view s) {
  if (!IsTwelveDigits(s)) return false;
  const std::optional<int> c = BinCheckDigit(s);
  return c.has_value() && *c == s[11] - '0';
}

}  // namespace pooltest
