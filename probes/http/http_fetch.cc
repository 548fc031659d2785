#include "probes/http/http_fetch.h"

#include <algorithm>
#include <set>

#include <curl/curl.h>

namespace pooltest {
namespace {

using Url = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

std::string Part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* p = nullptr;
  std::string out;
  if (curl_url_get(u, part, &p, flags) == CURLUE_OK && p) out = p;
  curl_free(p);
  return out;
}

struct Where {
  std::string url, scheme, host;
  uint16_t port = 0;
};

// Parses `url`, resolving it against `base` when it is relative.
std::optional<Where> Locate(const std::string& url, const std::string& base = "") {
  Url u(curl_url(), curl_url_cleanup);
  if (!u) return std::nullopt;
  if (!base.empty() && curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return std::nullopt;
  Where w;
  w.url = Part(u.get(), CURLUPART_URL);
  w.scheme = Part(u.get(), CURLUPART_SCHEME);
  // Not fetched anyway; the caller refuses the scheme by name.
  if (w.scheme != "http" && w.scheme != "https") return w;
#ifdef CURLU_PUNYCODE
  w.host = TargetPolicy::Normalise(Part(u.get(), CURLUPART_HOST, CURLU_PUNYCODE));
#else
  w.host = TargetPolicy::Normalise(Part(u.get(), CURLUPART_HOST));
#endif
  const std::string port = Part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  const long p = port.empty() ? 0 : std::strtol(port.c_str(), nullptr, 10);
  if (p > 0 && p < 65536) w.port = static_cast<uint16_t>(p);
  if (w.host.empty()) return std::nullopt;
  return w;
}

std::string HeaderValue(const HttpResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

bool IsRedirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

HttpFetch Refuse(HttpFetch f, nlohmann::json& transcript, std::string kind, std::string from,
                 std::string to, Refusal refusal) {
  f.response.transcript = std::move(transcript);
  f.response.outcome = HttpOutcome::kRefused;
  f.response.error = refusal.reason;
  f.refused = HttpRefusal{std::move(kind), std::move(from), std::move(to), std::move(refusal)};
  f.hops.push_back({{"url", f.refused->to}, {"refused", RefusalJson(*f.refused)}});
  return f;
}

Refusal Because(const Where& w, std::string reason) {
  return Refusal{w.host, w.port, std::move(reason), false};
}

void DropCredentials(HttpRequest& req) {
  auto& h = req.headers;
  h.erase(std::remove_if(h.begin(), h.end(),
                         [](const auto& kv) {
                           std::string n = kv.first;
                           std::transform(n.begin(), n.end(), n.begin(), ::tolower);
                           return n == "authorization" || n == "cookie" ||
                                  n == "proxy-authorization";
                         }),
          h.end());
}

}  // namespace

nlohmann::json RefusalJson(const HttpRefusal& r) {
  return {{"kind", r.kind},
          {"from", r.from},
          {"to", r.to},
          {"host", r.refusal.host},
          {"port", r.refusal.port},
          {"reason", r.refusal.reason},
          {"harness_fault", r.refusal.harness_fault}};
}

boost::asio::awaitable<HttpFetch> FetchHttp(ProbeContext ctx, HttpRequest request) {
  HttpFetch f;
  std::optional<Where> here = Locate(request.url);
  if (!here) {
    f.response.error = "'" + request.url + "' is not a URL the harness can fetch";
    co_return f;
  }
  const std::string first_host = here->host;
  std::set<std::string> visited;
  std::string from;
  nlohmann::json transcript = nlohmann::json::array();
  for (long hop = 0;; ++hop) {
    if (here->scheme != "http" && here->scheme != "https") {
      co_return Refuse(std::move(f), transcript, "redirect_scheme", from, here->url,
                       Because(*here, "a redirect to the " + here->scheme +
                                          " scheme is not followed (only http and https)"));
    }
    if (!visited.insert(request.method + " " + here->url).second) {
      co_return Refuse(std::move(f), transcript, "redirect_loop", from, here->url,
                       Because(*here, "redirect loop: " + here->url + " was already fetched"));
    }
    Admission admit = ctx.targets ? ctx.targets->Admit(here->host, here->port)
                                  : Admission{false,
                                              {},
                                              {here->host, here->port,
                                               "no target policy was given to the "
                                               "probe (a harness bug)",
                                               true}};
    if (!admit.admitted) {
      co_return Refuse(std::move(f), transcript, hop == 0 ? "target_refused" : "redirect_refused",
                       from, here->url, admit.refusal);
    }
    if (!request.body.empty() && here->host != first_host) {
      co_return Refuse(std::move(f), transcript, "body_to_other_host", from, here->url,
                       Because(*here, "a " + std::to_string(f.response.status) +
                                          " redirect would send the request body to " + here->host +
                                          ", another host than " + first_host));
    }

    request.url = here->url;
    request.destination = admit.destination;
    const std::string method = request.method;
    f.response = co_await PerformHttp(ctx, request);
    request.cookies = f.response.cookies;  // the jar goes on to the next hop
    for (auto& r : f.response.transcript) transcript.push_back(std::move(r));
    f.response.transcript = nlohmann::json::array();
    const std::string location = HeaderValue(f.response, "location");
    f.hops.push_back({{"method", method},
                      {"url", here->url},
                      {"host", here->host},
                      {"port", here->port},
                      {"address", f.response.primary_ip},
                      {"resolved_by", admit.destination.resolved_by},
                      {"status", f.response.status},
                      {"location", location}});
    f.served_by = f.response.primary_ip;
    if (f.response.outcome != HttpOutcome::kOk || !IsRedirect(f.response.status) ||
        location.empty() || request.max_redirects <= 0) {
      break;
    }
    std::optional<Where> next = Locate(location, here->url);
    if (!next) {
      f.hops.back()["note"] = "Location is not a URL; the redirect response is the answer";
      break;
    }
    if (hop + 1 > request.max_redirects) {
      co_return Refuse(
          std::move(f), transcript, "too_many_redirects", here->url, next->url,
          Because(*next, "more than " + std::to_string(request.max_redirects) + " redirects"));
    }
    const long st = f.response.status;
    if ((st == 303 && request.method != "HEAD") ||
        ((st == 301 || st == 302) && request.method == "POST")) {
      request.method = "GET";
      request.body.clear();
    }
    if (next->host != here->host) DropCredentials(request);
    from = here->url;
    here = std::move(next);
  }
  f.response.transcript = std::move(transcript);
  f.response.redirects = static_cast<long>(f.hops.size()) - 1;
  co_return f;
}

}  // namespace pooltest
