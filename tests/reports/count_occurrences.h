// How often a piece of text occurs in a rendered report (the act's HTML
// tests count rows and cells with it).
#pragma once

#include <string>

namespace pooltest::testing {

inline size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace pooltest::testing
