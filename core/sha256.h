// SHA-256 digests (OpenSSL EVP) as lowercase hex, for scenario hashes,
// attested documents and the evidence manifest.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace pooltest {

std::string Sha256Hex(std::string_view bytes);
// Streams the file; the error names the path and the reason.
Result<std::string> Sha256File(const std::string& path);

}  // namespace pooltest
