#include "core/observation.h"

#include <gtest/gtest.h>

#include "core/sha256.h"
#include "core/time_format.h"

namespace pooltest {
namespace {

TEST(Observation, RoundTripsThroughJson) {
  Observation o;
  o.id = "obs-0001";
  o.probe = "stratum.handshake";
  o.target = "127.0.0.11:3333";
  o.site = "primary";
  o.channel = "ch1";
  o.vantage = "harness";
  o.started = std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + std::chrono::hours{3} +
              std::chrono::milliseconds{250};
  o.finished = o.started + std::chrono::milliseconds(42);
  o.status = ProbeStatus::kTimeout;
  o.detail = "deadline";
  o.data = {{"authorized", nullptr}};
  AddTranscript(o, "received", std::string("garbage \xFF"));
  nlohmann::json j = ToJson(o);
  EXPECT_EQ(j["started"], "2026-11-21T03:00:00.250Z");
  Observation back;
  std::string why;
  ASSERT_TRUE(FromJson(nlohmann::json::parse(j.dump()), &back, &why)) << why;
  EXPECT_EQ(back.status, ProbeStatus::kTimeout);
  EXPECT_EQ(back.started, o.started);
  EXPECT_EQ(back.finished, o.finished);
  EXPECT_EQ(back.transcript[0]["text"], "garbage \xEF\xBF\xBD");
}

TEST(Observation, RejectsMalformedRecords) {
  Observation o;
  std::string why;
  EXPECT_FALSE(FromJson(nlohmann::json::array(), &o, &why));
  nlohmann::json j = ToJson(Observation{});
  j["status"] = "maybe";
  EXPECT_FALSE(FromJson(j, &o, &why));
  EXPECT_NE(why.find("maybe"), std::string::npos);
  j = ToJson(Observation{});
  j["started"] = "yesterday";
  EXPECT_FALSE(FromJson(j, &o, &why));
}

TEST(TimeFormat, KazakhstanIsUtcPlusFive) {
  auto t = std::chrono::sys_days{std::chrono::year{2026} / 1 / 5} + std::chrono::hours{22};
  EXPECT_EQ(FormatUtc(t), "2026-01-05T22:00:00.000Z");
  EXPECT_EQ(FormatKazakhstan(t), "2026-01-06T03:00:00.000+05:00");
}

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto missing = Sha256File("/nonexistent/pooltest-file");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/pooltest-file"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
