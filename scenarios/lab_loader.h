// Loads and validates a lab file (lab.h; format in scenarios/lab-file.md).
// Like the scenario loader it reports every problem, each with file, line,
// column, what is wrong and what to do, and never throws. Relative paths
// (tsa.ca_file) are resolved against the lab file's folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/lab.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {

struct LabLoadOutcome {
  std::optional<LabFile> lab;  // set only when there is no error diagnostic
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return lab.has_value(); }
};

constexpr size_t kMaxLabFileBytes = 64 * 1024;

LabLoadOutcome LoadLabFile(const std::string& path);

// `display_path` names the file in messages; relative paths resolve against
// `base_dir`.
LabLoadOutcome ParseLabFile(std::string_view text, const std::string& display_path,
                            const std::string& base_dir);

}  // namespace pooltest
