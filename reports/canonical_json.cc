#include "reports/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/hex.h"
#include "core/utf8.h"

namespace pooltest {
namespace {

void AppendString(const std::string& s, std::string* out) {
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          *out += "\\u00" + HexEncode(std::string_view(&ch, 1));
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

Status Serialise(const nlohmann::json& v, const std::string& path, std::string* out) {
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::null:
    case T::discarded:
      *out += "null";
      return Ok{};
    case T::boolean:
      *out += v.get<bool>() ? "true" : "false";
      return Ok{};
    case T::number_integer:
      // JCS numbers are IEEE-754 doubles: large integers lose precision the
      // same way they would in any conforming JSON reader.
      *out += EcmaNumber(static_cast<double>(v.get<int64_t>()));
      return Ok{};
    case T::number_unsigned:
      *out += EcmaNumber(static_cast<double>(v.get<uint64_t>()));
      return Ok{};
    case T::number_float: {
      double d = v.get<double>();
      if (!std::isfinite(d)) {
        return Error{"value at " + (path.empty() ? "/" : path) +
                     " is NaN or infinite, which JSON cannot represent"};
      }
      *out += EcmaNumber(d);
      return Ok{};
    }
    case T::string: {
      const std::string& s = v.get_ref<const std::string&>();
      if (!IsValidUtf8(s)) {
        return Error{"string at " + (path.empty() ? "/" : path) + " is not valid UTF-8"};
      }
      AppendString(s, out);
      return Ok{};
    }
    case T::binary:
      return Error{"value at " + (path.empty() ? "/" : path) + " is binary, not JSON"};
    case T::array: {
      out->push_back('[');
      size_t i = 0;
      for (const nlohmann::json& e : v) {
        if (i) out->push_back(',');
        Status st = Serialise(e, path + "/" + std::to_string(i), out);
        if (!st) return st;
        ++i;
      }
      out->push_back(']');
      return Ok{};
    }
    case T::object: {
      struct Member {
        std::u16string key16;
        const std::string* key;
        const nlohmann::json* value;
      };
      std::vector<Member> members;
      for (auto it = v.begin(); it != v.end(); ++it) {
        Member m{{}, &it.key(), &it.value()};
        if (!Utf8ToUtf16(it.key(), &m.key16)) {
          return Error{"member name under " + (path.empty() ? "/" : path) + " is not valid UTF-8"};
        }
        members.push_back(m);
      }
      // u16string compares code unit by code unit, which is what JCS asks.
      std::sort(members.begin(), members.end(),
                [](const Member& a, const Member& b) { return a.key16 < b.key16; });
      out->push_back('{');
      for (size_t i = 0; i < members.size(); ++i) {
        if (i) out->push_back(',');
        AppendString(*members[i].key, out);
        out->push_back(':');
        Status st = Serialise(*members[i].value, path + "/" + *members[i].key, out);
        if (!st) return st;
      }
      out->push_back('}');
      return Ok{};
    }
  }
  return Error{"unknown JSON value type at " + path};
}

}  // namespace

std::string EcmaNumber(double x) {
  if (x == 0) return "0";  // also -0
  std::string sign = x < 0 ? "-" : "";
  // Shortest round-trip digits (what ECMAScript asks for), in scientific form
  // "d.ddde+XX" so the digits and the exponent can be read off.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t e = sci.find('e');
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int exp10 = std::stoi(sci.substr(e + 1));
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;  // ECMAScript's n: value = 0.digits * 10^n
  std::string out = sign;
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    int e2 = n - 1;
    out += e2 >= 0 ? "e+" : "e-";
    out += std::to_string(e2 >= 0 ? e2 : -e2);
  }
  return out;
}

Result<std::string> CanonicalJson(const nlohmann::json& value) {
  std::string out;
  Status st = Serialise(value, "", &out);
  if (!st) return st.error();
  return out;
}

}  // namespace pooltest
