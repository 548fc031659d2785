#include "scenarios/endpoint_url.h"

#include "scenarios/host_name.h"
#include "scenarios/idn_host.h"

namespace pooltest {

namespace {

bool IsSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

UrlParse Problem(UrlProblem::Kind kind, std::string message) {
  UrlParse p;
  p.problem = UrlProblem{kind, std::move(message)};
  return p;
}

}  // namespace

UrlParse ParseUrl(std::string_view text) {
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0)
    return Problem(UrlProblem::Kind::kNoScheme, "no scheme (expected 'scheme://host:port')");
  UrlParts parts;
  for (char c : text.substr(0, sep)) {
    if (!IsSchemeChar(c))
      return Problem(UrlProblem::Kind::kNoScheme,
                     "the scheme contains '" + std::string(1, c) + "'");
    parts.scheme += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view rest = text.substr(sep + 3);
  const size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (end != std::string_view::npos) parts.rest = std::string(rest.substr(end));
  if (authority.find('@') != std::string_view::npos)
    return Problem(UrlProblem::Kind::kUserInfo,
                   "credentials in the URL are not allowed (put them in the worker or "
                   "support settings)");
  std::string_view host;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return Problem(UrlProblem::Kind::kBadHost, "unclosed '[' in the IPv6 address");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return Problem(UrlProblem::Kind::kBadHost, "unexpected text after ']'");
      has_port = true;
      port = after.substr(1);
    }
    if (!IsIpv6Literal(host))
      return Problem(UrlProblem::Kind::kBadHost,
                     "'" + std::string(host) + "' is not an IPv6 address");
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      if (authority.find(':') != colon)
        return Problem(UrlProblem::Kind::kBadHost, "an IPv6 address must be written in brackets");
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      has_port = true;
    } else {
      host = authority;
    }
    if (host.empty()) return Problem(UrlProblem::Kind::kBadHost, "no host");
    if (IsInternationalisedHost(host)) {
      Result<std::string> ascii = HostToAscii(host);
      if (!ascii)
        return Problem(UrlProblem::Kind::kBadHost,
                       "host '" + std::string(host) + "' is " + ascii.error().message);
      parts.host_unicode = HostToUnicode(*ascii);
      const size_t at = static_cast<size_t>(host.data() - text.data());
      parts.url =
          std::string(text.substr(0, at)) + *ascii + std::string(text.substr(at + host.size()));
      parts.host = *ascii;
    } else if (!IsValidHost(host)) {
      return Problem(UrlProblem::Kind::kBadHost,
                     "'" + std::string(host) + "' is neither an IP address nor a host name");
    }
  }
  if (parts.url.empty()) parts.url = std::string(text);
  if (parts.host.empty()) parts.host = std::string(host);
  if (has_port) {
    parts.port_text = std::string(port);
    if (port.empty() || port.size() > 9)
      return Problem(UrlProblem::Kind::kBadPort, "port '" + parts.port_text + "' is not a number");
    long v = 0;
    for (char c : port) {
      if (c < '0' || c > '9')
        return Problem(UrlProblem::Kind::kBadPort,
                       "port '" + parts.port_text + "' is not a number");
      v = v * 10 + (c - '0');
    }
    parts.port = v;
  }
  UrlParse ok;
  ok.parts = std::move(parts);
  return ok;
}

}  // namespace pooltest
