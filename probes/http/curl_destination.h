// Binds a libcurl handle to one admitted Destination (target_policy.h), so
// the transfer can reach nothing else: the host name is resolved to the
// destination's addresses (CURLOPT_RESOLVE, never the machine's resolver),
// every socket libcurl opens is checked against those addresses
// (CURLOPT_OPENSOCKETFUNCTION) and refused otherwise, proxies from the
// environment are off, and libcurl follows no redirect (the caller follows
// them hop by hop through the policy). Used by every libcurl transfer the
// harness makes: UI pages, the ticket API, SMTP and IMAP.
//
// Keep the binding alive until the transfer ends; it owns the lists libcurl
// points to. Bind() returns an error (and sets nothing) for a destination
// without addresses.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "probes/common/target_policy.h"

namespace pooltest {

class CurlDestination {
 public:
  CurlDestination() = default;
  CurlDestination(const CurlDestination&) = delete;
  CurlDestination& operator=(const CurlDestination&) = delete;

  Status Bind(CURL* handle, const Destination& destination);
  // Admits `url`'s host and port (the scheme's default port when it names
  // none) through `policy`, then binds to it; the error is the refusal's
  // reason. A null policy admits nothing.
  Status BindUrl(CURL* handle, const std::string& url, const TargetPolicy* policy);

  const Destination& destination() const { return destination_; }
  // Addresses libcurl tried to connect to that the destination does not
  // hold (each refused before a packet left).
  const std::vector<std::string>& refused_addresses() const { return refused_; }

 private:
  static curl_socket_t OpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address);

  Destination destination_;
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve_{nullptr,
                                                                       curl_slist_free_all};
  std::vector<std::string> refused_;
};

}  // namespace pooltest
