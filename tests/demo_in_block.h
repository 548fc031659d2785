// scenarios/demo.yaml as the tests run it: rebased into the loopback block
// the test claimed (refpool/refpool_block.h), so the test's reference pool
// and scenario sit where no other test, demo or refpool does.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "refpool/loopback_block.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {

inline std::string DemoScenarioPath() {
  return std::string(POOLTEST_SOURCE_DIR) + "/scenarios/demo.yaml";
}

// demo.yaml's text with its 127.0.0.Y addresses moved into `block`.
inline std::string DemoTextIn(const LoopbackBlock& block) {
  std::ifstream in(DemoScenarioPath());
  return block.RebaseText(std::string(std::istreambuf_iterator<char>(in), {}));
}

// `text` (a rebased demo.yaml, perhaps edited) loaded as if it were the file.
inline LoadOutcome ParseDemoText(const std::string& text, const std::string& data_dir) {
  LoadOptions options;
  options.variables["POOLTEST_DATA"] = data_dir;
  return ParseScenario(text, DemoScenarioPath(), std::string(POOLTEST_SOURCE_DIR) + "/scenarios",
                       options);
}

inline LoadOutcome LoadDemoIn(const LoopbackBlock& block, const std::string& data_dir) {
  return ParseDemoText(DemoTextIn(block), data_dir);
}

}  // namespace pooltest
