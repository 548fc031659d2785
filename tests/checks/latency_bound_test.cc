#include "checks/latency_bound.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

TEST(LatencyBound, HaversineMatchesKnownDistances) {
  const GeoPoint astana{51.1801, 71.44598}, almaty{43.25667, 76.92861};
  // Astana to Almaty is about 970 km as the crow flies.
  EXPECT_NEAR(HaversineKm(astana, almaty), 971, 10);
  EXPECT_NEAR(HaversineKm(almaty, astana), HaversineKm(astana, almaty), 1e-9);
  EXPECT_NEAR(HaversineKm(astana, astana), 0, 1e-9);
  // A quarter of the equator.
  EXPECT_NEAR(HaversineKm({0, 0}, {0, 90}), 10007.5, 1);
}

TEST(LatencyBound, RoundTripBoundsDistanceAtAHundredKmPerMs) {
  EXPECT_DOUBLE_EQ(DistanceBoundKm(0.5), 50);
  EXPECT_DOUBLE_EQ(DistanceBoundKm(12), 1200);
}

TEST(LatencyBound, NonPublicAddresses) {
  for (const char* a :
       {"127.0.0.1", "127.0.0.21", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.0.5", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsNonPublicAddress(a)) << a;
  }
  for (const char* a :
       {"185.22.64.10", "172.32.0.1", "8.8.8.8", "2a00:1450::1", "100.128.0.1", "::ffff:8.8.8.8"}) {
    EXPECT_FALSE(IsNonPublicAddress(a)) << a;
  }
}

TEST(LatencyBound, TestPlaceUsesOnlyUsableSamplesOfTheAddress) {
  RttSample s;
  s.address = "185.22.64.10";
  s.vantage = "almaty-lab";
  s.vantage_at = GeoPoint{43.24, 76.95};
  s.rtt_ms = 0.5;
  s.usable = true;
  RttSample other = s;
  other.address = "185.22.64.11";
  RttSample unusable = s;
  unusable.usable = false;
  auto tests = TestPlace({s, other, unusable}, "185.22.64.10", "db: Astana", {51.18, 71.45});
  ASSERT_EQ(tests.size(), 1u);
  EXPECT_TRUE(tests[0].contradicts);
  EXPECT_DOUBLE_EQ(tests[0].allowed_km, 50 + kPlaceSlackKm);
  // A claim within the bound (plus slack) is consistent.
  auto near = TestPlace({s}, "185.22.64.10", "db: Almaty", {43.26, 76.93});
  ASSERT_EQ(near.size(), 1u);
  EXPECT_FALSE(near[0].contradicts);
  EXPECT_LT(near[0].distance_km, 5);
}

}  // namespace
}  // namespace pooltest
