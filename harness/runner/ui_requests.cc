#include "harness/runner/ui_requests.h"

#include <cctype>
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

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string PortOf(CURLU* u) {
  char* port = nullptr;
  if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK || !port) return "";
  std::string p(port);
  curl_free(port);
  return p;
}

// Extensions of files a UI links to that are not pages: checking their
// "language" would only produce false failures.
bool IsFileLink(const std::string& path) {
  const std::string last = path.substr(path.rfind('/') + 1);
  const size_t dot = last.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string ext = Lower(last.substr(dot + 1));
  for (const char* page : {"html", "htm", "xhtml", "php", "asp", "aspx", "jsp"})
    if (ext == page) return false;
  return !ext.empty();
}

}  // namespace

std::string UrlTemplateHost(std::string url) {
  for (size_t p; (p = url.find("{{")) != std::string::npos;) {
    const size_t e = url.find("}}", p);
    url.replace(p, e == std::string::npos ? std::string::npos : e + 2 - p, "x");
  }
  return UrlHost(url);
}

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
    case M::kFollow:
      curl_url_set(u.get(), CURLUPART_PATH, JoinPath(base_path, page).c_str(), 0);
      break;
  }
  req.url = Get(u.get(), CURLUPART_URL);
  if (req.url.empty()) return Error{"cannot build the URL of page '" + page + "'"};
  return req;
}

Result<std::string> UiPageKey(const WebUi& ui, const std::string& url) {
  Url base(curl_url()), link(curl_url());
  if (!base || !link ||
      curl_url_set(base.get(), CURLUPART_URL, ui.base_url.c_str(), 0) != CURLUE_OK)
    return Error{"ui.base_url is not a valid URL"};
  const size_t colon = url.find(':');
  const std::string scheme = colon == std::string::npos ? "" : Lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") return Error{"not a web page (" + scheme + ":)"};
  if (curl_url_set(link.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return Error{"not a valid URL"};
  const std::string base_host = Lower(Get(base.get(), CURLUPART_HOST));
  const std::string host = Lower(Get(link.get(), CURLUPART_HOST));
  bool same_host = host == base_host;
  // A language sub-domain of the base host is the same site.
  if (!same_host && host.size() > base_host.size() + 1 &&
      host.compare(host.size() - base_host.size() - 1, std::string::npos, "." + base_host) == 0) {
    const std::string label = host.substr(0, host.size() - base_host.size() - 1);
    for (const LanguageVariant& v : ui.languages)
      same_host = same_host ||
                  (v.method == LanguageVariant::Method::kSubdomain && Lower(v.value) == label) ||
                  label == v.lang;
  }
  if (!same_host || scheme != Lower(Get(base.get(), CURLUPART_SCHEME)) ||
      PortOf(link.get()) != PortOf(base.get()))
    return Error{"another site"};

  std::string base_path = Get(base.get(), CURLUPART_PATH);
  while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
  const std::string path = Get(link.get(), CURLUPART_PATH);
  if (path.compare(0, base_path.size(), base_path) != 0 ||
      (path.size() > base_path.size() && path[base_path.size()] != '/'))
    return Error{"outside ui.base_url"};
  std::string rest = path.substr(base_path.size());
  if (rest.empty()) rest = "/";
  if (IsFileLink(rest)) return Error{"a file, not a page"};

  // The declared prefixes, and the plain /kk, /ru, /en a `follow` site uses.
  bool prefixed = false, all_prefix = !ui.languages.empty();
  std::vector<std::string> prefixes;
  for (const LanguageVariant& v : ui.languages) {
    all_prefix = all_prefix && v.method == LanguageVariant::Method::kPathPrefix;
    if (v.method == LanguageVariant::Method::kPathPrefix) prefixes.push_back(v.value);
    prefixes.push_back("/" + v.lang);
  }
  for (std::string p : prefixes) {
    while (!p.empty() && p.back() == '/') p.pop_back();
    if (p.empty()) continue;
    if (rest == p || rest == p + "/") {
      rest = "/";
    } else if (rest.compare(0, p.size() + 1, p + "/") == 0) {
      rest = rest.substr(p.size());
    } else {
      continue;
    }
    prefixed = true;
    break;
  }
  if (all_prefix && !prefixed) return Error{"no language prefix"};
  return rest;
}

}  // namespace pooltest
