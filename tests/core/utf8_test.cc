#include "harness/core/utf8.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

TEST(Utf8, ValidTextIsUntouched) {
  for (std::string s : {"", "ascii", "Қазақстан Республикасы", "Россия", "€ 𝄞"}) {
    EXPECT_TRUE(IsValidUtf8(s)) << s;
    EXPECT_EQ(ToValidUtf8(s), s);
  }
}

TEST(Utf8, InvalidSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(ToValidUtf8("a\xA5z"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ToValidUtf8("\xD2"), "\xEF\xBF\xBD");                                  // truncated
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));                                   // > U+10FFFF
}

TEST(Utf8, RepairsNestedStringsAndKeys) {
  nlohmann::json j = {{"a", {"ok", std::string("b\xFF")}}, {std::string("k\xFE"), 1}};
  EXPECT_THROW(j.dump(), nlohmann::json::type_error);
  MakeValidUtf8(j);
  EXPECT_NO_THROW(j.dump());
  EXPECT_EQ(j["a"][1], "b\xEF\xBF\xBD");
  EXPECT_EQ(j["k\xEF\xBF\xBD"], 1);
}

}  // namespace
}  // namespace pooltest
