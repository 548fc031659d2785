#include "reports/act_timestamp.h"

#include <cstring>
#include <ctime>
#include <memory>

#include <curl/curl.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "reports/openssl_util.h"

namespace pooltest {
namespace {

using ossl::BioPtr;
using ossl::Deleter;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using ReqPtr = std::unique_ptr<TS_REQ, Deleter<TS_REQ, TS_REQ_free>>;
using RespPtr = std::unique_ptr<TS_RESP, Deleter<TS_RESP, TS_RESP_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Deleter<PKCS7, PKCS7_free>>;
using TstPtr = std::unique_ptr<TS_TST_INFO, Deleter<TS_TST_INFO, TS_TST_INFO_free>>;
using VerifyPtr = std::unique_ptr<TS_VERIFY_CTX, Deleter<TS_VERIFY_CTX, TS_VERIFY_CTX_free>>;

constexpr int kTokenNid = NID_id_smime_aa_timeStampToken;

Result<CmsPtr> ParseCms(const std::string& der) {
  BioPtr in = ossl::MemBio(der);
  CmsPtr cms(d2i_CMS_bio(in.get(), nullptr));
  if (!cms) {
    ERR_clear_error();
    return Error{"not a DER CMS structure"};
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1) {
    return Error{"not a CMS SignedData with exactly one signer"};
  }
  return cms;
}

CMS_SignerInfo* Signer(CMS_ContentInfo* cms) {
  return sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
}

Result<std::string> Encode(CMS_ContentInfo* cms) {
  BioPtr out(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(out.get(), cms) != 1) return Error{"cannot encode: " + ossl::LastError()};
  return ossl::BioText(out.get());
}

// SHA-256 of the signature value: what the token's imprint must be.
std::string SignatureValueDigest(CMS_SignerInfo* si) {
  const ASN1_OCTET_STRING* sig = CMS_SignerInfo_get0_signature(si);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(ASN1_STRING_get0_data(sig), static_cast<size_t>(ASN1_STRING_length(sig)), md, &n,
             EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(md), n);
}

// The DER encoding of an OpenSSL value, by its i2d function.
template <typename T>
Result<std::string> ToDer(const T* value, int (*i2d)(const T*, unsigned char**), const char* what) {
  unsigned char* buf = nullptr;
  int n = i2d(value, &buf);
  if (n <= 0) return Error{std::string("cannot encode the ") + what};
  std::string out(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
  OPENSSL_free(buf);
  return out;
}

// A query for `digest` (SHA-256) with a random nonce, asking for the TSA's
// certificate in the token.
Result<ReqPtr> MakeQuery(const std::string& digest) {
  ReqPtr req(TS_REQ_new());
  std::unique_ptr<TS_MSG_IMPRINT, Deleter<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>> mi(
      TS_MSG_IMPRINT_new());
  std::unique_ptr<X509_ALGOR, Deleter<X509_ALGOR, X509_ALGOR_free>> algo(X509_ALGOR_new());
  std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> bn(BN_new());
  if (!req || !mi || !algo || !bn) return Error{"out of memory"};
  X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
  BN_rand(bn.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER, ASN1_INTEGER_free>> nonce(
      BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!TS_REQ_set_version(req.get(), 1) || !TS_MSG_IMPRINT_set_algo(mi.get(), algo.get()) ||
      !TS_MSG_IMPRINT_set_msg(mi.get(),
                              reinterpret_cast<unsigned char*>(const_cast<char*>(digest.data())),
                              static_cast<int>(digest.size())) ||
      !TS_REQ_set_msg_imprint(req.get(), mi.get()) || !nonce ||
      !TS_REQ_set_nonce(req.get(), nonce.get()) || !TS_REQ_set_cert_req(req.get(), 1)) {
    return Error{"cannot build the time-stamp query: " + ossl::LastError()};
  }
  return req;
}

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxTimestampReplyBytes) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

// POSTs the query; the reply's bytes when the TSA answered 200.
Result<std::string> Post(const TsaSettings& tsa, const std::string& query) {
  std::unique_ptr<CURL, Deleter<CURL, curl_easy_cleanup>> curl(curl_easy_init());
  if (!curl) return Error{"cannot start libcurl"};
  std::unique_ptr<curl_slist, Deleter<curl_slist, curl_slist_free_all>> headers(
      curl_slist_append(nullptr, "Content-Type: application/timestamp-query"));
  std::string reply;
  char err[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, tsa.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(tsa.timeout.count()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, query.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(query.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_WRITE_ERROR) {
    return Error{"the TSA " + tsa.url + " sent more than " +
                 std::to_string(kMaxTimestampReplyBytes) + " bytes"};
  }
  if (rc != CURLE_OK) {
    return Error{"cannot reach the TSA " + tsa.url + ": " +
                 (err[0] ? std::string(err) : curl_easy_strerror(rc)) +
                 (rc == CURLE_OPERATION_TIMEDOUT ? " (tsa.timeout in the lab file)" : "")};
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return Error{"the TSA " + tsa.url + " answered HTTP " + std::to_string(status)};
  }
  return reply;
}

Result<Pkcs7Ptr> ParseToken(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  if (!token) {
    ERR_clear_error();
    return Error{"the time-stamp token is not a DER ContentInfo"};
  }
  return token;
}

Result<TimestampInfo> VerifyToken(PKCS7* token, const std::string& digest,
                                  const std::string& tsa_ca_file,
                                  std::chrono::system_clock::time_point at) {
  TstPtr info(PKCS7_to_TS_TST_INFO(token));
  if (!info) {
    ERR_clear_error();
    return Error{"the time-stamp token holds no TSTInfo"};
  }
  const X509_ALGOR* algo = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(info.get()));
  if (OBJ_obj2nid(algo->algorithm) != NID_sha256) {
    return Error{"the time-stamp token's imprint is not SHA-256"};
  }
  X509_STORE* store = X509_STORE_new();
  if (store == nullptr || X509_STORE_load_file(store, tsa_ca_file.c_str()) != 1) {
    X509_STORE_free(store);
    return Error{"cannot read the TSA's CA certificates from '" + tsa_ca_file +
                 "': " + ossl::LastError()};
  }
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store),
                             std::chrono::system_clock::to_time_t(at));
  VerifyPtr ctx(TS_VERIFY_CTX_new());
  TS_VERIFY_CTX_set_store(ctx.get(), store);  // owned by ctx from here
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT);
  auto* imprint = static_cast<unsigned char*>(OPENSSL_malloc(digest.size()));
  std::memcpy(imprint, digest.data(), digest.size());
  TS_VERIFY_CTX_set_imprint(ctx.get(), imprint, static_cast<long>(digest.size()));
  if (TS_RESP_verify_token(ctx.get(), token) != 1) {
    std::string why = ossl::LastError();
    return Error{"the time-stamp token does not verify against '" + tsa_ca_file + "' (" + why +
                 ")"};
  }
  TimestampInfo out;
  struct tm tm = {};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info.get()), &tm) != 1) {
    return Error{"the time-stamp token's time is malformed"};
  }
  out.time = std::chrono::system_clock::from_time_t(timegm(&tm));
  STACK_OF(X509)* signers = PKCS7_get0_signers(token, nullptr, 0);
  if (signers != nullptr && sk_X509_num(signers) > 0) {
    out.tsa = ossl::NameText(X509_get_subject_name(sk_X509_value(signers, 0)));
  }
  sk_X509_free(signers);
  ERR_clear_error();
  BIGNUM* bn = ASN1_INTEGER_to_BN(TS_TST_INFO_get_serial(info.get()), nullptr);
  if (bn != nullptr) {
    char* hex = BN_bn2hex(bn);
    out.serial = hex ? hex : "";
    OPENSSL_free(hex);
    BN_free(bn);
  }
  return out;
}

}  // namespace

