// The scenario loader on any bytes as the scenario file (YAML, or JSON as
// its subset). scenario_loader.h promises it never throws and never
// crashes, and that a scenario comes back exactly when no diagnostic is an
// error; each diagnostic must also print. Relative paths resolve against a
// folder that does not exist, so the files a scenario names are missing
// (an absolute path is looked up as a real loader would).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "scenarios/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const pooltest::LoadOutcome out =
      pooltest::ParseScenario(text, "fuzz.yaml", "/nonexistent/pooltest-fuzz");
  bool error = false;
  for (const pooltest::Diagnostic& d : out.diagnostics) {
    error |= d.severity == pooltest::Diagnostic::Severity::kError;
    if (pooltest::FormatDiagnostic(d).empty()) abort();
  }
  if (out.ok() == error) abort();
  return 0;
}
