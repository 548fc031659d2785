#include "probes/http/curl_destination.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>

#include "scenarios/host_name.h"

namespace pooltest {
namespace {

std::string AddressText(const curl_sockaddr* a) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (a->family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&a->addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
  } else if (a->family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a->addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
  }
  return text;
}

}  // namespace

curl_socket_t CurlDestination::OpenSocket(void* self, curlsocktype purpose,
                                          curl_sockaddr* address) {
  auto* me = static_cast<CurlDestination*>(self);
  const std::string text = AddressText(address);
  const auto& allowed = me->destination_.addresses;
  if (purpose != CURLSOCKTYPE_IPCXN ||
      std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
    me->refused_.push_back(text.empty() ? "(not an IP address)" : text);
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

Status CurlDestination::Bind(CURL* handle, const Destination& destination) {
  if (destination.addresses.empty())
    return Error{"destination " + destination.host + " has no address to connect to"};
  destination_ = destination;
  if (!IsIpLiteral(destination.host)) {
    std::string entry = destination.host + ":" + std::to_string(destination.port) + ":";
    for (size_t i = 0; i < destination.addresses.size(); ++i) {
      const std::string& a = destination.addresses[i];
      entry += (i ? "," : "") + (a.find(':') != std::string::npos ? "[" + a + "]" : a);
    }
    resolve_.reset(curl_slist_append(nullptr, entry.c_str()));
    curl_easy_setopt(handle, CURLOPT_RESOLVE, resolve_.get());
  }
  curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, &CurlDestination::OpenSocket);
  curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(handle, CURLOPT_PROXY, "");  // no proxy, whatever the environment says
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  return Ok{};
}

Status CurlDestination::BindUrl(CURL* handle, const std::string& url, const TargetPolicy* policy) {
  if (!policy)
    return Error{"no target policy was given (a harness bug): " + url + " not contacted"};
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u ||
      curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return Error{"'" + url + "' is not a URL"};
  char* host = nullptr;
  char* port = nullptr;
  curl_url_get(u.get(), CURLUPART_HOST, &host, 0);
  curl_url_get(u.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
  const std::string h = host ? host : "";
  const long p = port ? std::strtol(port, nullptr, 10) : 0;
  curl_free(host);
  curl_free(port);
  if (h.empty() || p <= 0 || p > 65535) return Error{"'" + url + "' names no host and port"};
  Admission a = policy->Admit(h, static_cast<uint16_t>(p));
  if (!a.admitted) return Error{a.refusal.reason};
  return Bind(handle, a.destination);
}

}  // namespace pooltest
