// Escaping text for HTML and XML documents (the reference pool's pages, the
// JUnit report, the act): the five markup characters become entities, and
// the control characters and the two noncharacters (U+FFFE, U+FFFF) that
// XML 1.0 forbids become spaces. Bytes are otherwise kept: text that may
// not be valid UTF-8 is repaired first (core/utf8.h). And text for a quoted
// CSS string inside <style> (the act's page headers): every ASCII character
// but letters, digits and space becomes a hex escape, so nothing in it can
// close the string or the style element; other UTF-8 stays.
#pragma once

#include <string>
#include <string_view>

namespace pooltest {

std::string EscapeMarkup(std::string_view s);
// The inside of a CSS string: write it as "\"" + EscapeCssString(s) + "\"".
std::string EscapeCssString(std::string_view s);

}  // namespace pooltest
