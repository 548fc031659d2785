// UTF-8, handled in one place for the whole project. Evidence is written as
// JSON, which must be valid UTF-8, but hostile or broken peers send
// arbitrary bytes: these helpers validate, repair (each invalid byte becomes
// U+FFFD, valid text is untouched), decode and encode code points, and cut
// text to a byte budget without splitting a character. "Invalid" is strict
// everywhere: overlong forms, surrogates and values past U+10FFFF included.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pooltest {

bool IsValidUtf8(std::string_view s);
std::string ToValidUtf8(std::string_view s);
// Repairs every string (and object key) inside `j` in place.
void MakeValidUtf8(nlohmann::json& j);

// Decodes the code point at s[i] and advances i past it. An invalid or
// truncated sequence decodes to U+FFFD and advances i by one byte.
// Requires i < s.size().
char32_t NextCodePoint(std::string_view s, size_t& i);

// Capital letters of the scripts names and replies here are written in:
// Latin, Latin-1, Cyrillic with the Kazakh letters (pairs in U+048A..U+04FF
// have the capital first, except the run U+04C1..U+04CE, which starts at
// U+04C1). LowerLetter gives a capital's small letter, any other code point
// as it is.
bool IsUpperLetter(char32_t cp);
char32_t LowerLetter(char32_t cp);
// Appends the UTF-8 form of `cp` (U+FFFD for a surrogate or a value past
// U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);
// The longest prefix of `s` of at most `max_bytes` bytes that does not end
// inside a UTF-8 sequence; valid input gives a valid prefix.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);
// UTF-16 code units of `s`; false (and `out` unspecified) if `s` is not
// valid UTF-8.
bool Utf8ToUtf16(std::string_view s, std::u16string* out);

}  // namespace pooltest
