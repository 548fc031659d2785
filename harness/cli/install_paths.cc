#include "harness/cli/install_paths.h"

#include <cstdlib>

namespace pooltest {

std::string SourceDir() { return POOLTEST_SOURCE_DIR; }

std::string DataDir() {
  const char* env = std::getenv("POOLTEST_DATA");
  return env != nullptr && *env != '\0' ? env : POOLTEST_DATA_DIR;
}

std::string HarnessVersion() { return POOLTEST_VERSION; }

}  // namespace pooltest
