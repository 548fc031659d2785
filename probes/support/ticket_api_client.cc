#include "probes/support/ticket_api_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/utf8.h"
#include "probes/http/http_fetch.h"
#include "probes/support/ticket_json.h"

namespace pooltest {
namespace {

constexpr size_t kMaxBody = 1024 * 1024;
constexpr size_t kExcerpt = 300;

struct Exchange {
  bool ok = false;  // a complete response arrived
  long status = 0;
  std::string body;
  std::string error;
  bool sent_request = false;  // the request reached the wire (connection made)
  bool refused = false;       // the target policy stopped a hop (see error)
};

// One request through FetchHttp (redirects hop by hop, declared hosts
// only), run to completion on a private io_context: the campaign is
// blocking by design, one request at a time on its own thread.
Exchange Transfer(const std::string& method, const std::string& url, const std::string& body,
                  const std::string& content_type, std::chrono::milliseconds timeout,
                  const std::shared_ptr<const TargetPolicy>& targets) {
  HttpRequest req;
  req.method = method;
  req.url = url;
  req.body = body;
  req.max_body = kMaxBody;
  req.max_redirects = 3;
  req.max_time = timeout;
  req.headers.emplace_back("Accept", "application/json");
  if (!content_type.empty()) req.headers.emplace_back("Content-Type", content_type);
  boost::asio::io_context io;
  ProbeContext ctx;
  ctx.executor = io.get_executor();
  ctx.deadline = std::chrono::steady_clock::now() + timeout;
  ctx.cancel = std::make_shared<CancelHub>();
  ctx.targets = targets;
  HttpFetch fetched;
  boost::asio::co_spawn(io, FetchHttp(ctx, std::move(req)),
                        [&fetched](std::exception_ptr e, HttpFetch f) {
                          if (!e) fetched = std::move(f);
                        });
  io.run();
  Exchange ex;
  const HttpResponse& res = fetched.response;
  ex.ok = res.outcome == HttpOutcome::kOk;
  ex.status = res.status;
  ex.body = res.body;
  ex.refused = fetched.refused.has_value();
  ex.error = res.error.empty() && !ex.ok ? "the transfer did not complete" : res.error;
  // A refused first hop left no packet; a refused redirect was the pool's
  // definite answer to a request it received.
  ex.sent_request =
      res.connected || (ex.refused && !fetched.hops.empty() && fetched.hops[0].contains("status"));
  return ex;
}

}  // namespace

Result<TicketApiClient> TicketApiClient::Create(const TicketApi& api,
                                                std::chrono::milliseconds timeout,
                                                std::shared_ptr<const TargetPolicy> targets) {
  TicketApiClient c(api, timeout, std::move(targets));
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
  Exchange ex = Transfer(method, url, body,
                         json_body ? "application/json" : "application/x-www-form-urlencoded",
                         timeout_, targets_);
  if (ex.refused) {
    out.kind = SendOutcome::Kind::kFailed;
    out.detail = method + " " + url + ": " + ex.error;
    return out;
  }
  if (!ex.ok) {
    out.kind = ex.sent_request ? SendOutcome::Kind::kUnknown : SendOutcome::Kind::kFailed;
    out.detail = method + " " + url + ": " + ex.error;
    return out;
  }
  if (ex.status < 200 || ex.status > 299) {
    out.kind = SendOutcome::Kind::kFailed;
    out.detail = method + " " + url + " answered HTTP " + std::to_string(ex.status) + ": " +
                 std::string(Utf8Prefix(ex.body, kExcerpt));
    return out;
  }
  const Result<nlohmann::json> created = ParseTicketJson(ex.body);
  out.handle = created ? TicketIdAt(*created, api_.ticket_id_pointer) : std::string();
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
  Exchange ex = Transfer("GET", url, "", "", timeout_, targets_);
  if (!ex.ok || ex.status != 200) {
    r.error = "GET " + url + ": " + (!ex.ok ? ex.error : "HTTP " + std::to_string(ex.status));
    return r;
  }
  const Result<nlohmann::json> j = ParseTicketJson(ex.body);
  if (!j) {
    r.error = "GET " + url + ": the answer is not JSON the harness reads: " + j.error().message;
    return r;
  }
  r.ok = true;
  for (const std::string& text : TicketReplyTexts(*j, api_.reply_pointer)) {
    const bool automatic = !api_.auto_reply_pattern.empty() && std::regex_search(text, auto_);
    if (automatic) {
      ++r.auto_replies;
    } else if (!r.human) {
      r.human = true;
      r.human_excerpt = std::string(Utf8Prefix(text, kExcerpt));
      r.human_text = std::string(Utf8Prefix(text, kReplyTextBytes));
    }
  }
  return r;
}

Result<std::optional<std::string>> TicketApiClient::Lookup(const std::string& token) const {
  if (api_.lookup_url.empty())
    return Error{"the ticket API declares no lookup URL (support[].lookup in the scenario)"};
  const std::string url = FillTemplate(api_.lookup_url, "token", PercentEncode(token));
  Exchange ex = Transfer("GET", url, "", "", timeout_, targets_);
  if (!ex.ok) return Error{"GET " + url + ": " + ex.error};
  if (ex.status == 404) return std::optional<std::string>();
  if (ex.status != 200) return Error{"GET " + url + " answered HTTP " + std::to_string(ex.status)};
  const Result<nlohmann::json> j = ParseTicketJson(ex.body);
  if (!j)
    return Error{"GET " + url + ": the answer is not JSON the harness reads: " + j.error().message};
  std::string id = TicketIdAt(*j, api_.lookup_id_pointer);
  if (id.empty()) return std::optional<std::string>();
  return std::optional<std::string>(id);
}

}  // namespace pooltest
