// The sub-commands of the pooltest executable. Each returns a process exit
// code (exit_codes.h) and writes its own messages.
#pragma once

#include <string>
#include <vector>

namespace pooltest {

struct ValidateArgs {
  std::vector<std::string> files;
  bool json = false;
};

struct RunArgs {
  std::string scenario;
  std::string out_dir;  // empty: a fresh folder named after the scenario and time
  bool force = false;   // allow writing into a non-empty folder
  bool json = false;    // print results.json to stdout instead of the table
  bool quiet = false;   // no progress display
};

struct RefpoolArgs {
  std::string config;  // empty: the conforming default pool
};

struct DemoArgs {
  std::string out_dir;
  std::string scenario;  // empty: the bundled scenarios/demo.yaml
};

int ValidateCommand(const ValidateArgs& args);
int RunCommand(const RunArgs& args);
int RefpoolCommand(const RefpoolArgs& args);
int DemoCommand(const DemoArgs& args);

}  // namespace pooltest
