// Pieces shared by `run` and `demo`: loading a scenario with diagnostics
// printed, choosing the output folder, the terminal progress display, and
// mapping verdicts to an exit code.
#pragma once

#include <optional>
#include <string>

#include "harness/runner/runner.h"
#include "refpool/loopback_block.h"
#include "reports/run_record.h"
#include "scenarios/lab.h"
#include "scenarios/scenario.h"

namespace pooltest {

// Prints every diagnostic to stderr; nullopt when there are errors.
std::optional<Scenario> LoadAndReport(const std::string& path);

// A scenario file's bytes, no more than the loader accepts (plus one, so it
// still refuses a file too big); nullopt after printing why.
std::optional<std::string> ReadScenarioText(const std::string& path);

// `text` loaded as if it were the file at `path` (the demo runs demo.yaml
// rebased into its loopback block). Errors are printed to stderr, warnings
// only when `warnings` (a text checked before need not repeat them).
std::optional<Scenario> ParseAndReport(const std::string& text, const std::string& path,
                                       bool warnings);

// `--addresses` of `demo` and `refpool`: true and *block unset when the
// value is empty, set when it is a valid block; false after printing the
// usage error.
bool ParseAddressesOption(const std::string& command, const std::string& value,
                          std::optional<LoopbackBlock>* block);

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
