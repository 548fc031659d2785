// Trusted time for the act's signature (RFC 3161, CAdES-T style): a
// time-stamp token over the SHA-256 of the CMS signature value, requested
// from the lab's TSA over HTTP (application/timestamp-query, libcurl, with
// a deadline and a bounded reply) and kept in act.json.p7s as the
// id-aa-signatureTimeStampToken unsigned attribute of the SignerInfo. The
// signature itself does not change: `openssl cms -verify` still accepts it,
// and `openssl ts -verify` accepts the token extracted from it. Verifying
// checks the token's imprint and its TSA's chain against the TSA's CA, and
// gives the time at which the signer's certificate is then validated.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/result.h"
#include "scenarios/lab.h"

namespace pooltest {

// The largest TSA reply read; a TimeStampResp is a few kilobytes.
constexpr size_t kMaxTimestampReplyBytes = 256 * 1024;

// `signature_der` (act.json.p7s) with a token from `tsa` added to its
// signer. When tsa.ca_file is set the token is verified against it before it
// is kept (a wrong TSA is caught when signing, not a year later).
Result<std::string> AddSignatureTimestamp(const std::string& signature_der, const TsaSettings& tsa);

// The token in `signature_der` (DER ContentInfo, what `openssl ts -verify
// -token_in -in FILE` reads); nullopt when the signature carries none.
Result<std::optional<std::string>> SignatureTimestampToken(const std::string& signature_der);

// `signature_der` without its token (what an act signed without a TSA has).
Result<std::string> RemoveSignatureTimestamp(const std::string& signature_der);

struct TimestampInfo {
  std::chrono::system_clock::time_point time;  // genTime
  std::string tsa;                             // the TSA certificate's subject
  std::string serial;                          // the token's serial number, hex
};

// Checks the token: its imprint is the SHA-256 of the signature value, its
// signature verifies, and the TSA's certificate chains to `tsa_ca_file` at
// `at`. Errors start with `signature_name`.
Result<TimestampInfo> VerifySignatureTimestamp(const std::string& signature_der,
                                               const std::string& tsa_ca_file,
                                               std::chrono::system_clock::time_point at,
                                               const std::string& signature_name);

}  // namespace pooltest
