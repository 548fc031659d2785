#include "checks/latency_bound.h"

#include <gtest/gtest.h>

#include "tests/checks/check_fixtures.h"

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

// An RTT observation as the probes record it: `answered` of `asked`.
Observation RttObservation(const std::string& probe, ProbeStatus status, std::vector<double> ms,
                           int asked) {
  Observation o;
  o.id = "obs-rtt";
  o.probe = probe;
  o.target = "185.22.64.10:3333";
  o.vantage = "almaty-lab";
  o.status = status;
  o.detail = "probe detail";
  o.data = {{"address", "185.22.64.10"}, {"samples_ms", ms}, {"asked", asked}};
  return o;
}

std::vector<RttSample> SamplesOf(const Observation& o) {
  Scenario sc = testing::TwoSiteScenario();
  sc.vantage_points = {{"almaty-lab", 43.24, 76.95, true, 0, false}};
  std::vector<Observation> obs = {o};
  return RttSamples({sc, obs});
}

TEST(LatencyBound, AnsweredSamplesCountWhateverTheStatus) {
  // A probe that timed out after two answers keeps them; so does one that
  // saw some requests ignored.
  for (ProbeStatus st : {ProbeStatus::kTimeout, ProbeStatus::kOk, ProbeStatus::kCancelled}) {
    auto s = SamplesOf(RttObservation("latency.stratum", st, {0.9, 0.4}, 5));
    ASSERT_EQ(s.size(), 1u);
    EXPECT_TRUE(s[0].usable) << s[0].excluded_why;
    EXPECT_DOUBLE_EQ(s[0].rtt_ms, 0.4);  // the minimum of the answered, not min_ms
    EXPECT_EQ(s[0].answered, 2);
    EXPECT_EQ(s[0].asked, 5);
    EXPECT_EQ(s[0].probe_status, ToString(st));
  }
}

TEST(LatencyBound, TooFewAnswersAreListedWithWhy) {
  auto one = SamplesOf(RttObservation("latency.stratum", ProbeStatus::kOk, {0.4}, 5));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_FALSE(one[0].usable);
  EXPECT_EQ(one[0].excluded_why,
            "only 1 of 5 round trips were answered; at least 2 are needed before the bound "
            "counts (probe detail)");
  // Asked for one, got one: all that was asked for.
  auto single = SamplesOf(RttObservation("latency.stratum", ProbeStatus::kOk, {0.4}, 1));
  EXPECT_TRUE(single[0].usable) << single[0].excluded_why;
  // tcp.connect records attempts rather than asked.
  Observation tcp = RttObservation("tcp.connect", ProbeStatus::kOk, {0.4}, 0);
  tcp.data.erase("asked");
  tcp.data["attempts"] = 3;
  EXPECT_FALSE(SamplesOf(tcp)[0].usable);
}

TEST(LatencyBound, NoAnswerGivesNoBound) {
  auto none = SamplesOf(RttObservation("latency.stratum", ProbeStatus::kFailed, {}, 5));
  ASSERT_EQ(none.size(), 1u);
  EXPECT_FALSE(none[0].usable);
  EXPECT_EQ(none[0].excluded_why, "no round trip was answered (probe detail)");
  nlohmann::json j = none[0].ToJson();
  EXPECT_TRUE(j["rtt_ms"].is_null());
  EXPECT_TRUE(j["bound_km"].is_null());
  EXPECT_EQ(j["probe_status"], "failed");
  EXPECT_TRUE(TestPlace(none, "185.22.64.10", "db: Astana", {51.18, 71.45}).empty());
  // Hostile numbers are not answers.
  Observation bad = RttObservation("latency.stratum", ProbeStatus::kOk, {}, 5);
  bad.data["samples_ms"] = {-1.0, "0.1", nullptr};
  EXPECT_EQ(SamplesOf(bad)[0].answered, 0);
  // An observation without samples_ms measured nothing and is not listed.
  Observation empty = RttObservation("tcp.connect", ProbeStatus::kOk, {}, 3);
  empty.data.erase("samples_ms");
  EXPECT_TRUE(SamplesOf(empty).empty());
}

}  // namespace
}  // namespace pooltest
