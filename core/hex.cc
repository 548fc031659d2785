#include "core/hex.h"

namespace pooltest {
namespace {

std::string Encode(const unsigned char* p, size_t n, const char* digits, char separator) {
  std::string out;
  out.reserve(n * (separator ? 3 : 2));
  for (size_t i = 0; i < n; ++i) {
    if (separator && i) out += separator;
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string HexEncode(const unsigned char* bytes, size_t n) {
  return Encode(bytes, n, "0123456789abcdef", 0);
}

std::string HexEncode(std::string_view bytes) {
  return HexEncode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string HexFingerprint(const unsigned char* bytes, size_t n) {
  return Encode(bytes, n, "0123456789ABCDEF", ':');
}

std::string HexU32(uint32_t v) {
  const unsigned char bytes[4] = {
      static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
      static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
  return HexEncode(bytes, 4);
}

}  // namespace pooltest
