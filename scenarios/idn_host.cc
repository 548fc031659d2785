#include "scenarios/idn_host.h"

#include <idn2.h>

#include <memory>

#include "core/utf8.h"
#include "scenarios/host_name.h"

namespace pooltest {
namespace {

struct Idn2Free {
  void operator()(char* p) const { idn2_free(p); }
};
using Idn2String = std::unique_ptr<char, Idn2Free>;

constexpr int kFlags = IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT;

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

bool IsInternationalisedHost(std::string_view host) {
  for (unsigned char c : host)
    if (c >= 0x80) return true;
  const std::string lower = Lower(std::string(host));
  return lower.rfind("xn--", 0) == 0 || lower.find(".xn--") != std::string::npos;
}

Result<std::string> HostToAscii(std::string_view host) {
  if (!IsValidUtf8(host)) return Error{"the name is not valid UTF-8"};
  std::string name(host);
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name.find('\0') != std::string::npos) return Error{"the name contains a NUL byte"};
  char* out = nullptr;
  const int rc = idn2_to_ascii_8z(name.c_str(), &out, kFlags);
  Idn2String ascii(out);
  if (rc != IDN2_OK || !ascii)
    return Error{std::string("not a valid internationalised host name (IDNA2008/UTS #46: ") +
                 idn2_strerror(rc) + ")"};
  std::string result = Lower(ascii.get());
  if (!IsHostName(result)) return Error{"its ASCII form '" + result + "' is not a valid host name"};
  // An A-label written by hand must be one libidn2 itself would write.
  if (Lower(name).find("xn--") != std::string::npos && HostToUnicode(result).empty())
    return Error{"its A-label does not decode to a valid name"};
  return result;
}

std::string HostToUnicode(std::string_view ascii) {
  if (!IsInternationalisedHost(ascii)) return {};
  char* out = nullptr;
  const int rc = idn2_to_unicode_8z8z(std::string(ascii).c_str(), &out, 0);
  Idn2String unicode(out);
  if (rc != IDN2_OK || !unicode) return {};
  // A valid name comes back to the same A-labels.
  char* back = nullptr;
  const int rc2 = idn2_to_ascii_8z(unicode.get(), &back, kFlags);
  Idn2String again(back);
  if (rc2 != IDN2_OK || !again || Lower(again.get()) != Lower(std::string(ascii))) return {};
  return unicode.get();
}

}  // namespace pooltest
