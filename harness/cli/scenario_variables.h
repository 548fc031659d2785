// The ${NAME} variables every pooltest command gives the scenarios it loads,
// so one scenario reads the same under run, validate, measure and campaign:
//   POOLTEST_DATA      the reference pool's generated databases (DataDir())
//   POOLTEST_LAB_DATA  the lab's real IP databases: $POOLTEST_LAB_DATA when
//                      set, else the folder ci/fetch-lab-data.sh fills
//                      (POOLTEST_LAB_DATA_DIR, fixed at build time)
// A file that a scenario names through ${POOLTEST_LAB_DATA} and that is not
// there gets a hint naming the fetch script (source tree or installed copy)
// or saying where to point the variable.
#pragma once

#include <string>

#include "scenarios/scenario_loader.h"

namespace pooltest {

std::string LabDataDir();

LoadOptions ScenarioLoadOptions();

}  // namespace pooltest
