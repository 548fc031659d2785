#include "reports/openssl_util.h"

#include <openssl/err.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

namespace pooltest::ossl {

std::string LastError() {
  std::string last;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    last = buf;
  }
  return last.empty() ? "no detail from OpenSSL" : last;
}

BioPtr MemBio(const std::string& s) {
  return BioPtr(BIO_new_mem_buf(s.data(), static_cast<int>(s.size())));
}

BioPtr VerifyContentBio(const std::string& s) {
  BioPtr mem = MemBio(s);
  BioPtr buffered(BIO_new(BIO_f_buffer()));
  if (!mem || !buffered) return nullptr;
  BIO_push(buffered.get(), mem.release());
  return buffered;
}

std::string BioText(BIO* b) {
  char* p = nullptr;
  long n = BIO_get_mem_data(b, &p);
  return n > 0 ? std::string(p, static_cast<size_t>(n)) : std::string();
}

std::string NameText(const X509_NAME* name) {
  BioPtr b(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(b.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return BioText(b.get());
}

// Providers are process-wide in OpenSSL; load them once. Loading `default`
// explicitly keeps it available once `legacy` is loaded.
void LoadProviders() {
  // The handles are kept for the process's lifetime: dropped, the providers
  // were lost to OpenSSL's cleanup at exit (LeakSanitizer reported them).
  static OSSL_PROVIDER* const kDefault = OSSL_PROVIDER_load(nullptr, "default");
  static OSSL_PROVIDER* const kLegacy = [] {
    OSSL_PROVIDER* p = OSSL_PROVIDER_load(nullptr, "legacy");
    if (p == nullptr) ERR_clear_error();
    return p;
  }();
  (void)kDefault;
  (void)kLegacy;
}

}  // namespace pooltest::ossl
