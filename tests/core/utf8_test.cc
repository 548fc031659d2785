#include "core/utf8.h"

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

TEST(Utf8, PrefixAtEveryByteOfMultiByteTextStaysValid) {
  const std::string text = "aҚ€𝄞б";  // 1-, 2-, 3-, 4- and 2-byte characters
  for (size_t max = 0; max <= text.size() + 1; ++max) {
    const std::string_view p = Utf8Prefix(text, max);
    EXPECT_LE(p.size(), max);
    EXPECT_TRUE(IsValidUtf8(p)) << max;
    EXPECT_EQ(text.substr(0, p.size()), p);
  }
  EXPECT_EQ(Utf8Prefix(text, 2), "a");    // inside Қ
  EXPECT_EQ(Utf8Prefix(text, 3), "aҚ");   // right after it
  EXPECT_EQ(Utf8Prefix(text, 9), "aҚ€");  // inside 𝄞, three bytes back
  EXPECT_EQ(Utf8Prefix(text, 100), text);
}

TEST(Utf8, NextCodePointDecodesEachLength) {
  const std::string text = "aҚ€𝄞";
  size_t i = 0;
  EXPECT_EQ(NextCodePoint(text, i), U'a');
  EXPECT_EQ(i, 1u);
  EXPECT_EQ(NextCodePoint(text, i), U'Қ');
  EXPECT_EQ(i, 3u);
  EXPECT_EQ(NextCodePoint(text, i), U'€');
  EXPECT_EQ(i, 6u);
  EXPECT_EQ(NextCodePoint(text, i), U'𝄞');
  EXPECT_EQ(i, text.size());
}

TEST(Utf8, NextCodePointRejectsOverlongSurrogateAndTooLarge) {
  for (std::string bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xF0\x80\x80\xAF",  // overlong
                          "\xED\xA0\x80", "\xED\xBF\xBF",                  // surrogates
                          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",          // > U+10FFFF
                          "\xE2\x82", "\x80", "\xFF"}) {                   // truncated, stray
    size_t i = 0;
    EXPECT_EQ(NextCodePoint(bad, i), U'\uFFFD') << testing::PrintToString(bad);
    EXPECT_EQ(i, 1u);
  }
  size_t i = 0;
  EXPECT_EQ(NextCodePoint("\xF4\x8F\xBF\xBF", i), U'\U0010FFFF');  // the largest is fine
  EXPECT_EQ(i, 4u);
}

TEST(Utf8, AppendUtf8RoundTripsThroughNextCodePoint) {
  for (char32_t cp : {U'\0', U'a', U'\x7F', U'\x80', U'\x7FF', U'\x800', U'Қ', U'\xFFFD', U'\xFFFF',
                      U'\U00010000', U'𝄞', U'\U0010FFFF'}) {
    std::string s;
    AppendUtf8(s, cp);
    EXPECT_TRUE(IsValidUtf8(s)) << static_cast<uint32_t>(cp);
    size_t i = 0;
    EXPECT_EQ(NextCodePoint(s, i), cp);
    EXPECT_EQ(i, s.size());
  }
  std::string s;
  AppendUtf8(s, 0xD800);    // a surrogate
  AppendUtf8(s, 0x110000);  // past U+10FFFF
  EXPECT_EQ(s, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8, ToUtf16UsesSurrogatePairsAboveTheBmp) {
  std::u16string out;
  ASSERT_TRUE(Utf8ToUtf16("aҚ€𝄞\U0010FFFF", &out));
  EXPECT_EQ(out, u"aҚ€\xD834\xDD1E\xDBFF\xDFFF");
  ASSERT_TRUE(Utf8ToUtf16("", &out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(Utf8ToUtf16("\xED\xA0\x80", &out));  // an encoded surrogate
  EXPECT_FALSE(Utf8ToUtf16("\xC0\xAF", &out));      // overlong
  EXPECT_FALSE(Utf8ToUtf16("ok\xE2\x82", &out));    // truncated
}

}  // namespace
}  // namespace pooltest
