#include "probes/stratum/tls_facts.h"

#include <cstdio>
#include <ctime>
#include <memory>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/hex.h"
#include "core/utf8.h"

namespace pooltest {
namespace {

using nlohmann::json;

// Certificate fields are attacker-chosen bytes; the evidence is JSON, which
// must be valid UTF-8.
json Text(const std::string& s) { return ToValidUtf8(s); }

json Name(const X509_NAME* name) {
  if (name == nullptr) return nullptr;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio) return nullptr;
  if (X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    return nullptr;
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return Text(std::string(data, n > 0 ? static_cast<size_t>(n) : 0));
}

json Time(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return nullptr;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

json AltNames(X509* cert) {
  json out = json::array();
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  // A hostile certificate may carry thousands; the evidence keeps a sample.
  constexpr int kMaxNames = 100;
  for (int i = 0; i < sk_GENERAL_NAME_num(names) && i < kMaxNames; ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, i);
    if (gn->type == GEN_DNS) {
      const ASN1_STRING* s = gn->d.dNSName;
      out.push_back(
          Text("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                    static_cast<size_t>(ASN1_STRING_length(s)))));
    } else if (gn->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = gn->d.iPAddress;
      const unsigned char* b = ASN1_STRING_get0_data(ip);
      char buf[64] = "?";
      if (ASN1_STRING_length(ip) == 4) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
      } else if (ASN1_STRING_length(ip) == 16) {
        int off = 0;
        for (int k = 0; k < 16; k += 2) {
          off += std::snprintf(buf + off, sizeof buf - static_cast<size_t>(off), "%s%x",
                               k ? ":" : "", (b[k] << 8) | b[k + 1]);
        }
      }
      out.push_back(std::string("IP:") + buf);
    } else if (gn->type == GEN_EMAIL) {
      out.push_back("email:(omitted)");
    } else {
      out.push_back("other:" + std::to_string(gn->type));
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

json Fingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return nullptr;
  return HexFingerprint(md, len);
}

}  // namespace

json DescribeCertificate(X509* cert) {
  if (cert == nullptr) return nullptr;
  return json{{"subject", Name(X509_get_subject_name(cert))},
              {"issuer", Name(X509_get_issuer_name(cert))},
              {"san", AltNames(cert)},
              {"not_before", Time(X509_get0_notBefore(cert))},
              {"not_after", Time(X509_get0_notAfter(cert))},
              {"sha256", Fingerprint(cert)}};
}

X509* PeerLeafCertificate(SSL* ssl) {
  if (ssl == nullptr) return nullptr;
  // On the client side the received chain starts with the leaf and is kept
  // even when verification refused it (SSL_get0_peer_certificate is not).
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  if (chain != nullptr && sk_X509_num(chain) > 0) return sk_X509_value(chain, 0);
  return SSL_get0_peer_certificate(ssl);
}

std::string VerifyFailure(SSL* ssl) {
  if (ssl == nullptr) return {};
  long code = SSL_get_verify_result(ssl);
  if (code == X509_V_OK) return {};
  return X509_verify_cert_error_string(code);
}

json DescribeTlsSession(SSL* ssl) {
  if (ssl == nullptr) return nullptr;
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl);
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  long code = SSL_get_verify_result(ssl);
  return json{{"version", cipher ? json(SSL_get_version(ssl)) : json(nullptr)},
              {"cipher", cipher ? json(SSL_CIPHER_get_name(cipher)) : json(nullptr)},
              {"certificate", DescribeCertificate(PeerLeafCertificate(ssl))},
              {"chain_length", chain ? sk_X509_num(chain) : 0},
              {"verify_code", code},
              {"verify_result", X509_verify_cert_error_string(code)}};
}

}  // namespace pooltest
