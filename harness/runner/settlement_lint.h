// Warnings for `pooltest validate` about the scenario's declared settlements,
// read against the gazetteer the run would load (the scenario's
// data_sources.gazetteer, else the bundled one): a settlement the gazetteer
// does not know (with did-you-mean over every name and former name), a
// former name ("Nur-Sultan is a former name of Astana"), and a backup
// declared in the primary's settlement under another name. Warnings only:
// R4.3 itself is judged from the run's evidence.
#pragma once

#include <vector>

#include "checks/gazetteer.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {

// The diagnostics for `sc` against `gazetteer`.
std::vector<Diagnostic> SettlementDiagnostics(const Scenario& sc, const Gazetteer& gazetteer);

// Loads the gazetteer the run would use for `sc`; an error diagnostic (a
// warning: validate still passes) when it cannot be read.
std::vector<Diagnostic> SettlementDiagnostics(const Scenario& sc);

}  // namespace pooltest
