// The small parsers behind the loader: BIN check digits, durations, URLs,
// host names and spelling suggestions.
#include <gtest/gtest.h>

#include "scenarios/bin.h"
#include "scenarios/did_you_mean.h"
#include "scenarios/duration.h"
#include "scenarios/endpoint_url.h"
#include "scenarios/host_name.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;

TEST(Bin, FirstWeightsGiveCheckDigit) {
  // 2*1+3*2+0*3+4*4+4*5+0*6+0*7+1*8+2*9+3*10+4*11 = 144; 144 mod 11 = 1.
  EXPECT_EQ(BinCheckDigit("23044001234"), 1);
  EXPECT_TRUE(IsValidBin("230440012341"));
  EXPECT_FALSE(IsValidBin("230440012342"));
}

TEST(Bin, SecondWeightsWhenFirstSumIsTen) {
  // 10000000020: first pass 1*1+2*10 = 21 -> 10; second pass 1*3+2*1 = 5.
  EXPECT_EQ(BinCheckDigit("10000000020"), 5);
  EXPECT_TRUE(IsValidBin("100000000205"));
  EXPECT_FALSE(IsValidBin("100000000200"));
}

TEST(Bin, NoCheckDigitWhenBothSumsAreTen) {
  EXPECT_EQ(BinCheckDigit("10000000028"), std::nullopt);
  for (char last = '0'; last <= '9'; ++last)
    EXPECT_FALSE(IsValidBin(std::string("10000000028") + last));
}

TEST(Bin, ShapeIsTwelveDigits) {
  EXPECT_TRUE(IsTwelveDigits("000000000000"));
  EXPECT_FALSE(IsTwelveDigits("23044001234"));
  EXPECT_FALSE(IsTwelveDigits("2304400123410"));
  EXPECT_FALSE(IsTwelveDigits("23044001234a"));
  EXPECT_FALSE(IsValidBin(""));
}

TEST(Duration, UnitsAndCompounds) {
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("5s"), milliseconds(5000));
  EXPECT_EQ(ParseDuration("2m"), milliseconds(120000));
  EXPECT_EQ(ParseDuration("1h"), milliseconds(3600000));
  EXPECT_EQ(ParseDuration("7d"), milliseconds(7LL * 86400000));
  EXPECT_EQ(ParseDuration("1h30m"), milliseconds(5400000));
  EXPECT_EQ(ParseDuration("1m500ms"), milliseconds(60500));
}

TEST(Duration, Rejects) {
  for (const char* bad : {"", "5", "s", "5 s", "5sec", "-5s", "0s", "1.5s", "5s1h", "1m1m",
                          "99999999999999d", "5S", " 5s"})
    EXPECT_EQ(ParseDuration(bad), std::nullopt) << bad;
}

TEST(Duration, FormatsBack) {
  EXPECT_EQ(FormatDuration(milliseconds(5400000)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(milliseconds(7LL * 86400000)), "7d");
}

TEST(DidYouMean, EditDistance) {
  EXPECT_EQ(EditDistance("stratum", "stratum"), 0u);
  EXPECT_EQ(EditDistance("stratm", "stratum"), 1u);
  EXPECT_EQ(EditDistance("langauges", "languages"), 1u);  // transposition
  EXPECT_EQ(EditDistance("Name", "name"), 0u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(DidYouMean, ClosestMatch) {
  const std::vector<std::string> keys = {"id", "role", "settlement", "stratum", "channels"};
  EXPECT_EQ(ClosestMatch("settlment", keys), "settlement");
  EXPECT_EQ(ClosestMatch("chanels", keys), "channels");
  EXPECT_EQ(ClosestMatch("colour", keys), std::nullopt);
  EXPECT_EQ(SuggestionHint("rol", keys), "did you mean 'role'?");
  EXPECT_EQ(SuggestionHint("zzz", {"a", "b"}), "allowed: 'a', 'b'");
}

TEST(HostName, LiteralsAndNames) {
  EXPECT_TRUE(IsValidHost("127.0.0.11"));
  EXPECT_TRUE(IsValidHost("2001:db8::1"));
  EXPECT_TRUE(IsValidHost("pool.example.kz"));
  EXPECT_TRUE(IsValidHost("pool.example.kz."));
  EXPECT_TRUE(IsValidHost("a-b.c1"));
  EXPECT_FALSE(IsValidHost("127.0.0.300"));  // looks numeric: judged as IPv4
  EXPECT_FALSE(IsValidHost("1.2.3"));
  EXPECT_FALSE(IsValidHost("bad_host.kz"));
  EXPECT_FALSE(IsValidHost("-a.kz"));
  EXPECT_FALSE(IsValidHost("a..kz"));
  EXPECT_FALSE(IsValidHost(""));
  EXPECT_FALSE(IsValidHost(std::string(64, 'a') + ".kz"));
  EXPECT_FALSE(IsValidHost("[::1]"));
}

TEST(EndpointUrl, Parses) {
  UrlParse p = ParseUrl("stratum+ssl://[2001:db8::1]:4443");
  ASSERT_TRUE(p.parts) << p.problem->message;
  EXPECT_EQ(p.parts->scheme, "stratum+ssl");
  EXPECT_EQ(p.parts->host, "2001:db8::1");
  EXPECT_EQ(p.parts->port, 4443);
  p = ParseUrl("HTTP://pool.example.kz/api/{{ticket_id}}?x=1");
  ASSERT_TRUE(p.parts);
  EXPECT_EQ(p.parts->scheme, "http");
  EXPECT_FALSE(p.parts->port);
  EXPECT_EQ(p.parts->rest, "/api/{{ticket_id}}?x=1");
}

TEST(EndpointUrl, Problems) {
  EXPECT_EQ(ParseUrl("127.0.0.1:3333").problem->kind, UrlProblem::Kind::kNoScheme);
  EXPECT_EQ(ParseUrl("stratum+tcp://:3333").problem->kind, UrlProblem::Kind::kBadHost);
  EXPECT_EQ(ParseUrl("stratum+tcp://a_b:3333").problem->kind, UrlProblem::Kind::kBadHost);
  EXPECT_EQ(ParseUrl("stratum+tcp://h:33a").problem->kind, UrlProblem::Kind::kBadPort);
  EXPECT_EQ(ParseUrl("stratum+tcp://h:").problem->kind, UrlProblem::Kind::kBadPort);
  EXPECT_EQ(ParseUrl("stratum+tcp://u:p@h:1").problem->kind, UrlProblem::Kind::kUserInfo);
  UrlParse big = ParseUrl("stratum+tcp://h:70000");
  ASSERT_TRUE(big.parts);
  EXPECT_EQ(big.parts->port, 70000);
  EXPECT_FALSE(PortInRange(70000));
  EXPECT_FALSE(PortInRange(0));
  EXPECT_TRUE(PortInRange(65535));
}

}  // namespace
}  // namespace pooltest
