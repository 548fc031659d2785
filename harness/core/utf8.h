// Evidence is written as JSON, which must be valid UTF-8, but hostile or
// broken peers send arbitrary bytes. These helpers make any text valid by
// replacing each invalid sequence with U+FFFD, leaving valid text untouched.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pooltest {

bool IsValidUtf8(std::string_view s);
std::string ToValidUtf8(std::string_view s);
// Repairs every string (and object key) inside `j` in place.
void MakeValidUtf8(nlohmann::json& j);

}  // namespace pooltest
