// R4.4: each complex, primary and backup, is served by two communication
// channels from different providers. One result per site. Passes only when
// the site has at least two channels that each work on their own (a stratum
// handshake through the channel's own address succeeds) and whose addresses
// map, by IP-to-ASN data, to at least two different autonomous systems of
// different organisations. Declared provider names are recorded, never
// trusted. Fails on a dead channel or a single provider; inconclusive when
// ASN data is missing, incomplete or contradictory.
#pragma once

#include <vector>

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

std::vector<CheckResult> CheckChannels(const CheckInput& in);

}  // namespace pooltest