Result<std::string> AddSignatureTimestamp(const std::string& signature_der,
                                          const TsaSettings& tsa) {
  Result<CmsPtr> cms = ParseCms(signature_der);
  if (!cms) return cms.error();
  CMS_SignerInfo* si = Signer(cms->get());
  const std::string digest = SignatureValueDigest(si);
  Result<ReqPtr> req = MakeQuery(digest);
  if (!req) return req.error();
  Result<std::string> query = ToDer(req->get(), i2d_TS_REQ, "time-stamp query");
  if (!query) return query.error();
  Result<std::string> reply = Post(tsa, *query);
  if (!reply) return reply.error();
  const unsigned char* p = reinterpret_cast<const unsigned char*>(reply->data());
  RespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(reply->size())));
  if (!resp) {
    ERR_clear_error();
    return Error{"the TSA " + tsa.url + " did not send a time-stamp reply (RFC 3161)"};
  }
  // Status, version, imprint and nonce against the query (not yet the
  // TSA's signature: that needs its CA).
  VerifyPtr check(TS_REQ_to_TS_VERIFY_CTX(req->get(), nullptr));
  if (!check || TS_RESP_verify_response(check.get(), resp.get()) != 1) {
    return Error{"the TSA " + tsa.url + " refused or answered another query: " + ossl::LastError()};
  }
  PKCS7* token = TS_RESP_get_token(resp.get());
  if (!tsa.ca_file.empty()) {
    Result<TimestampInfo> ok =
        VerifyToken(token, digest, tsa.ca_file, std::chrono::system_clock::now());
    if (!ok) return Error{"the TSA " + tsa.url + "'s reply: " + ok.error().message};
  }
  Result<std::string> token_der = ToDer(token, i2d_PKCS7, "time-stamp token");
  if (!token_der) return token_der.error();
  if (CMS_unsigned_add1_attr_by_NID(si, kTokenNid, V_ASN1_SEQUENCE, token_der->data(),
                                    static_cast<int>(token_der->size())) != 1) {
    return Error{"cannot add the time-stamp token to the signature: " + ossl::LastError()};
  }
  return Encode(cms->get());
}

