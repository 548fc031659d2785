// What counts as a host in a scenario: an IPv4 or IPv6 literal, or a DNS host
// name (RFC 1123 labels of letters, digits and hyphens, 1-63 characters each,
// at most 253 in all, optional trailing dot). Something that looks like an
// IPv4 address ("10.0.0.256") is judged as one, never as a name.
#pragma once

#include <string_view>

namespace pooltest {

bool IsIpv4Literal(std::string_view s);
bool IsIpv6Literal(std::string_view s);  // without brackets
bool IsIpLiteral(std::string_view s);
bool IsHostName(std::string_view s);
// An IP literal or a host name.
bool IsValidHost(std::string_view s);

}  // namespace pooltest
