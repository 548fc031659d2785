// The data the run's verdicts rest on, for the act's "data used" (issue 12):
// each geolocation and ASN database the scenario names, with its file, its
// type and the build date its own metadata states (as the lookups read it),
// and the settlement gazetteer with its digest and as-of date. Built from
// observations only, so the act says what the run actually read; a database
// that no lookup read is listed with no build date and the failure the run
// recorded for it, if any.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "scenarios/scenario.h"

namespace pooltest {

// An array of {name, kind ("geolocation", "asn", "gazetteer"), file, type,
// built (YYYY-MM-DD, UTC, or null), as_of, sha256, licence, attribution (a
// data file's own credit line, e.g. GeoNames' CC BY 4.0, which the act must
// carry), problem ("open_failed", "load_failed" or null), evidence (the
// observation's id)}. Besides the databases: "gazetteer" and "places"
// (GeoNames' populated places), when the run loaded them.
nlohmann::json DataUsedSection(const Scenario& sc, const std::vector<Observation>& obs);

}  // namespace pooltest
