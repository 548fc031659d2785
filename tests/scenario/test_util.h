// Shared helpers for the scenario tests: a scratch folder that removes itself,
// reading a file, and finding a diagnostic by message.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "scenarios/scenario_loader.h"

namespace pooltest::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pooltest-scn-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const {
    const std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::string path_;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline int CountErrors(const LoadOutcome& o) {
  int n = 0;
  for (const Diagnostic& d : o.diagnostics) n += d.severity == Diagnostic::Severity::kError;
  return n;
}

inline std::string DumpDiagnostics(const LoadOutcome& o) {
  std::string out;
  for (const Diagnostic& d : o.diagnostics) out += FormatDiagnostic(d) + "\n";
  return out;
}

}  // namespace pooltest::testing
