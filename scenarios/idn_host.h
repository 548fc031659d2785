// Internationalised host names (IDNA2008 with UTS #46 non-transitional
// processing, through libidn2): a scenario may write a host in its Unicode
// form ("пул.қаз", any letter case) or as A-labels ("xn--...").
// Everything that connects, resolves or matches declared hosts uses the
// ASCII form; the Unicode form is for the evidence and the act, which show
// both. Pure functions; no global state.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace pooltest {

// Whether `host` needs IDNA processing: a byte outside ASCII, or a label
// that starts with "xn--" (an A-label, which must decode to a valid name).
bool IsInternationalisedHost(std::string_view host);

// The ASCII form of an internationalised host name, lowercase A-labels,
// without a trailing dot. The error says what is wrong in words a scenario
// author can act on (a disallowed character, a bad A-label, too long...).
Result<std::string> HostToAscii(std::string_view host);

// The Unicode form of `ascii` (a name HostToAscii gave, or any host):
// "" when it has no A-label or does not decode.
std::string HostToUnicode(std::string_view ascii);

}  // namespace pooltest
