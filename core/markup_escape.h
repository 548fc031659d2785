// Escaping text for HTML and XML documents (the reference pool's pages, the
// JUnit report, the act): the five markup characters become entities and
// control characters that XML 1.0 forbids become spaces.
#pragma once

#include <string>
#include <string_view>

namespace pooltest {

std::string EscapeMarkup(std::string_view s);

}  // namespace pooltest
