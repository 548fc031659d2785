// Reading stratum and TCP observations: did an address serve miners? A
// working stratum service subscribes, authorizes the test worker and hands
// out work (mining.notify); the dummy share should be rejected (a pool that
// accepts it does not check work: AcceptedInvalidShare). Over TLS
// (stratum+ssl) the handshake counts only when the TLS session was set up and,
// unless the scenario turned verification off, its certificate verified.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/observation.h"

namespace pooltest {

bool ServesMiners(const Observation& handshake);
// Why a handshake observation does not show service, as a finding part
// ("stratum.*" keys of the catalogue).
nlohmann::json WhyNotServing(const Observation& handshake);
bool TcpReachable(const Observation& tcp);
// A stratum+ssl handshake whose certificate was not enforced (the scenario's
// verify_tls: false), so service was shown over an unauthenticated channel.
bool TlsUnverified(const Observation& handshake);
// The reason TLS failed (e.g. "certificate has expired"), empty when it did
// not or the endpoint is plain stratum+tcp.
std::string TlsError(const Observation& handshake);
// The pool answered true to the harness's deliberately invalid share: it
// does not check the work it is sent (a finding; it decides no verdict).
bool AcceptedInvalidShare(const Observation& handshake);

}  // namespace pooltest
