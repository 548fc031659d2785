// The act's detached CMS signature (RFC 5652 SignedData, DER, no embedded
// content) with OpenSSL 3: loading the lab's key and certificate from a
// PKCS#12 file, signing act.json's bytes, and verifying a signature against
// a CA file. `openssl cms -verify -binary -inform DER -content act.json -in
// act.json.p7s -CAfile ca.pem` accepts what SignDetached writes. RSA and
// ECDSA keys work (Ed25519 in CMS does not on OpenSSL 3.0). Passwords are
// taken as values and never written anywhere by this module.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <openssl/types.h>

#include "core/result.h"

namespace pooltest {

struct SigningIdentity {
  std::shared_ptr<EVP_PKEY> key;
  std::shared_ptr<X509> certificate;
  std::vector<std::shared_ptr<X509>> chain;  // extra certificates from the container
  bool demonstration = false;                // a throwaway key made by `pooltest demo`

  // For the act: who signs and with what.
  std::string Subject() const;
  std::string Issuer() const;
  std::string SerialHex() const;
  std::string KeyType() const;  // "RSA-3072", "EC-prime256v1"
  std::string CertificateSha256() const;
};

// Loads the `legacy` provider next to `default` first, so containers made
// with RC2/3DES (as older tools and CAs write them) open too.
Result<SigningIdentity> LoadPkcs12(const std::string& path, const std::string& password);

// DER-encoded detached SignedData over `content` (SHA-256, signing time,
// signer certificate and chain included).
Result<std::string> SignDetached(const std::string& content, const SigningIdentity& id);

// A throwaway CA and a lab certificate signed by it (ECDSA P-256, 2 days),
// and a throwaway TSA CA with a time-stamping certificate (extendedKeyUsage
// critical timeStamping, 20 years), made in process for `pooltest demo`;
// ca_pem and tsa_ca_pem are the CA certificates to verify with.
struct DemoPki {
  SigningIdentity lab;
  std::string ca_pem;
  SigningIdentity tsa;
  std::string tsa_ca_pem;
};
Result<DemoPki> MakeDemoPki(const std::string& lab_name);

// What a valid signature says about its signer.
struct SignatureInfo {
  std::string subject;
  std::string issuer;
};

// Verifies `signature_der` over `content` and the signer's chain against the
// CA certificates in `ca_file`. The error names the part at fault, starting
// with `content_name` (the content changed after signing) or
// `signature_name` (the signature file is damaged, does not verify, or its
// certificate does not chain to the CA).
// The chain is validated at `at` (default: now); when a certificate is
// outside its validity then, the error says "expired" and which one.
Result<SignatureInfo> VerifyDetached(
    const std::string& content, const std::string& signature_der, const std::string& ca_file,
    const std::string& content_name, const std::string& signature_name,
    std::optional<std::chrono::system_clock::time_point> at = std::nullopt);

}  // namespace pooltest
