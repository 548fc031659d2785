// RFC 8785 canonicalisation against the RFC's own examples.
#include "reports/canonical_json.h"

#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>

namespace pooltest {
namespace {

double FromBits(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// RFC 8785 Appendix B: IEEE-754 bit patterns and their serialisation.
TEST(CanonicalJson, NumbersOfAppendixB) {
  struct Case {
    uint64_t bits;
    const char* want;
  } cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EcmaNumber(FromBits(c.bits)), c.want) << std::hex << c.bits;
    auto got = CanonicalJson(nlohmann::json(FromBits(c.bits)));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, c.want);
  }
}

TEST(CanonicalJson, NanAndInfinityAreErrorsNamingThePath) {
  nlohmann::json j = {{"a", {1, FromBits(0x7ff0000000000000)}}};
  auto got = CanonicalJson(j);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("/a/1"), std::string::npos) << got.error().message;
  EXPECT_FALSE(CanonicalJson(nlohmann::json(FromBits(0x7fffffffffffffff))).ok());
}

// RFC 8785 section 3.2.2's example.
TEST(CanonicalJson, ExampleOfSection322) {
  const char* input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  auto got = CanonicalJson(nlohmann::json::parse(input));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got,
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

// RFC 8785 section 3.2.3: members sorted by UTF-16 code units (the emoji's
// high surrogate sorts before U+FB33).
TEST(CanonicalJson, SortsByUtf16CodeUnits) {
  const char* input = R"({
    "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  auto got = CanonicalJson(nlohmann::json::parse(input));
  ASSERT_TRUE(got.ok());
  std::vector<std::string> order = {"Carriage Return",
                                    "One",
                                    "Control",
                                    "Latin Small Letter O With Diaeresis",
                                    "Euro Sign",
                                    "Emoji: Grinning Face",
                                    "Hebrew Letter Dalet With Dagesh"};
  size_t at = 0;
  for (const std::string& v : order) {
    size_t p = got->find(v);
    ASSERT_NE(p, std::string::npos) << v;
    EXPECT_GT(p, at) << v << " out of order in " << *got;
    at = p;
  }
}

TEST(CanonicalJson, IntegersAndNestingWithoutWhitespace) {
  nlohmann::json j = {{"b", {{"z", 1}, {"a", -2}}}, {"a", nlohmann::json::array({1u, 2.5, "x"})}};
  auto got = CanonicalJson(j);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, R"({"a":[1,2.5,"x"],"b":{"a":-2,"z":1}})");
}

TEST(CanonicalJson, InvalidUtf8IsAnError) {
  EXPECT_FALSE(CanonicalJson(nlohmann::json(std::string("ok\xC3"))).ok());
  EXPECT_FALSE(CanonicalJson(nlohmann::json(std::string("\xED\xA0\x80"))).ok());  // surrogate
  EXPECT_TRUE(CanonicalJson(nlohmann::json(std::string("Қазақ тілі"))).ok());
}

}  // namespace
}  // namespace pooltest
