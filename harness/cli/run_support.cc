#include "harness/cli/run_support.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/time_format.h"
#include "core/utf8.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/scenario_variables.h"
#include "harness/runner/install_paths.h"
#include "scenarios/lab_loader.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {

std::optional<Scenario> LoadAndReport(const std::string& path) {
  LoadOptions options = ScenarioLoadOptions();
  LoadOutcome outcome = LoadScenarioFile(path, options);
  for (const Diagnostic& d : outcome.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
  return outcome.scenario;
}

std::optional<std::string> ReadScenarioText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(kMaxScenarioBytes + 1, '\0');
  if (in.is_open()) in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in.is_open() || in.bad()) {
    std::cerr << path << ": cannot read the scenario\n";
    return std::nullopt;
  }
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

std::optional<Scenario> ParseAndReport(const std::string& text, const std::string& path,
                                       bool warnings) {
  LoadOptions options = ScenarioLoadOptions();
  LoadOutcome outcome =
      ParseScenario(text, path, std::filesystem::path(path).parent_path().string(), options);
  for (const Diagnostic& d : outcome.diagnostics) {
    if (warnings || d.severity == Diagnostic::Severity::kError)
      std::cerr << FormatDiagnostic(d) << "\n";
  }
  return outcome.scenario;
}

bool ParseAddressesOption(const std::string& command, const std::string& value,
                          std::optional<LoopbackBlock>* block) {
  if (value.empty()) return true;
  Result<LoopbackBlock> parsed = LoopbackBlock::Parse(value);
  if (!parsed) {
    std::cerr << "pooltest " << command << ": --addresses: " << parsed.error().message << "\n";
    return false;
  }
  *block = *parsed;
  return true;
}

std::optional<LabFile> LoadLabAndReport(const std::string& path) {
  LabLoadOutcome outcome = LoadLabFile(path);
  for (const Diagnostic& d : outcome.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
  return outcome.lab;
}

std::string ChooseOutDir(const std::string& requested, const std::string& stem, bool force) {
  namespace fs = std::filesystem;
  std::string dir = requested;
  if (dir.empty()) {
    std::string when = FormatUtc(std::chrono::system_clock::now());
    std::string safe;
    for (char c : stem + "-" + when.substr(0, 19)) {
      safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '-';
    }
    dir = "pooltest-" + safe;
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    std::cerr << "pooltest: output path '" << dir << "' exists and is not a folder; choose "
              << "another --out\n";
    return "";
  }
  if (fs::is_directory(dir, ec) && !fs::is_empty(dir, ec) && !force) {
    std::cerr << "pooltest: output folder '" << dir << "' is not empty; its evidence would be "
              << "overwritten. Choose another --out, or pass --force\n";
    return "";
  }
  return dir;
}

std::function<void(const ProgressEvent&)> ProgressPrinter(bool enabled) {
  if (!enabled || ::isatty(STDERR_FILENO) == 0) return nullptr;
  return [](const ProgressEvent& e) {
    const Observation& o = *e.observation;
    // The label names a pool's URL or host: cut on a character boundary.
    std::string line = e.label.size() > 60 ? std::string(Utf8Prefix(e.label, 57)) + "..." : e.label;
    std::fprintf(stderr, "\r\033[K[%3zu/%zu] %-9s %-18s %s", e.done, e.total, ToString(o.status),
                 o.probe.c_str(), line.c_str());
    if (e.done == e.total) std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  };
}

int ExitCodeFor(const RunRecord& run) {
  if (run.interrupted) return kExitInterrupted;
  bool fail = false, error = false, inconclusive = false;
  for (const CheckResult& c : run.checks) {
    fail = fail || c.verdict == Verdict::kFail;
    error = error || c.verdict == Verdict::kError;
    inconclusive = inconclusive || c.verdict == Verdict::kInconclusive;
  }
  if (fail) return kExitFailed;
  if (error) return kExitHarnessError;
  if (inconclusive) return kExitInconclusive;
  return run.checks.empty() ? kExitHarnessError : kExitPositive;
}

}  // namespace pooltest
