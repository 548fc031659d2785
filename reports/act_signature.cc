#include "reports/act_signature.h"

#include <fstream>
#include <iterator>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/hex.h"
#include "core/sha256.h"
#include "reports/openssl_util.h"

namespace pooltest {
namespace {

using ossl::BioPtr;
using ossl::BioText;
using ossl::Deleter;
using ossl::LoadProviders;
using ossl::MemBio;
using ossl::NameText;
using ossl::VerifyContentBio;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
using P12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12, PKCS12_free>>;

std::shared_ptr<EVP_PKEY> Own(EVP_PKEY* k) { return {k, EVP_PKEY_free}; }
std::shared_ptr<X509> Own(X509* x) { return {x, X509_free}; }

std::string OpensslError() { return ossl::LastError(); }

Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return Error{std::string("cannot make extension ") + value};
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (!ok) return Error{std::string("cannot add extension ") + value};
  return Ok{};
}

// `eku`: an extendedKeyUsage value (a TSA's "critical,timeStamping"), or null.
Result<std::shared_ptr<X509>> MakeCertificate(EVP_PKEY* subject_key, const std::string& cn,
                                              X509* issuer, EVP_PKEY* issuer_key, bool ca,
                                              long days, const char* eku) {
  std::shared_ptr<X509> x = Own(X509_new());
  X509_set_version(x.get(), 2);
  std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> serial(BN_new());
  BN_rand(serial.get(), 64, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x.get()));
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), days * 24 * 3600);
  X509_set_pubkey(x.get(), subject_key);
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("KZ"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("pooltest demonstration"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509* iss = issuer ? issuer : x.get();
  Status st = ca ? AddExtension(x.get(), iss, NID_basic_constraints, "critical,CA:TRUE")
                 : AddExtension(x.get(), iss, NID_basic_constraints, "critical,CA:FALSE");
  if (!st) return st.error();
  st = AddExtension(
      x.get(), iss, NID_key_usage,
      ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation");
  if (!st) return st.error();
  st = AddExtension(x.get(), iss, NID_subject_key_identifier, "hash");
  if (!st) return st.error();
  if (eku != nullptr) {
    st = AddExtension(x.get(), iss, NID_ext_key_usage, eku);
    if (!st) return st.error();
  }
  if (X509_sign(x.get(), issuer_key, EVP_sha256()) == 0) {
    return Error{"cannot sign the demonstration certificate: " + OpensslError()};
  }
  return x;
}

std::string TimeText(const ASN1_TIME* t) {
  BioPtr b(BIO_new(BIO_s_mem()));
  ASN1_TIME_print(b.get(), t);
  return BioText(b.get());
}

// Why no certificate of the signature's chain is valid at `when`, when that
// is the reason: "the signer's certificate CN=... was valid until ..."; ""
// when every certificate in the signature is within its validity then.
std::string ExpiredAt(CMS_ContentInfo* cms, time_t when) {
  STACK_OF(X509)* certs = CMS_get1_certs(cms);
  std::string out;
  for (int i = 0; certs && i < sk_X509_num(certs) && out.empty(); ++i) {
    X509* c = sk_X509_value(certs, i);
    time_t t = when;
    if (X509_cmp_time(X509_get0_notAfter(c), &t) < 0) {
      out = "the certificate " + NameText(X509_get_subject_name(c)) + " was valid until " +
            TimeText(X509_get0_notAfter(c));
    } else if (X509_cmp_time(X509_get0_notBefore(c), &t) > 0) {
      out = "the certificate " + NameText(X509_get_subject_name(c)) + " is valid only from " +
            TimeText(X509_get0_notBefore(c));
    }
  }
  sk_X509_pop_free(certs, X509_free);
  return out;
}

}  // namespace

std::string SigningIdentity::Subject() const {
  return certificate ? NameText(X509_get_subject_name(certificate.get())) : "";
}

std::string SigningIdentity::Issuer() const {
  return certificate ? NameText(X509_get_issuer_name(certificate.get())) : "";
}

std::string SigningIdentity::SerialHex() const {
  if (!certificate) return "";
  BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate.get()), nullptr);
  if (bn == nullptr) return "";
  char* hex = BN_bn2hex(bn);
  std::string out = hex ? hex : "";
  OPENSSL_free(hex);
  BN_free(bn);
  return out;
}

std::string SigningIdentity::KeyType() const {
  if (!key) return "";
  int id = EVP_PKEY_get_base_id(key.get());
  if (id == EVP_PKEY_RSA) return "RSA-" + std::to_string(EVP_PKEY_get_bits(key.get()));
  if (id == EVP_PKEY_EC) {
    char group[64] = {0};
    size_t len = 0;
    EVP_PKEY_get_group_name(key.get(), group, sizeof group, &len);
    return std::string("EC-") + group;
  }
  const char* n = OBJ_nid2sn(id);
  return n ? n : "unknown";
}

