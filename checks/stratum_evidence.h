// Reading stratum and TCP observations: did an address serve miners? A
// working stratum service subscribes, authorizes the test worker and hands
// out work (mining.notify); the rejected dummy share is expected.
#pragma once

#include <string>

#include "harness/core/observation.h"

namespace pooltest {

bool ServesMiners(const Observation& handshake);
// Why a handshake observation does not show service, for summaries.
std::string WhyNotServing(const Observation& handshake);
bool TcpReachable(const Observation& tcp);

}  // namespace pooltest
