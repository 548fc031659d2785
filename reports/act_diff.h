// `pooltest diff`: what changed between two acts of the same pool (the
// yearly re-audit): check verdicts, numeric figures beyond a tolerance,
// sites and their addresses, providers (ASN organisations) and settlements
// (cities the geolocation data gave). Timing figures (keys ending in "_ms"
// or naming an RTT) jitter from run to run and get their own absolute
// tolerance in milliseconds; other numbers a relative one.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pooltest {

struct DiffOptions {
  double relative_tolerance = 0.10;  // |a-b| > tol * max(|a|,|b|)
  double time_tolerance_ms = 50.0;   // timing figures: |a-b| > tol
};

struct ActChange {
  std::string kind;     // verdict, check, figure, site, role, declared_settlement,
                        // address, provider, settlement
  std::string subject;  // check id or site id
  std::string field;    // figure path, or "" for the others
  std::string before;   // "" when added
  std::string after;    // "" when removed
};

std::vector<ActChange> DiffActs(const nlohmann::json& old_act, const nlohmann::json& new_act,
                                const DiffOptions& options);
nlohmann::json DiffJson(const std::vector<ActChange>& changes);
std::string DiffTable(const std::vector<ActChange>& changes);

}  // namespace pooltest