std::string SigningIdentity::CertificateSha256() const {
  if (!certificate) return "";
  unsigned char* der = nullptr;
  int n = i2d_X509(certificate.get(), &der);
  if (n <= 0) return "";
  std::string out = Sha256Hex(std::string_view(reinterpret_cast<char*>(der), n));
  OPENSSL_free(der);
  return out;
}

Result<SigningIdentity> LoadPkcs12(const std::string& path, const std::string& password) {
  LoadProviders();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read the PKCS#12 file '" + path + "'"};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BioPtr bio = MemBio(bytes);
  P12Ptr p12(d2i_PKCS12_bio(bio.get(), nullptr));
  if (!p12) {
    ERR_clear_error();
    return Error{"'" + path + "' is not a PKCS#12 (.p12/.pfx) file"};
  }
  if (PKCS12_verify_mac(p12.get(), password.c_str(), static_cast<int>(password.size())) != 1) {
    ERR_clear_error();
    return Error{"cannot open '" + path +
                 "': wrong password (check the password variable or file) or a damaged file"};
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  if (PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &ca) != 1) {
    return Error{"cannot decrypt '" + path + "': " + OpensslError() +
                 " (a container with legacy ciphers needs OpenSSL's legacy provider)"};
  }
  SigningIdentity id;
  id.key = Own(key);
  id.certificate = Own(cert);
  for (int i = 0; ca && i < sk_X509_num(ca); ++i) id.chain.push_back(Own(sk_X509_value(ca, i)));
  sk_X509_free(ca);  // the certificates are now owned by id.chain
  if (!id.key || !id.certificate) {
    return Error{"'" + path + "' holds no private key with its certificate"};
  }
  if (X509_check_private_key(id.certificate.get(), id.key.get()) != 1) {
    ERR_clear_error();
    return Error{"in '" + path + "' the private key does not belong to the certificate"};
  }
  return id;
}

Result<std::string> SignDetached(const std::string& content, const SigningIdentity& id) {
  if (!id.key || !id.certificate) return Error{"no signing key loaded"};
  BioPtr in = MemBio(content);
  struct StackFree {  // sk_X509_free is a macro: no function pointer to take
    void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
  };
  std::unique_ptr<STACK_OF(X509), StackFree> certs(sk_X509_new_null());
  for (const auto& c : id.chain) sk_X509_push(certs.get(), c.get());
  CmsPtr cms(CMS_sign(id.certificate.get(), id.key.get(), certs.get(), in.get(),
                      CMS_DETACHED | CMS_BINARY));
  if (!cms) return Error{"CMS signing failed: " + OpensslError()};
  BioPtr out(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(out.get(), cms.get()) != 1) {
    return Error{"cannot encode the CMS signature: " + OpensslError()};
  }
  return BioText(out.get());
}

