#include "scenarios/host_name.h"

#include <arpa/inet.h>

#include <string>

namespace pooltest {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool LooksNumeric(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsDigit(c) && c != '.') return false;
  return true;
}

}  // namespace

bool IsIpv4Literal(std::string_view s) {
  if (s.empty() || s.size() > 15) return false;
  in_addr a{};
  // inet_pton accepts only dotted-quad decimal, which is what we want.
  return inet_pton(AF_INET, std::string(s).c_str(), &a) == 1;
}

bool IsIpv6Literal(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  in6_addr a{};
  return inet_pton(AF_INET6, std::string(s).c_str(), &a) == 1;
}

bool IsIpLiteral(std::string_view s) { return IsIpv4Literal(s) || IsIpv6Literal(s); }

bool IsHostName(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 253) return false;
  if (LooksNumeric(s)) return false;  // a malformed IPv4 address, not a name
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('.', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view label = s.substr(start, end - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!IsAlnum(c) && c != '-') return false;
    start = end + 1;
  }
  return true;
}

bool IsValidHost(std::string_view s) { return IsIpLiteral(s) || IsHostName(s); }

}  // namespace pooltest
