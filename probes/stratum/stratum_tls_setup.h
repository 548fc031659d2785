// TLS set-up for the stratum+ssl probe, before and around the handshake:
// the name the certificate must be valid for, the trust store, SNI and the
// host-name or IP check, and a failed handshake worded for the lab engineer
// (a plain port answered, the peer hung up). No I/O apart from reading the
// CA file.
#pragma once

#include <optional>
#include <string>

#include <openssl/ssl.h>
#include <boost/asio/ssl.hpp>

#include "probes/stratum/stratum_probe.h"

namespace pooltest {

// target.server_name; else the URL's host; else the address connected to.
std::string TlsServerName(const StratumTarget& target);

// Trust and host-name settings for one TLS connection. The error is a
// configuration problem (unreadable CA file), worded for the scenario author.
std::optional<std::string> ConfigureTls(boost::asio::ssl::context& tls_ctx,
                                        const StratumTarget& target);

// SNI for a host name, and the name (or IP literal) the certificate is
// checked against, set even when verification is off so the evidence still
// says whether the certificate would have passed.
void ExpectServerName(SSL* ssl, const std::string& server_name);

// Why a TLS handshake failed, in words a lab engineer can act on; *reason
// is the short form kept as tls_error.
std::string TlsFailure(const boost::system::error_code& ec, const std::string& where,
                       const std::string& url, std::string* reason);

}  // namespace pooltest