Result<std::optional<std::string>> SignatureTimestampToken(const std::string& signature_der) {
  Result<CmsPtr> cms = ParseCms(signature_der);
  if (!cms) return cms.error();
  CMS_SignerInfo* si = Signer(cms->get());
  int idx = CMS_unsigned_get_attr_by_NID(si, kTokenNid, -1);
  if (idx < 0) return std::optional<std::string>();
  ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, idx), 0);
  if (t == nullptr || t->type != V_ASN1_SEQUENCE) {
    return Error{"its signatureTimeStampToken attribute is not a SEQUENCE"};
  }
  const ASN1_STRING* s = t->value.sequence;
  return std::optional<std::string>(
      std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                  static_cast<size_t>(ASN1_STRING_length(s))));
}

Result<std::string> RemoveSignatureTimestamp(const std::string& signature_der) {
  Result<CmsPtr> cms = ParseCms(signature_der);
  if (!cms) return cms.error();
  CMS_SignerInfo* si = Signer(cms->get());
  for (int idx; (idx = CMS_unsigned_get_attr_by_NID(si, kTokenNid, -1)) >= 0;) {
    X509_ATTRIBUTE_free(CMS_unsigned_delete_attr(si, idx));
  }
  return Encode(cms->get());
}

Result<TimestampInfo> VerifySignatureTimestamp(const std::string& signature_der,
                                               const std::string& tsa_ca_file,
                                               std::chrono::system_clock::time_point at,
                                               const std::string& signature_name) {
  Result<CmsPtr> cms = ParseCms(signature_der);
  if (!cms) return Error{signature_name + ": " + cms.error().message};
  Result<std::optional<std::string>> der = SignatureTimestampToken(signature_der);
  if (!der) return Error{signature_name + ": " + der.error().message};
  if (!*der) return Error{signature_name + ": carries no time-stamp token"};
  Result<Pkcs7Ptr> token = ParseToken(**der);
  if (!token) return Error{signature_name + ": " + token.error().message};
  Result<TimestampInfo> info =
      VerifyToken(token->get(), SignatureValueDigest(Signer(cms->get())), tsa_ca_file, at);
  if (!info) return Error{signature_name + ": " + info.error().message};
  return info;
}

}  // namespace pooltest
