#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_support.h"
#include "harness/runner/install_paths.h"
#include "harness/runner/session.h"
#include "refpool/refpool_block.h"
#include "refpool/timestamp_authority.h"
#include "reports/act_signature.h"
#include "reports/console_summary.h"

namespace pooltest {

int DemoCommand(const DemoArgs& args) {
  namespace fs = std::filesystem;
  std::string path = args.scenario.empty()
                         ? (fs::path(SourceDir()) / "scenarios" / "demo.yaml").string()
                         : args.scenario;
  std::optional<LoopbackBlock> requested;
  if (!ParseAddressesOption("demo", args.addresses, &requested)) return kExitUsage;
  // Checked as written first, so a broken scenario is reported before any
  // pool starts; it runs rebased into the pool's block (below).
  const std::optional<std::string> text = ReadScenarioText(path);
  std::optional<Scenario> scenario;
  if (text) scenario = ParseAndReport(*text, path, true);
  if (!scenario) {
    std::cerr << "pooltest demo: " << path << " is not a valid scenario (is the build complete? "
              << "the reference pool's databases are expected in " << DataDir() << ")\n";
    return kExitScenarioError;
  }
  const std::string lab_path =
      args.lab.empty() ? (fs::path(SourceDir()) / "scenarios" / "demo-lab.yaml").string()
                       : args.lab;
  std::optional<LabFile> lab = LoadLabAndReport(lab_path);
  if (!lab) {
    std::cerr << "pooltest demo: " << lab_path << " is not a valid lab file\n";
    return kExitScenarioError;
  }
  std::string out_dir = ChooseOutDir(args.out_dir, "demo", false);
  if (out_dir.empty()) return kExitHarnessError;

  // A throwaway CA and lab key, so the demo act is signed and verifiable,
  // and a throwaway TSA on loopback for its trusted time; the act says so.
  // The CA certificates go next to the act folder, not into it: trust must
  // come from outside the act (`pooltest verify` warns otherwise).
  Result<DemoPki> pki = MakeDemoPki("pooltest demonstration laboratory");
  if (!pki) {
    std::cerr << "pooltest demo: cannot make the demonstration key: " << pki.error().message
              << "\n";
    return kExitHarnessError;
  }
  const std::string stem = fs::path(out_dir).lexically_normal().string();
  const std::string ca_file =
      (stem.back() == '/' ? stem.substr(0, stem.size() - 1) : stem) + ".demo-ca.pem";
  const std::string tsa_ca_file = ca_file.substr(0, ca_file.size() - 7) + "-tsa-ca.pem";
  for (auto [file, pem] : {std::pair{&ca_file, &pki->ca_pem}, {&tsa_ca_file, &pki->tsa_ca_pem}}) {
    std::ofstream out(*file, std::ios::trunc);
    out << *pem;
    if (!out) {
      std::cerr << "pooltest demo: cannot write " << *file << "\n";
      return kExitHarnessError;
    }
  }
  auto tsa = TimestampAuthority::Start(
      TimestampAuthority::Signing(pki->tsa.key, pki->tsa.certificate, pki->tsa.chain));
  if (!tsa) {
    std::cerr << "pooltest demo: " << tsa.error().message << "\n";
    return kExitHarnessError;
  }
  lab->tsa = TsaSettings{(*tsa)->url(), tsa_ca_file, std::chrono::seconds(10)};

  std::cout << "Starting the reference pool on loopback...\n";
  // The desk's human reply comes after 1 s instead of the reference pool's
  // 1.5 s: the act still says "answered in 1 s" (whole seconds), and the
  // demo, which waits for that reply longer than for anything else it
  // probes, is done half a second sooner (issue 13).
  RefpoolConfig config = DefaultRefpoolConfig();
  config.support.reply_delay = std::chrono::seconds(1);
  auto pool = StartRefpoolInBlock(config, requested);
  if (!pool) {
    std::cerr << "pooltest demo: " << pool.error().message << "\n";
    return kExitHarnessError;
  }
  std::cout << pool->Describe() << "\n";
  std::string scenario_text = pool->block().RebaseText(*text);
  scenario = ParseAndReport(scenario_text, path, false);
  if (!scenario) {
    std::cerr << "pooltest demo: " << path << " is not valid once rebased into "
              << pool->block().cidr() << "\n";
    return kExitScenarioError;
  }
  // The demo shows the whole act, whatever formats the scenario asks for.
  for (const char* f : {"html", "pdf"}) {
    auto& formats = scenario->output.formats;
    if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
  }
  std::cout << "Running " << path << " against it";
  if (!(pool->block() == LoopbackBlock()))
    std::cout << ", its 127.0.0.Y addresses moved into " << pool->block().cidr();
  std::cout << "...\n";

  SessionOptions options;
  options.out_dir = out_dir;
  options.harness_version = HarnessVersion();
  options.on_progress = ProgressPrinter(true);
  options.signer = pki->lab;
  options.lab = std::move(lab);
  options.scenario_text = std::move(scenario_text);
  Result<SessionOutcome> outcome = RunSession(*scenario, options);
  pool->pool->Stop();
  (*tsa)->Stop();
  if (!outcome) {
    std::cerr << "pooltest demo: " << outcome.error().message << "\n";
    return kExitHarnessError;
  }
  for (const std::string& w : outcome->warnings) std::cerr << "pooltest: warning: " << w << "\n";
  std::cout << "\n";
  PrintSummary(outcome->record, std::cout, ::isatty(STDOUT_FILENO) != 0);
  std::cout << "\nOutput folder: " << fs::absolute(out_dir).string() << "\n";
  for (const std::string& f : outcome->files) std::cout << "  " << f << "\n";
  std::cout << "The act is signed with a throwaway demonstration key and time-stamped by a "
               "throwaway TSA (not valid for accreditation). Verify it with:\n  pooltest verify "
            << out_dir << " --ca " << ca_file << " --tsa-ca " << tsa_ca_file << "\n";
  int code = ExitCodeFor(outcome->record);
  // The demo succeeds when it produced verdicts; R4.5 stays inconclusive
  // without a multi-day support campaign, so the act is not positive.
  return code == kExitHarnessError || code == kExitInterrupted ? code : kExitPositive;
}

}  // namespace pooltest
