#include <csignal>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/run_support.h"
#include "refpool/refpool_block.h"

namespace pooltest {

int RefpoolCommand(const RefpoolArgs& args) {
  std::optional<LoopbackBlock> block;
  if (!ParseAddressesOption("refpool", args.addresses, &block)) return kExitUsage;
  Result<RefpoolConfig> config = args.config.empty() ? Result<RefpoolConfig>(DefaultRefpoolConfig())
                                                     : LoadRefpoolConfig(args.config);
  if (!config) {
    std::cerr << "pooltest refpool: " << config.error().message << "\n";
    return kExitScenarioError;
  }
  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  auto placed = StartRefpoolInBlock(*config, block);
  if (!placed) {
    std::cerr << "pooltest refpool: " << placed.error().message << "\n";
    return kExitHarnessError;
  }
  std::cout << placed->Describe() << "\n";
  for (const std::string& l : placed->pool->listening()) std::cout << "listening: " << l << "\n";
  std::cout << "reference pool running; Ctrl-C stops it" << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  placed->pool->Stop();
  std::cout << "reference pool stopped" << std::endl;
  return kExitPositive;
}

}  // namespace pooltest
