// Loads and validates a scenario file (YAML; JSON is accepted as the YAML
// subset it is). Every problem found is reported, not just the first, each
// with file, line, column, what is wrong and a hint on how to fix it. Never
// throws and never crashes, whatever the input.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.h"

namespace pooltest {

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;  // what is wrong, e.g. "unknown key 'stratm'"
  std::string hint;     // what to do, e.g. "did you mean 'stratum'?"
};

struct LoadOutcome {
  std::optional<Scenario> scenario;  // set only when there is no error diagnostic
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return scenario.has_value(); }
};

struct LoadOptions {
  // Values for ${NAME} in path fields (data sources, documents), checked
  // before the process environment. The CLI sets POOLTEST_DATA to the folder
  // holding the reference pool's generated databases.
  std::map<std::string, std::string> variables;
  // What to do when a file named through ${NAME} is missing or NAME is
  // unset, added to that error's hint (e.g. how to fetch the lab's data).
  std::map<std::string, std::string> variable_hints;
};

// Bounds on what the loader reads, so a hostile or mistaken file is refused
// at once, with its location, instead of costing seconds and memory.
constexpr size_t kMaxScenarioBytes = 4 * 1024 * 1024;
constexpr size_t kMaxScenarioScalarBytes = 64 * 1024;

LoadOutcome LoadScenarioFile(const std::string& path, const LoadOptions& options = {});

// `display_path` names the file in messages; relative paths in the scenario
// are resolved against `base_dir`.
LoadOutcome ParseScenario(std::string_view text, const std::string& display_path,
                          const std::string& base_dir, const LoadOptions& options = {});

// "file:line:col: error: message\n  hint: ..." as a compiler would print it.
std::string FormatDiagnostic(const Diagnostic& d);

}  // namespace pooltest
