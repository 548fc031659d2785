// The names of the settlements an act mentions, in each part's language:
// act.json's pool.settlement_names maps a gazetteer id to {en, kk, ru, kind,
// region (English, "" for the three cities outside any region)}, and
// each site records the ids of its declared and observed settlements, so
// act.html shows "Өскемен" in the Kazakh part where the check (and the
// geolocation database) said "Oskemen". Settlements the run's gazetteer
// does not know keep the spelling the scenario or the database gave.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/check_result.h"
#include "checks/gazetteer.h"

namespace pooltest {

// The gazetteer id of every "<name>_id" argument of `finding` (nested
// parts included), e.g. R4.3.pass's settlement_id and primary_id.
void SettlementIdsOf(const nlohmann::json& finding, std::vector<std::string>* ids);

// Adds to `pool` (act.json's pool section, as PoolSection builds it) the
// sites' settlement ids and the names of those and of `ids`: a no-op when
// the run loaded no gazetteer.
void AddSettlementNames(const Gazetteer* gazetteer, const std::vector<std::string>& ids,
                        nlohmann::json* pool);

}  // namespace pooltest
