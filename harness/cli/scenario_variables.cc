#include "harness/cli/scenario_variables.h"

#include <cstdlib>

#include "harness/runner/install_paths.h"

namespace pooltest {

std::string LabDataDir() {
  const char* env = std::getenv("POOLTEST_LAB_DATA");
  return env != nullptr && *env != '\0' ? env : POOLTEST_LAB_DATA_DIR;
}

LoadOptions ScenarioLoadOptions() {
  LoadOptions options;
  options.variables["POOLTEST_DATA"] = DataDir();
  options.variables["POOLTEST_LAB_DATA"] = LabDataDir();
  // The script is in the source tree and installed beside the scenarios.
  options.variable_hints["POOLTEST_LAB_DATA"] =
      "the example scenarios' real IP databases are fetched, pinned, by `bash " + SourceDir() +
      "/ci/fetch-lab-data.sh` into " POOLTEST_LAB_DATA_DIR
      "; or set POOLTEST_LAB_DATA to the lab's own folder";
  return options;
}

}  // namespace pooltest
