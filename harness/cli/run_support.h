// Pieces shared by `run` and `demo`: loading a scenario with diagnostics
// printed, choosing the output folder, the terminal progress display, and
// mapping verdicts to an exit code.
#pragma once

#include <optional>
#include <string>

#include "harness/runner/runner.h"
#include "reports/run_record.h"
#include "scenarios/lab.h"
#include "scenarios/scenario.h"

namespace pooltest {

// Prints every diagnostic to stderr; nullopt when there are errors.
std::optional<Scenario> LoadAndReport(const std::string& path);

// The lab file, every diagnostic printed to stderr; nullopt when there are
// errors.
std::optional<LabFile> LoadLabAndReport(const std::string& path);

// A fresh folder: `requested` if given (refusing a non-empty one unless
// `force`), else "pooltest-<name>-<UTC time>" in the working directory.
// Returns "" after printing why when it cannot be used.
std::string ChooseOutDir(const std::string& requested, const std::string& stem, bool force);

// "[ 12/40] ok        stratum.handshake  primary/ch1 127.0.0.11:3333" on a
// terminal, rewritten in place; nothing when stderr is not a terminal.
std::function<void(const ProgressEvent&)> ProgressPrinter(bool enabled);

int ExitCodeFor(const RunRecord& run);

}  // namespace pooltest
