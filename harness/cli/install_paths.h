// Where the bundled files live: the source tree (scenarios/) and the folder
// the build writes the reference pool's databases into. Both are fixed at
// build time; POOLTEST_DATA in the environment overrides the data folder.
#pragma once

#include <string>

namespace pooltest {

std::string SourceDir();
std::string DataDir();
std::string HarnessVersion();

}  // namespace pooltest
