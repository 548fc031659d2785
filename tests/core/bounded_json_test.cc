#include "core/bounded_json.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace pooltest {
namespace {

TEST(BoundedJson, ParsesWhatIsWithinTheLimits) {
  Result<nlohmann::json> j =
      ParseBoundedJson(R"({"id":1,"result":[["mining.notify","ae"],"08000002",4]})", {});
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ((*j)["result"][2], 4);
}

TEST(BoundedJson, RefusesDeepNestingBeforeBuildingIt) {
  const std::string deep = std::string(30000, '[') + std::string(30000, ']');
  Result<nlohmann::json> j = ParseBoundedJson(deep, {.max_bytes = 1 << 20, .max_depth = 64});
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("nested deeper than 64"), std::string::npos)
      << j.error().message;
  // Exactly at the limit is fine.
  EXPECT_TRUE(ParseBoundedJson(std::string(64, '[') + std::string(64, ']'), {.max_depth = 64}));
  EXPECT_FALSE(ParseBoundedJson(std::string(65, '[') + std::string(65, ']'), {.max_depth = 64}));
}

TEST(BoundedJson, RefusesAnUnclosedFloodWithoutGrowing) {
  // An 8 MiB reply of '[' once cost 632 MB to parse.
  const std::string flood(8 * 1024 * 1024, '[');
  Result<nlohmann::json> j = ParseBoundedJson(flood, {.max_bytes = 16 << 20});
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("nested deeper"), std::string::npos);
}

TEST(BoundedJson, RefusesTooManyValuesAndTooManyBytes) {
  std::string many = "[";
  for (int i = 0; i < 2000; ++i) many += "1,";
  many += "1]";
  Result<nlohmann::json> j = ParseBoundedJson(many, {.max_values = 1000});
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("more than 1000 JSON values"), std::string::npos);
  Result<nlohmann::json> big = ParseBoundedJson(std::string(2000, ' ') + "1", {.max_bytes = 1000});
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("over the limit of 1000"), std::string::npos);
}

TEST(BoundedJson, SaysWhereTextIsNotJson) {
  Result<nlohmann::json> j = ParseBoundedJson("{\"a\": tru}", {});
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message.find("not valid JSON at byte"), std::string::npos)
      << j.error().message;
  EXPECT_FALSE(ParseBoundedJson("", {}));
  EXPECT_FALSE(ParseBoundedJson("{} trailing", {}));
}

// Found by fuzz/stratum_line_fuzzer: the parser quotes the bytes it last
// read, and a pool's bytes need not be UTF-8; the message goes to evidence.
TEST(BoundedJson, ItsErrorIsValidUtf8WhateverTheBytes) {
  Result<nlohmann::json> j = ParseBoundedJson("{\"id\":2,\"resu\x87lt\":false}", {});
  ASSERT_FALSE(j);
  EXPECT_TRUE(IsValidUtf8(j.error().message)) << j.error().message;
  EXPECT_NO_THROW((void)nlohmann::json(j.error().message).dump());
}

}  // namespace
}  // namespace pooltest
