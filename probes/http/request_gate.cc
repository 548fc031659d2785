#include "probes/http/request_gate.h"

#include <cstdlib>

#include <curl/curl.h>

#include "core/data_fields.h"

namespace pooltest {
namespace {

using nlohmann::json;

struct Parsed {
  std::string scheme, host;
  uint16_t port = 0;
};

// Scheme, host and port (the scheme's default when absent) of an absolute URL.
std::optional<Parsed> Parse(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u ||
      curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return std::nullopt;
  auto part = [&u](CURLUPart p) {
    char* s = nullptr;
    std::string out;
    if (curl_url_get(u.get(), p, &s, 0) == CURLUE_OK && s) out = s;
    curl_free(s);
    return out;
  };
  Parsed out;
  out.scheme = part(CURLUPART_SCHEME);
  out.host = TargetPolicy::Normalise(part(CURLUPART_HOST));
  const std::string port = part(CURLUPART_PORT);
  // Chromium's own defaults; curl may not know ws/wss.
  long p = port.empty() ? (out.scheme == "https" || out.scheme == "wss" ? 443 : 80)
                        : std::strtol(port.c_str(), nullptr, 10);
  if (p <= 0 || p > 65535 || out.host.empty()) return std::nullopt;
  out.port = static_cast<uint16_t>(p);
  return out;
}

}  // namespace

void RequestGate::Block(const std::string& url, const std::string& host,
                        const std::string& reason) {
  ++blocked_total_;
  if (blocked_.size() < kMaxListed) blocked_.push_back({url, host, reason});
}

std::pair<std::string, json> RequestGate::Decide(const json& paused) {
  const std::string id = StringField(paused, "requestId");
  const json request = paused.value("request", json::object());
  const std::string url = StringField(request, "url");
  const bool document = StringField(paused, "resourceType") == "Document" &&
                        StringField(paused, "frameId") == main_frame_;
  const std::pair<std::string, json> go = {"Fetch.continueRequest", {{"requestId", id}}};
  const std::pair<std::string, json> stop = {
      "Fetch.failRequest", {{"requestId", id}, {"errorReason", "BlockedByClient"}}};

  const size_t colon = url.find(':');
  const std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  // Schemes that never reach the network.
  if (!document && (scheme == "data" || scheme == "blob" || scheme == "about")) return go;

  Refusal refusal;
  std::optional<Parsed> where = Parse(url);
  if (!where || (where->scheme != "http" && where->scheme != "https" && where->scheme != "ws" &&
                 where->scheme != "wss")) {
    refusal.host = where ? where->host : "";
    refusal.reason = "not an http(s) URL the harness may fetch";
  } else {
    // The main document is the pool's page; its resources may also come
    // from ui.allowed_hosts.
    const Admission a =
        policy_
            ? policy_->Admit(where->host, where->port,
                             document ? Purpose::kPool : Purpose::kPageResource)
            : Admission{false, {}, {where->host, where->port, "no target policy was given", true}};
    if (a.admitted) {
      if (document) document_ = url;
      if (a.destination.resource_only) {
        ++allowed_total_;
        if (allowed_.size() < kMaxListed)
          allowed_.push_back({url, a.destination.host, a.destination.resolved_by});
      }
      return go;
    }
    refusal = a.refusal;
  }
  Block(url, refusal.host, refusal.reason);
  if (document && !document_refused_) document_refused_ = DocumentRefusal{document_, url, refusal};
  return stop;
}

std::string ResolverRules(const TargetPolicy* policy, const std::vector<std::string>& first) {
  std::vector<std::string> rules = first;
  if (policy) {
    const TargetPolicy::Reach reach = policy->Reachable(Purpose::kPageResource);
    for (const auto& [name, address] : reach.names)
      rules.push_back("MAP " + name + " " +
                      (address.find(':') != std::string::npos ? "[" + address + "]" : address));
    // A literal is matched by the catch-all below too; an admitted one is
    // left as it is. IPv6 in both spellings, as Chromium versions differ in
    // which one they match against.
    for (const std::string& a : reach.addresses) {
      rules.push_back("EXCLUDE " + a);
      if (a.find(':') != std::string::npos) rules.push_back("EXCLUDE [" + a + "]");
    }
  }
  rules.push_back("MAP * ~NOTFOUND");
  std::string out;
  for (const std::string& r : rules) out += (out.empty() ? "" : ", ") + r;
  return out;
}

}  // namespace pooltest
