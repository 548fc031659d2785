// Small OpenSSL helpers shared by the act's signature and timestamp code
// (internal to reports/): owning pointers, the error queue as text, memory
// BIOs, and certificate names as RFC 2253 text.
#pragma once

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/types.h>

namespace pooltest::ossl {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

// The most recent OpenSSL error as text (the queue is cleared).
std::string LastError();

BioPtr MemBio(const std::string& s);
// The detached content to give CMS_verify: `s` behind a buffering BIO.
// OpenSSL 3.0's CMS_verify copies a memory BIO it is given and, when the
// SignedData then fails CMS_dataInit, never frees the copy (cms_smime.c;
// found by fuzz/act_verify_fuzzer on a tampered act.json.p7s); a BIO of
// another type it reads in place.
BioPtr VerifyContentBio(const std::string& s);
std::string BioText(BIO* b);
std::string NameText(const X509_NAME* name);

// Loads the `legacy` provider next to `default` once per process.
void LoadProviders();

}  // namespace pooltest::ossl
