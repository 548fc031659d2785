// The challenge questions of a support campaign (support.*.challenge): every
// planned request on a channel that asks them gets its language (kk, ru, en
// by turns), question and answer, drawn from the campaign's seed, with an
// answer no other request of the campaign has, so no fixed text holds them.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/campaign/campaign_store.h"
#include "scenarios/scenario.h"

namespace pooltest {

void AddChallenges(const Scenario& scenario, uint64_t seed, std::vector<RequestRow>& rows);

}  // namespace pooltest
