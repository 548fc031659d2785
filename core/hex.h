// Hex encoding of bytes, written once for the whole project: digests,
// certificate fingerprints, DNS and geolocation evidence, share hashes.
// Lowercase and unseparated by default; HexFingerprint gives the
// "AB:CD:…" form certificate tools print.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pooltest {

// Two lowercase hex digits per byte.
std::string HexEncode(std::string_view bytes);
std::string HexEncode(const unsigned char* bytes, size_t n);

// The 8 lowercase hex digits of v, most significant first (how Stratum's
// job ids, ntime and extranonce1 travel).
std::string HexU32(uint32_t v);

// Uppercase pairs separated by ':' (the form of `openssl x509 -fingerprint`).
std::string HexFingerprint(const unsigned char* bytes, size_t n);

}  // namespace pooltest
