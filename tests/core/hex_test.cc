#include "core/hex.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

TEST(Hex, U32IsEightDigitsMostSignificantFirst) {
  EXPECT_EQ(HexU32(0), "00000000");
  EXPECT_EQ(HexU32(0x0a1b2c3d), "0a1b2c3d");
  EXPECT_EQ(HexU32(0xffffffff), "ffffffff");
}

TEST(Hex, EncodesLowercaseWithoutSeparators) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
  const unsigned char bytes[] = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(HexEncode(bytes, sizeof bytes), "deadbeef");
}

TEST(Hex, FingerprintIsUppercasePairsSeparatedByColons) {
  const unsigned char bytes[] = {0x0a, 0xbc, 0xff};
  EXPECT_EQ(HexFingerprint(bytes, sizeof bytes), "0A:BC:FF");
  EXPECT_EQ(HexFingerprint(bytes, 1), "0A");
  EXPECT_EQ(HexFingerprint(bytes, 0), "");
}

}  // namespace
}  // namespace pooltest
