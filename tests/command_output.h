// What a shell command prints on its standard output, for tests that read
// a tool's report (pdftotext, pdfinfo, pdffonts). "" when it cannot run.
#pragma once

#include <cstdio>
#include <string>

namespace pooltest::testing {

inline std::string CommandOutput(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

}  // namespace pooltest::testing
