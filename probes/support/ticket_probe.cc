#include "probes/support/ticket_probe.h"

#include <algorithm>
#include <regex>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/evidence_bounds.h"
#include "probes/common/watchdog.h"
#include "probes/http/http_fetch.h"
#include "probes/support/ticket_json.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kMaxPolls = 10000;
constexpr auto kMinPollInterval = 50ms;
constexpr auto kMaxRequestTime = 10s;
constexpr size_t kBodyEvidence = 4096;
constexpr size_t kMaxReplyChars = 2000;

void AppendTranscript(Observation& obs, const nlohmann::json& records) {
  for (const auto& r : records) obs.transcript.push_back(r);
}

}  // namespace

boost::asio::awaitable<Observation> ProbeSupportTicket(ProbeContext ctx, TicketTarget target) {
  const TicketApi& api = target.channel.ticket;
  Observation obs;
  obs.probe = "support.ticket";
  obs.target = api.create_url;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  obs.data["channel"] = target.channel.name;
  obs.data["token"] = target.token;
  obs.data["created"] = false;
  obs.data["ticket_id"] = nullptr;
  obs.data["replies"] = nlohmann::json::array();
  obs.data["first_human_reply_ms"] = nullptr;
  obs.data["polls"] = 0;
  obs.data["wait_ms"] = target.wait.count();
  auto finish = [&](ProbeStatus status, std::string detail) {
    obs.status = status;
    obs.detail = std::move(detail);
    obs.finished = std::chrono::system_clock::now();
    return obs;
  };

  std::regex auto_reply;
  try {
    if (!api.auto_reply_pattern.empty())
      auto_reply = std::regex(api.auto_reply_pattern, std::regex::ECMAScript | std::regex::icase);
  } catch (const std::regex_error& e) {
    co_return finish(ProbeStatus::kError, "support channel '" + target.channel.name +
                                              "': auto_reply_pattern is not a valid ECMAScript "
                                              "regex (" +
                                              e.what() + "); fix it in the scenario");
  }
  auto is_auto = [&](const std::string& text) {
    return !api.auto_reply_pattern.empty() && std::regex_search(text, auto_reply);
  };

  // Open the ticket.
  const std::string subject = "pooltest support check " + target.token;
  const std::string message =
      "This is an automated accreditation test request (R4.5, 24/7 support). Please reply to "
      "this ticket; reference " +
      target.token + ".";
  HttpRequest create;
  create.method = api.create_method.empty() ? "POST" : api.create_method;
  create.transcript_body_bytes = kBodyEvidence;
  create.max_time = kMaxRequestTime;
  create.max_redirects = 3;
  create.body = api.create_body;
  const bool json_body = LooksLikeJson(api.create_body);
  auto enc = [&](const std::string& s) {
    return json_body ? JsonStringInner(s) : PercentEncode(s);
  };
  create.body = FillTemplate(create.body, "subject", enc(subject));
  create.body = FillTemplate(create.body, "message", enc(message));
  create.body = FillTemplate(create.body, "token", enc(target.token));
  create.url = FillTemplate(api.create_url, "token", PercentEncode(target.token));
  create.headers.emplace_back("Content-Type",
                              json_body ? "application/json" : "application/x-www-form-urlencoded");
  create.headers.emplace_back("Accept", "application/json");
  HttpFetch create_fetch = co_await FetchHttp(ctx, create);
  HttpResponse& created = create_fetch.response;
  AppendTranscript(obs, created.transcript);
  obs.data["create_status"] = created.status;
  obs.data["create_hops"] = create_fetch.hops;
  obs.data["served_by"] = create_fetch.served_by;
  if (create_fetch.refused) {
    obs.data["refused"] = RefusalJson(*create_fetch.refused);
    co_return finish(
        create_fetch.refused->refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed,
        create.method + " " + create.url + " not sent on: " + created.error);
  }
  if (created.outcome != HttpOutcome::kOk)
    co_return finish(ToProbeStatus(created.outcome),
                     create.method + " " + create.url + ": " + created.error);
  if (created.status < 200 || created.status > 299)
    co_return finish(ProbeStatus::kFailed, create.method + " " + create.url + " answered HTTP " +
                                               std::to_string(created.status) +
                                               "; the ticket was not opened");
  const auto created_at = steady_clock::now();
  const Result<nlohmann::json> created_json = ParseTicketJson(created.body);
  if (!created_json) obs.data["create_answer_error"] = created_json.error().message;
  const std::string ticket_id =
      created_json ? TicketIdAt(*created_json, api.ticket_id_pointer) : std::string();
  if (ticket_id.empty())
    co_return finish(ProbeStatus::kFailed,
                     "the response of " + create.url + " has no ticket id at JSON pointer '" +
                         api.ticket_id_pointer + "'; check ticket_id_pointer in the scenario");
  obs.data["created"] = true;
  obs.data["ticket_id"] = ticket_id;

  // Poll until a human answers, the wait runs out, or the probe must stop.
  const auto interval = std::max<milliseconds>(target.poll_interval, kMinPollInterval);
  const auto wait_end = created_at + target.wait;
  const int max_polls =
      static_cast<int>(std::min<long long>(kMaxPolls, target.wait / interval + 2));
  boost::asio::steady_timer timer(ctx.executor);
  Watchdog watchdog(ctx, [&timer] { timer.cancel(); });

  HttpRequest poll;
  poll.url = FillTemplate(api.poll_url, "ticket_id", PercentEncode(ticket_id));
  poll.url = FillTemplate(poll.url, "token", PercentEncode(target.token));
  poll.headers.emplace_back("Accept", "application/json");
  poll.transcript_body_bytes = kBodyEvidence;
  poll.max_time = kMaxRequestTime;
  poll.max_redirects = 3;

  nlohmann::json replies = nlohmann::json::array();
  std::optional<long long> first_human_ms;
  int polls = 0, poll_errors = 0;
  ProbeStatus status = ProbeStatus::kOk;
  std::string stop_reason = "the wait ended";
  while (polls < max_polls) {
    if (ctx.cancel->cancelled() || watchdog.cancelled()) {
      status = ProbeStatus::kCancelled;
      stop_reason = "the run was cancelled";
      break;
    }
    if (watchdog.timed_out() || steady_clock::now() >= ctx.deadline) {
      status = ProbeStatus::kTimeout;
      stop_reason = "the probe deadline passed before the wait ended";
      break;
    }
    HttpFetch poll_fetch = co_await FetchHttp(ctx, poll);
    HttpResponse& res = poll_fetch.response;
    ++polls;
    if (poll_fetch.refused) {
      // The desk sends its answers elsewhere: nothing read there would be
      // the declared desk's, so polling stops here.
      obs.data["refused"] = RefusalJson(*poll_fetch.refused);
      obs.data["poll_hops"] = poll_fetch.hops;
      AppendTranscript(obs, res.transcript);
      status =
          poll_fetch.refused->refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed;
      stop_reason = "a poll was refused: " + res.error;
      break;
    }
    const auto seen_ms =
        std::chrono::duration_cast<milliseconds>(steady_clock::now() - created_at).count();
    bool interesting = polls == 1;
    if (res.outcome == HttpOutcome::kCancelled) {
      status = ProbeStatus::kCancelled;
      stop_reason = "the run was cancelled";
      AppendTranscript(obs, res.transcript);
      break;
    }
    if (res.outcome != HttpOutcome::kOk || res.status != 200) {
      ++poll_errors;
      interesting = true;
    } else {
      const Result<nlohmann::json> j = ParseTicketJson(res.body);
      if (!j) {
        ++poll_errors;
        obs.data["poll_answer_error"] = j.error().message;
      }
      const std::vector<std::string> texts =
          j ? TicketReplyTexts(*j, api.reply_pointer) : std::vector<std::string>();
      for (size_t i = replies.size(); i < texts.size(); ++i) {
        const bool automatic = is_auto(texts[i]);
        replies.push_back({{"text", TruncateText(texts[i], kMaxReplyChars)},
                           {"seen_ms", seen_ms},
                           {"auto", automatic},
                           {"mentions_token", texts[i].find(target.token) != std::string::npos}});
        if (!automatic && !first_human_ms) first_human_ms = seen_ms;
        interesting = true;
      }
    }
    // Evidence of every poll that changed something; the rest are counted.
    if (interesting) AppendTranscript(obs, res.transcript);
    if (first_human_ms) {
      stop_reason = "a human reply arrived";
      break;
    }
    const auto now = steady_clock::now();
    if (now >= wait_end) break;
    timer.expires_after(std::min<steady_clock::duration>(interval, wait_end - now));
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }
  obs.data["replies"] = replies;
  obs.data["polls"] = polls;
  obs.data["poll_errors"] = poll_errors;
  if (first_human_ms) obs.data["first_human_reply_ms"] = *first_human_ms;
  AddTranscript(obs, "event", "stopped after " + std::to_string(polls) + " polls: " + stop_reason);
  std::string detail = "ticket " + ticket_id + " opened; ";
  detail += first_human_ms
                ? "first human reply seen after " + std::to_string(*first_human_ms) + " ms"
                : "no human reply (" + stop_reason + ")";
  co_return finish(status, detail);
}

}  // namespace pooltest
