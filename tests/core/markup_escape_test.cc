#include "core/markup_escape.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

TEST(EscapeMarkup, FiveCharactersAndForbiddenControls) {
  EXPECT_EQ(EscapeMarkup("a<b>&\"'\x01\n"), "a&lt;b&gt;&amp;&quot;&#39; \n");
}

TEST(EscapeCssString, NothingCanCloseTheStringOrTheStyleElement) {
  EXPECT_EQ(EscapeCssString("No. 12"), "No\\2e  12");
  EXPECT_EQ(EscapeCssString("\"</style>"), "\\22 \\3c \\2f style\\3e ");
  EXPECT_EQ(EscapeCssString("a\\b\n"), "a\\5c b\\0a ");
  // Cyrillic and other UTF-8 stays as it is.
  EXPECT_EQ(EscapeCssString("бет № 3"), "бет № 3");
  EXPECT_EQ(EscapeCssString(""), "");
}

}  // namespace
}  // namespace pooltest
