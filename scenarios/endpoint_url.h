// Splits the URLs a scenario declares (stratum+tcp://, http(s)://, smtp://,
// imap://) into scheme, host, port and the rest, and says precisely what is
// wrong with a malformed one. Scheme policy (which schemes are allowed, is a
// port required) is the caller's; this only parses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pooltest {

struct UrlParts {
  std::string scheme;        // lowercased, without "://"
  std::string host;          // without brackets for IPv6
  std::string port_text;     // as written; empty when absent
  std::optional<long> port;  // parsed port digits; may be out of range
  std::string rest;          // path, query and fragment, e.g. "/api?x=1"; may be empty
  // An internationalised host (idn_host.h) as written, e.g. "пул.қаз";
  // `host` is then its ASCII form. Empty for other hosts.
  std::string host_unicode;
  // The URL as given with `host` in place of the host as written: the URL
  // to connect to.
  std::string url;
};

struct UrlProblem {
  enum class Kind { kNoScheme, kBadHost, kBadPort, kUserInfo };
  Kind kind;
  std::string message;  // e.g. "no '://' after the scheme"
};

// Either parts or a problem. A port present but > 65535 or 0 still parses (the
// caller reports the range, which is a distinct mistake from a missing port).
struct UrlParse {
  std::optional<UrlParts> parts;
  std::optional<UrlProblem> problem;
};

UrlParse ParseUrl(std::string_view text);

// True for 1..65535.
inline bool PortInRange(long p) { return p >= 1 && p <= 65535; }

}  // namespace pooltest
