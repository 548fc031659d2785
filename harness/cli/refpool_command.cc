#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

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
  // The log goes to its own stream so stdout keeps only what the pool
  // listens on; each line is flushed as written (a tail -f sees it at once).
  std::shared_ptr<FILE> log_file(stderr, [](FILE*) {});
  if (!args.log.empty()) {
    FILE* f = std::fopen(args.log.c_str(), "a");
    if (!f) {
      std::cerr << "pooltest refpool: cannot open the log " << args.log << ": "
                << std::strerror(errno) << "\n";
      return kExitHarnessError;
    }
    log_file.reset(f, [](FILE* p) { std::fclose(p); });
  }
  RefpoolLog log = [log_file](const std::string& line) {
    std::fprintf(log_file.get(), "%s\n", line.c_str());
    std::fflush(log_file.get());
  };
  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  auto placed = StartRefpoolInBlock(*config, block, log);
  if (!placed) {
    std::cerr << "pooltest refpool: " << placed.error().message << "\n";
    return kExitHarnessError;
  }
  std::cout << placed->Describe() << "\n";
  for (const std::string& l : placed->pool->listening()) std::cout << "listening: " << l << "\n";
  if (!args.log.empty()) std::cout << "stratum log: " << args.log << "\n";
  std::cout << "reference pool running; Ctrl-C stops it" << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  placed->pool->Stop();
  std::cout << "reference pool stopped" << std::endl;
  return kExitPositive;
}

}  // namespace pooltest
