#include "probes/support/ticket_api_client.h"

#include <curl/curl.h>

#include "probes/support/ticket_json.h"

namespace pooltest {
namespace {

constexpr size_t kMaxBody = 1024 * 1024;
constexpr size_t kExcerpt = 300;

struct Exchange {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string error;
  bool sent_request = false;  // the request reached the wire (connection made)
};

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > kMaxBody) return 0;
  body->append(data, size * n);
  return size * n;
}

Exchange Transfer(const std::string& method, const std::string& url, const std::string& body,
                  const std::string& content_type, std::chrono::milliseconds timeout) {
  Exchange ex;
  CURL* c = curl_easy_init();
  if (!c) {
    ex.code = CURLE_FAILED_INIT;
    ex.error = "libcurl could not start";
    return ex;
  }
  char err[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  if (!content_type.empty())
    headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex.body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  ex.code = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ex.status);
  ex.sent_request = ex.code != CURLE_COULDNT_CONNECT && ex.code != CURLE_COULDNT_RESOLVE_HOST &&
                    ex.code != CURLE_URL_MALFORMAT && ex.code != CURLE_UNSUPPORTED_PROTOCOL;
  if (ex.code != CURLE_OK) ex.error = err[0] ? err : curl_easy_strerror(ex.code);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  return ex;
}

std::string IdAt(const nlohmann::json& j, const std::string& pointer) {
  const nlohmann::json* id = JsonAt(j, pointer);
  if (id && id->is_string()) return id->get<std::string>();
  if (id && id->is_number()) return id->dump();
  return "";
}

}  // namespace

Result<TicketApiClient> TicketApiClient::Create(const TicketApi& api,
                                                std::chrono::milliseconds timeout) {
  TicketApiClient c(api, timeout);
  try {
    if (!api.auto_reply_pattern.empty())
      c.auto_ = std::regex(api.auto_reply_pattern, std::regex::ECMAScript | std::regex::icase);
  } catch (const std::regex_error& e) {
    return Error{"auto_reply_pattern is not a valid ECMAScript regex (" + std::string(e.what()) +
                 "); fix it in the scenario"};
  }
  return c;
}

SendOutcome TicketApiClient::Open(const SupportMessage& m) const {
  SendOutcome out;
  const bool json_body = LooksLikeJson(api_.create_body);
  auto enc = [&](const std::string& s) {
    return json_body ? JsonStringInner(s) : PercentEncode(s);
  };
  std::string body = FillTemplate(api_.create_body, "subject", enc(m.subject));
  body = FillTemplate(body, "message", enc(m.body));
  body = FillTemplate(body, "token", enc(m.token));
  const std::string url = FillTemplate(api_.create_url, "token", PercentEncode(m.token));
  const std::string method = api_.create_method.empty() ? "POST" : api_.create_method;
  Exchange ex =
      Transfer(method, url, body,
               json_body ? "application/json" : "application/x-www-form-urlencoded", timeout_);
  if (ex.code != CURLE_OK) {
    out.kind = ex.sent_request ? SendOutcome::Kind::kUnknown : SendOutcome::Kind::kFailed;
    out.detail = method + " " + url + ": " + ex.error;
    return out;
  }
  if (ex.status < 200 || ex.status > 299) {
    out.kind = SendOutcome::Kind::kFailed;
    out.detail = method + " " + url + " answered HTTP " + std::to_string(ex.status) + ": " +
                 ex.body.substr(0, kExcerpt);
    return out;
  }
  out.handle = IdAt(nlohmann::json::parse(ex.body, nullptr, false), api_.ticket_id_pointer);
  if (out.handle.empty()) {
    // Accepted, but we cannot follow it: a ticket may exist that we can't read.
    out.kind = SendOutcome::Kind::kUnknown;
    out.detail = "the response of " + url + " has no ticket id at JSON pointer '" +
                 api_.ticket_id_pointer + "'";
    return out;
  }
  out.kind = SendOutcome::Kind::kSent;
  out.detail = "ticket " + out.handle + " opened";
  return out;
}

ReplyCheck TicketApiClient::Poll(const std::string& ticket_id, const std::string& token) const {
  ReplyCheck r;
  std::string url = FillTemplate(api_.poll_url, "ticket_id", PercentEncode(ticket_id));
  url = FillTemplate(url, "token", PercentEncode(token));
  Exchange ex = Transfer("GET", url, "", "", timeout_);
  if (ex.code != CURLE_OK || ex.status != 200) {
    r.error = "GET " + url + ": " +
              (ex.code != CURLE_OK ? ex.error : "HTTP " + std::to_string(ex.status));
    return r;
  }
  const nlohmann::json j = nlohmann::json::parse(ex.body, nullptr, false);
  if (j.is_discarded()) {
    r.error = "GET " + url + ": the answer is not JSON";
    return r;
  }
  r.ok = true;
  for (const std::string& text : TicketReplyTexts(j, api_.reply_pointer)) {
    const bool automatic = !api_.auto_reply_pattern.empty() && std::regex_search(text, auto_);
    if (automatic) {
      ++r.auto_replies;
    } else if (!r.human) {
      r.human = true;
      r.human_excerpt = text.substr(0, kExcerpt);
    }
  }
  return r;
}

Result<std::optional<std::string>> TicketApiClient::Lookup(const std::string& token) const {
  if (api_.lookup_url.empty())
    return Error{"the ticket API declares no lookup URL (support[].lookup in the scenario)"};
  const std::string url = FillTemplate(api_.lookup_url, "token", PercentEncode(token));
  Exchange ex = Transfer("GET", url, "", "", timeout_);
  if (ex.code != CURLE_OK) return Error{"GET " + url + ": " + ex.error};
  if (ex.status == 404) return std::optional<std::string>();
  if (ex.status != 200) return Error{"GET " + url + " answered HTTP " + std::to_string(ex.status)};
  const nlohmann::json j = nlohmann::json::parse(ex.body, nullptr, false);
  if (j.is_discarded()) return Error{"GET " + url + ": the answer is not JSON"};
  std::string id = IdAt(j, api_.lookup_id_pointer);
  if (id.empty()) return std::optional<std::string>();
  return std::optional<std::string>(id);
}

}  // namespace pooltest
