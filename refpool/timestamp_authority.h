// A time-stamping authority (RFC 3161 over HTTP) on loopback, for `pooltest
// demo` (a throwaway TSA, as the demo signs with a throwaway key) and for
// tests: POST application/timestamp-query in, application/timestamp-reply
// out. The HTTP front is small and bounded (headers up to 16 KiB, a query up
// to 64 KiB, 5 s per read); what answers a query is a Responder: Signing()
// answers in process with OpenSSL's TS_RESP_CTX, and a test may hand in one
// that runs `openssl ts -reply`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <openssl/types.h>

#include "core/result.h"

namespace pooltest {

class TimestampAuthority {
 public:
  // The DER TimeStampResp for a DER TimeStampReq; an error answers HTTP 500.
  using Responder = std::function<Result<std::string>(const std::string& query)>;

  // Listens on `address` at a free port chosen by the kernel.
  static Result<std::unique_ptr<TimestampAuthority>> Start(
      Responder responder, const std::string& address = "127.0.0.1");

  // Signs replies with `key` and `cert` (which needs extendedKeyUsage
  // critical timeStamping), SHA-256, ESS certificate id SHA-256, the
  // certificate in the token; `chain` is added to the token's certificates.
  static Responder Signing(std::shared_ptr<EVP_PKEY> key, std::shared_ptr<X509> cert,
                           std::vector<std::shared_ptr<X509>> chain);

  ~TimestampAuthority();
  TimestampAuthority(const TimestampAuthority&) = delete;
  TimestampAuthority& operator=(const TimestampAuthority&) = delete;

  std::string url() const;  // http://127.0.0.1:PORT/tsp
  size_t served() const;    // replies sent
  void Stop();

 private:
  struct Impl;
  explicit TimestampAuthority(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
