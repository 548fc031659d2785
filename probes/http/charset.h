// Turns a fetched HTML body into UTF-8 for the parser and the language
// identifier, recording which charset was declared (Content-Type header or
// <meta charset> / http-equiv in the first 4 KiB), which one was used and
// whether bytes had to be converted (iconv from glibc). Without a
// declaration, valid UTF-8 is taken as is and other bytes are detected as
// windows-1251 when they look like Cyrillic letters, else windows-1252.
#pragma once

#include <string>
#include <string_view>

namespace pooltest {

struct DecodedText {
  std::string utf8;      // the body as UTF-8 (invalid sequences replaced)
  std::string declared;  // charset as declared, lowercased; "" when none
  std::string source;    // "header", "meta", "detected"
  std::string used;      // the charset the bytes were read as
  bool converted = false;
  std::string error;  // why conversion failed (the body is then repaired)
};

DecodedText DecodeHtml(std::string_view body, std::string_view content_type);

}  // namespace pooltest
