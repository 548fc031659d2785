// What a TLS client saw of its peer, read through the OpenSSL APIs: protocol
// version, cipher, the leaf certificate (subject, issuer, subject alternative
// names, validity, SHA-256 fingerprint) and the chain verification result.
// Works after a failed handshake too: a certificate refused by verification
// is still described (OpenSSL keeps the received chain), so the evidence
// shows what was refused and why. Never throws; missing facts are null.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

typedef struct ssl_st SSL;
typedef struct x509_st X509;

namespace pooltest {

// {"version", "cipher", "certificate": DescribeCertificate or null,
//  "chain_length", "verify_code", "verify_result"}.
nlohmann::json DescribeTlsSession(SSL* ssl);

// {"subject", "issuer" (RFC 2253), "san": ["DNS:pool.example.kz", "IP:1.2.3.4"],
//  "not_before", "not_after" (ISO 8601 UTC), "sha256" (colon-separated hex)}.
nlohmann::json DescribeCertificate(X509* cert);

// The leaf certificate the peer sent, also when verification refused it;
// nullptr when none arrived. Not owned by the caller.
X509* PeerLeafCertificate(SSL* ssl);

// The reason OpenSSL's chain verification gave (e.g. "certificate has
// expired"), or empty when it passed.
std::string VerifyFailure(SSL* ssl);

}  // namespace pooltest