Result<DemoPki> MakeDemoPki(const std::string& lab_name) {
  std::shared_ptr<EVP_PKEY> ca_key = Own(EVP_EC_gen("P-256"));
  std::shared_ptr<EVP_PKEY> lab_key = Own(EVP_EC_gen("P-256"));
  std::shared_ptr<EVP_PKEY> tsa_ca_key = Own(EVP_EC_gen("P-256"));
  std::shared_ptr<EVP_PKEY> tsa_key = Own(EVP_EC_gen("P-256"));
  if (!ca_key || !lab_key || !tsa_ca_key || !tsa_key) {
    return Error{"cannot generate a P-256 key: " + OpensslError()};
  }
  // The lab's certificate lasts 2 days, as a short-lived key would: the
  // demo act shows that trusted time keeps it verifiable after that. A
  // TSA's certificate lasts years; so does the throwaway one.
  auto ca = MakeCertificate(ca_key.get(), "pooltest throwaway demonstration CA", nullptr,
                            ca_key.get(), true, 2, nullptr);
  if (!ca) return ca.error();
  auto lab = MakeCertificate(lab_key.get(), lab_name, ca->get(), ca_key.get(), false, 2, nullptr);
  if (!lab) return lab.error();
  auto tsa_ca = MakeCertificate(tsa_ca_key.get(), "pooltest throwaway demonstration TSA CA",
                                nullptr, tsa_ca_key.get(), true, 20 * 366, nullptr);
  if (!tsa_ca) return tsa_ca.error();
  auto tsa = MakeCertificate(tsa_key.get(), "pooltest throwaway demonstration TSA", tsa_ca->get(),
                             tsa_ca_key.get(), false, 20 * 366, "critical,timeStamping");
  if (!tsa) return tsa.error();
  DemoPki pki;
  pki.lab.key = lab_key;
  pki.lab.certificate = *lab;
  pki.lab.chain.push_back(*ca);
  pki.lab.demonstration = true;
  pki.tsa.key = tsa_key;
  pki.tsa.certificate = *tsa;
  pki.tsa.chain.push_back(*tsa_ca);
  pki.tsa.demonstration = true;
  for (auto [cert, pem] : {std::pair{ca->get(), &pki.ca_pem}, {tsa_ca->get(), &pki.tsa_ca_pem}}) {
    BioPtr b(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(b.get(), cert);
    *pem = BioText(b.get());
  }
  return pki;
}

Result<SignatureInfo> VerifyDetached(const std::string& content, const std::string& signature_der,
                                     const std::string& ca_file, const std::string& content_name,
                                     const std::string& signature_name,
                                     std::optional<std::chrono::system_clock::time_point> at) {
  LoadProviders();
  ERR_clear_error();
  BioPtr sig = MemBio(signature_der);
  CmsPtr cms(d2i_CMS_bio(sig.get(), nullptr));
  if (!cms) {
    ERR_clear_error();
    return Error{signature_name + ": damaged: not a DER CMS SignedData structure"};
  }
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    return Error{signature_name + ": damaged: not a CMS SignedData structure"};
  }
  // DER has one encoding per value: bytes that parse but re-encode
  // differently were altered (lenient parsing must not hide a changed byte).
  BioPtr again(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(again.get(), cms.get()) != 1 || BioText(again.get()) != signature_der) {
    ERR_clear_error();
    return Error{signature_name +
                 ": altered: its bytes are not the DER encoding of the "
                 "signature they contain"};
  }
  StorePtr store(X509_STORE_new());
  if (X509_STORE_load_file(store.get(), ca_file.c_str()) != 1) {
    return Error{"cannot read CA certificates from '" + ca_file + "': " + OpensslError()};
  }
  const time_t when =
      std::chrono::system_clock::to_time_t(at.value_or(std::chrono::system_clock::now()));
  if (at) X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), when);
  BioPtr data = VerifyContentBio(content);
  if (CMS_verify(cms.get(), nullptr, store.get(), data.get(), nullptr, CMS_BINARY | CMS_DETACHED) !=
      1) {
    std::string why = OpensslError();
    // Which part is at fault: the chain, the signature value, or the content.
    BioPtr data2 = VerifyContentBio(content);
    if (CMS_verify(cms.get(), nullptr, nullptr, data2.get(), nullptr,
                   CMS_BINARY | CMS_DETACHED | CMS_NO_SIGNER_CERT_VERIFY) == 1) {
      ERR_clear_error();
      if (std::string expired = ExpiredAt(cms.get(), when); !expired.empty()) {
        return Error{signature_name + ": expired: " + expired};
      }
      return Error{signature_name + ": the signer's certificate does not chain to a CA in '" +
                   ca_file + "' (" + why + ")"};
    }
    ERR_clear_error();
    CMS_set1_signers_certs(cms.get(), nullptr, 0);
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    for (int i = 0; infos && i < sk_CMS_SignerInfo_num(infos); ++i) {
      if (CMS_SignerInfo_verify(sk_CMS_SignerInfo_value(infos, i)) != 1) {
        ERR_clear_error();
        return Error{signature_name +
                     ": the signature value does not verify: the signature file was changed "
                     "or damaged"};
      }
    }
    // The signed attributes verify: either the content changed, or an
    // unsigned part of the signature file did. The signed digest decides.
    if (infos && sk_CMS_SignerInfo_num(infos) > 0) {
      const auto* md = static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
          sk_CMS_SignerInfo_value(infos, 0), OBJ_nid2obj(NID_pkcs9_messageDigest), -3,
          V_ASN1_OCTET_STRING));
      std::string want = Sha256Hex(content);
      const std::string got =
          md ? HexEncode(ASN1_STRING_get0_data(md), static_cast<size_t>(ASN1_STRING_length(md)))
             : std::string();
      if (got.empty() || got == want) {
        ERR_clear_error();
        return Error{signature_name + ": altered: " + content_name +
                     " still matches the signed digest, but the signature structure does not "
                     "verify (" +
                     why + ")"};
      }
    }
    ERR_clear_error();
    return Error{content_name +
                 ": changed after signing: its digest differs from the one "
                 "signed in " +
                 signature_name};
  }
  SignatureInfo info;
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  if (signers && sk_X509_num(signers) > 0) {
    X509* s = sk_X509_value(signers, 0);
    info.subject = NameText(X509_get_subject_name(s));
    info.issuer = NameText(X509_get_issuer_name(s));
  }
  sk_X509_free(signers);
  return info;
}

}  // namespace pooltest
