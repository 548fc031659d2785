#include "core/base64.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

TEST(Base64, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(DecodeBase64("").value(), "");
  EXPECT_EQ(DecodeBase64("TQ==").value(), "M");
  EXPECT_EQ(DecodeBase64("TWE=").value(), "Ma");
  EXPECT_EQ(DecodeBase64("TWFu").value(), "Man");
  EXPECT_EQ(DecodeBase64("JVBERi0=").value(), "%PDF-");
  EXPECT_EQ(DecodeBase64("/+8A").value(), std::string("\xff\xef\x00", 3));
}

TEST(Base64, AByteOutsideTheAlphabetIsInvalid) {
  EXPECT_FALSE(DecodeBase64("TW Fu").has_value());
  EXPECT_FALSE(DecodeBase64("TWFu\n").has_value());
  EXPECT_FALSE(DecodeBase64("TW-u").has_value());
}

}  // namespace
}  // namespace pooltest
