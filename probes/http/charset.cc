#include "probes/http/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "core/utf8.h"

namespace pooltest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value after "charset=" in `s`, unquoted; "" when absent.
std::string CharsetParam(std::string_view s) {
  const std::string lower = Lower(s);
  const size_t k = lower.find("charset=");
  if (k == std::string::npos) return {};
  size_t v = k + 8;
  while (v < lower.size() && (lower[v] == '"' || lower[v] == '\'' || lower[v] == ' ')) ++v;
  size_t end = v;
  while (end < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[end])) ||
                                lower[end] == '-' || lower[end] == '_' || lower[end] == ':'))
    ++end;
  return lower.substr(v, end - v);
}

// <meta charset=...> or <meta http-equiv="content-type" content="...;
// charset=..."> in the prescan window the HTML standard uses (1024 bytes;
// we look a little further for pages with long comments up front).
std::string MetaCharset(std::string_view body) {
  const std::string head = Lower(body.substr(0, 4096));
  for (size_t m = head.find("<meta"); m != std::string::npos; m = head.find("<meta", m + 5)) {
    const size_t end = head.find('>', m);
    if (end == std::string::npos) break;
    const std::string tag = head.substr(m, end - m);
    if (std::string c = CharsetParam(tag); !c.empty()) return c;
  }
  return {};
}

bool IsUtf8Name(const std::string& c) { return c == "utf-8" || c == "utf8"; }

// Share of high bytes in the windows-1251 Cyrillic letter range; Russian
// text in windows-1251 is mostly 0xC0-0xFF.
bool LooksLikeWindows1251(std::string_view s) {
  size_t high = 0, cyr = 0;
  for (unsigned char c : s) {
    if (c < 0x80) continue;
    ++high;
    if (c >= 0xC0 || c == 0xA8 || c == 0xB8) ++cyr;
  }
  return high > 0 && cyr * 10 >= high * 8;
}

bool Convert(std::string_view in, const std::string& from, std::string* out, std::string* error) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    *error = "unknown charset '" + from + "'";
    return false;
  }
  out->assign(in.size() * 3 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out->data();
  size_t dst_left = out->size();
  bool ok = true;
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<size_t>(-1)) break;
    if (errno == EILSEQ || errno == EINVAL) {
      // One undecodable byte becomes U+FFFD; the rest still converts.
      if (dst_left < 3) {
        ok = false;
        break;
      }
      std::memcpy(dst, "\xEF\xBF\xBD", 3);
      dst += 3;
      dst_left -= 3;
      ++src;
      --src_left;
      continue;
    }
    ok = false;
    break;
  }
  iconv_close(cd);
  out->resize(out->size() - dst_left);
  if (!ok) *error = "conversion from '" + from + "' stopped early";
  return ok;
}

}  // namespace

DecodedText DecodeHtml(std::string_view body, std::string_view content_type) {
  DecodedText d;
  d.declared = CharsetParam(content_type);
  d.source = "header";
  if (d.declared.empty()) {
    d.declared = MetaCharset(body);
    d.source = "meta";
  }
  if (d.declared.empty()) {
    d.source = "detected";
    if (IsValidUtf8(body))
      d.used = "utf-8";
    else
      d.used = LooksLikeWindows1251(body) ? "windows-1251" : "windows-1252";
  } else {
    d.used = d.declared;
    if (d.used == "iso-8859-1" || d.used == "latin1" || d.used == "us-ascii")
      d.used = "windows-1252";  // what browsers read these labels as
  }
  if (IsUtf8Name(d.used)) {
    d.utf8 = ToValidUtf8(body);
    return d;
  }
  std::string out;
  if (Convert(body, d.used, &out, &d.error)) {
    d.utf8 = std::move(out);
    d.converted = true;
  } else {
    d.utf8 = ToValidUtf8(body);
  }
  return d;
}

}  // namespace pooltest
