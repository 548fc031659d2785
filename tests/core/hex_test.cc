#include "core/hex.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

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
