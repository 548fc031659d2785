#include "harness/runner/ui_requests.h"

#include <memory>

#include <curl/curl.h>

namespace pooltest {
namespace {

struct UrlFree {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using Url = std::unique_ptr<CURLU, UrlFree>;

std::string Get(CURLU* u, CURLUPart part) {
  char* s = nullptr;
  if (curl_url_get(u, part, &s, 0) != CURLUE_OK || s == nullptr) return "";
  std::string out(s);
  curl_free(s);
  return out;
}

std::string JoinPath(std::string base, const std::string& page) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + (page.empty() || page[0] != '/' ? "/" : "") + page;
}

}  // namespace

std::string UrlHost(const std::string& url) {
  Url u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "";
  std::string host = Get(u.get(), CURLUPART_HOST);
  // IPv6 literals come back bracketed.
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host;
}

std::vector<std::string> ConnectToBaseAddress(const std::string& url,
                                              const std::vector<std::string>& addresses) {
  Url u(curl_url());
  if (addresses.empty() || !u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return {};
  const std::string host = Get(u.get(), CURLUPART_HOST);
  char* port = nullptr;
  if (host.empty() ||
      curl_url_get(u.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK || !port)
    return {};
  const std::string p(port);
  curl_free(port);
  const std::string& addr = addresses.front();
  const std::string target = addr.find(':') != std::string::npos ? "[" + addr + "]" : addr;
  return {host + ":" + p + ":" + target + ":" + p};
}

Result<UiRequest> BuildUiRequest(const WebUi& ui, const LanguageVariant& variant,
                                 const std::string& page) {
  Url u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, ui.base_url.c_str(), 0) != CURLUE_OK) {
    return Error{"ui.base_url '" + ui.base_url + "' is not a valid URL"};
  }
  std::string base_path = Get(u.get(), CURLUPART_PATH);
  UiRequest req;
  using M = LanguageVariant::Method;
  switch (variant.method) {
    case M::kPathPrefix:
      curl_url_set(u.get(), CURLUPART_PATH,
                   JoinPath(JoinPath(base_path, variant.value), page).c_str(), 0);
      break;
    case M::kQuery:
      curl_url_set(u.get(), CURLUPART_PATH, JoinPath(base_path, page).c_str(), 0);
      curl_url_set(u.get(), CURLUPART_QUERY, variant.value.c_str(), CURLU_APPENDQUERY);
      break;
    case M::kSubdomain: {
      curl_url_set(u.get(), CURLUPART_PATH, JoinPath(base_path, page).c_str(), 0);
      const std::string base_host = Get(u.get(), CURLUPART_HOST);
      if (base_host.find(':') != std::string::npos ||
          base_host.find_first_not_of("0123456789.") == std::string::npos)
        return Error{"ui.languages." + variant.lang + ": sub-domain '" + variant.value +
                     "' needs a host name in ui.base_url, not the address " + base_host};
      std::string host = variant.value + "." + base_host;
      curl_url_set(u.get(), CURLUPART_HOST, host.c_str(), 0);
      break;
    }
    case M::kAcceptLanguage:
      curl_url_set(u.get(), CURLUPART_PATH, JoinPath(base_path, page).c_str(), 0);
      req.headers["Accept-Language"] = variant.value;
      break;
    case M::kCookie:
      curl_url_set(u.get(), CURLUPART_PATH, JoinPath(base_path, page).c_str(), 0);
      req.headers["Cookie"] = variant.value;
      break;
  }
  req.url = Get(u.get(), CURLUPART_URL);
  if (req.url.empty()) return Error{"cannot build the URL of page '" + page + "'"};
  return req;
}

}  // namespace pooltest
