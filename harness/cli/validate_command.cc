#include <iostream>

#include <nlohmann/json.hpp>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/runner/install_paths.h"
#include "harness/runner/settlement_lint.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {

int ValidateCommand(const ValidateArgs& args) {
  LoadOptions options;
  options.variables["POOLTEST_DATA"] = DataDir();
  bool all_ok = true;
  nlohmann::json report = nlohmann::json::array();
  for (const std::string& file : args.files) {
    LoadOutcome outcome = LoadScenarioFile(file, options);
    all_ok = all_ok && outcome.ok();
    if (outcome.ok()) {
      for (Diagnostic& d : SettlementDiagnostics(*outcome.scenario))
        outcome.diagnostics.push_back(std::move(d));
    }
    nlohmann::json diags = nlohmann::json::array();
    for (const Diagnostic& d : outcome.diagnostics) {
      if (args.json) {
        diags.push_back(
            {{"severity", d.severity == Diagnostic::Severity::kError ? "error" : "warning"},
             {"file", d.where.file},
             {"line", d.where.line},
             {"column", d.where.column},
             {"message", d.message},
             {"hint", d.hint}});
      } else {
        std::cerr << FormatDiagnostic(d) << "\n";
      }
    }
    if (args.json) {
      report.push_back({{"file", file}, {"valid", outcome.ok()}, {"diagnostics", diags}});
    } else if (outcome.ok()) {
      std::cout << file << ": valid (" << outcome.scenario->sites.size() << " sites, sha256 "
                << outcome.scenario->sha256.substr(0, 16) << "…)\n";
    }
  }
  if (args.json) std::cout << report.dump(2) << "\n";
  return all_ok ? kExitPositive : kExitScenarioError;
}

}  // namespace pooltest
