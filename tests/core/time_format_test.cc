// FormatUtc is hand-formatted for speed; it must print exactly what the date
// library's "%FT%TZ" prints, and ParseUtc must read it back.
#include <random>

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "core/tz_date.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(TimeFormat, FormatUtcMatchesTheDateLibraryAndParsesBack) {
  std::mt19937_64 rng(20261121);
  // 1970 to 2100, in milliseconds, plus the edges of days and years.
  std::uniform_int_distribution<long long> dist(0, 4102444800000LL);
  std::vector<long long> samples = {0,
                                    999,
                                    1000,
                                    86399999,
                                    86400000,
                                    951782400000LL,
                                    1709251199999LL,
                                    1709251200000LL,
                                    4102444799999LL};
  for (int i = 0; i < 20000; ++i) samples.push_back(dist(rng));
  for (long long v : samples) {
    const system_clock::time_point t{milliseconds(v)};
    const std::string ours = FormatUtc(t);
    ASSERT_EQ(ours, date::format("%FT%TZ", std::chrono::floor<milliseconds>(t))) << v;
    system_clock::time_point back;
    ASSERT_TRUE(ParseUtc(ours, &back)) << ours;
    ASSERT_EQ(back, t) << ours;
  }
  EXPECT_EQ(FormatUtc(system_clock::time_point{milliseconds(1709251200123LL)}),
            "2024-03-01T00:00:00.123Z");
}

// Found by fuzz/judge_all_fuzzer: a year the system clock cannot hold
// overflowed (undefined behaviour) on conversion; it is refused instead.
TEST(ParseUtc, AYearTheClockCannotHoldIsRefused) {
  std::chrono::system_clock::time_point t{};
  EXPECT_FALSE(ParseUtc("9999-12-31T23:59:59.000Z", &t));
  EXPECT_FALSE(ParseUtc("2999-01-01T00:00:00Z", &t));
  EXPECT_EQ(t, std::chrono::system_clock::time_point{});
  EXPECT_TRUE(ParseUtc("2030-01-01T00:00:00.000Z", &t));
  EXPECT_TRUE(ParseUtc("2030-01-01T00:00:00Z", &t));
  // Seconds the date library would read as a floating-point NaN or infinity.
  for (const char* odd :
       {"2030-01-01T00:00:nanZ", "2030-01-01T00:00:infZ", "2030-01-01T00:00:0e9Z",
        "2030-01-01T00:00:00.Z", "2030-01-01T00:00:00.1.2Z", "2030-01-01 00:00:00Z"})
    EXPECT_FALSE(ParseUtc(odd, &t)) << odd;
}

}  // namespace
}  // namespace pooltest
