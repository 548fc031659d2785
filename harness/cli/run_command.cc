#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_support.h"
#include "harness/cli/sign_options.h"
#include "harness/runner/install_paths.h"
#include "harness/runner/session.h"
#include "reports/console_summary.h"
#include "reports/results_json.h"

namespace pooltest {

int RunCommand(const RunArgs& args) {
  std::optional<Scenario> scenario = LoadAndReport(args.scenario);
  if (!scenario) {
    std::cerr << "pooltest: " << args.scenario << " is not a valid scenario; nothing was run\n";
    return kExitScenarioError;
  }
  std::optional<LabFile> lab;
  if (!args.lab.empty()) {
    lab = LoadLabAndReport(args.lab);
    if (!lab) {
      std::cerr << "pooltest: " << args.lab << " is not a valid lab file; nothing was run\n";
      return kExitScenarioError;
    }
  }
  // The key first: a wrong password should not cost a whole run.
  Result<std::optional<SigningIdentity>> signer =
      LoadSigner(args.sign_p12, args.sign_password_env, args.sign_password_file);
  if (!signer) {
    std::cerr << "pooltest: cannot sign the act: " << signer.error().message << "\n";
    return kExitScenarioError;
  }
  std::string out_dir = ChooseOutDir(args.out_dir, scenario->name, args.force);
  if (out_dir.empty()) return kExitHarnessError;

  SessionOptions options;
  options.out_dir = out_dir;
  options.harness_version = HarnessVersion();
  options.on_progress = ProgressPrinter(!args.quiet && !args.json);
  options.signer = std::move(*signer);
  options.lab = std::move(lab);
  Result<SessionOutcome> outcome = RunSession(*scenario, options);
  if (!outcome) {
    std::cerr << "pooltest: " << outcome.error().message << "\n";
    return kExitHarnessError;
  }
  for (const std::string& w : outcome->warnings) std::cerr << "pooltest: warning: " << w << "\n";
  if (args.json) {
    // As results.json is written: a summary quoting bytes that are no UTF-8
    // is repaired, not an exception.
    std::cout << ResultsJson(outcome->record)
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    PrintSummary(outcome->record, std::cout, ::isatty(STDOUT_FILENO) != 0);
    std::cout << "Evidence and results: " << std::filesystem::absolute(out_dir).string() << "\n";
  }
  return ExitCodeFor(outcome->record);
}

}  // namespace pooltest
