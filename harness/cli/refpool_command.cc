#include <csignal>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "refpool/refpool.h"

namespace pooltest {

int RefpoolCommand(const RefpoolArgs& args) {
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
  auto pool = Refpool::Start(*config);
  if (!pool) {
    std::cerr << "pooltest refpool: " << pool.error().message << "\n";
    return kExitHarnessError;
  }
  for (const std::string& l : (*pool)->listening()) std::cout << "listening: " << l << "\n";
  std::cout << "reference pool running; Ctrl-C stops it" << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  (*pool)->Stop();
  std::cout << "reference pool stopped" << std::endl;
  return kExitPositive;
}

}  // namespace pooltest
