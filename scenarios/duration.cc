#include "scenarios/duration.h"

#include <cstdint>

namespace pooltest {

namespace {

struct Unit {
  std::string_view name;
  int64_t ms;
};

// Longest names first so "ms" is not read as "m" followed by garbage.
constexpr Unit kUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 3600 * 1000}, {"d", 86400 * 1000}};

constexpr int64_t kMaxMs = int64_t{10} * 366 * 86400 * 1000;

int Rank(int64_t unit_ms) {
  for (int i = 0; i < 5; ++i)
    if (kUnits[i].ms == unit_ms) return i == 0 ? -1 : i;  // ms ranks lowest
  return -2;
}

}  // namespace

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  size_t i = 0;
  int64_t total = 0;
  int last_rank = 100;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    int64_t n = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++digits > 12) return std::nullopt;
      n = n * 10 + (text[i] - '0');
      ++i;
    }
    if (digits == 0) return std::nullopt;
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (text.substr(i, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) return std::nullopt;
    i += unit->name.size();
    const int rank = Rank(unit->ms);
    if (rank >= last_rank) return std::nullopt;  // "5s1h" or "1m1m"
    last_rank = rank;
    if (n > kMaxMs / unit->ms) return std::nullopt;
    total += n * unit->ms;
    if (total > kMaxMs) return std::nullopt;
  }
  if (total <= 0) return std::nullopt;
  return std::chrono::milliseconds(total);
}

std::string FormatDuration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms <= 0) return "0s";
  std::string out;
  for (int i = 4; i >= 0; --i) {
    const Unit& u = kUnits[i == 0 ? 0 : i];
    if (i == 0) {
      if (ms > 0) out += std::to_string(ms) + "ms";
      break;
    }
    if (ms >= u.ms) {
      out += std::to_string(ms / u.ms) + std::string(u.name);
      ms %= u.ms;
    }
  }
  return out;
}

}  // namespace pooltest
