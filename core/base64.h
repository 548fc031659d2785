// Base64 decoding (RFC 4648, standard alphabet), written once for the
// project: what Chromium's DevTools protocol sends as binary (screenshots,
// printed PDFs) arrives base64-encoded. Decoding stops at the first '=';
// any other byte outside the alphabet (whitespace included) makes the
// whole input invalid: nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pooltest {

std::optional<std::string> DecodeBase64(std::string_view in);

}  // namespace pooltest
