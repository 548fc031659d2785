// Escaping text for HTML and XML documents (the reference pool's pages, the
// JUnit report, the act): the five markup characters become entities, and
// the control characters and the two noncharacters (U+FFFE, U+FFFF) that
// XML 1.0 forbids become spaces. Bytes are otherwise kept: text that may
// not be valid UTF-8 is repaired first (core/utf8.h).
#pragma once

#include <string>
#include <string_view>

namespace pooltest {

std::string EscapeMarkup(std::string_view s);

}  // namespace pooltest
