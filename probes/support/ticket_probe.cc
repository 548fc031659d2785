#include "probes/support/ticket_probe.h"

#include <algorithm>
#include <regex>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "probes/common/watchdog.h"
#include "probes/http/curl_transfer.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kMaxPolls = 10000;
constexpr auto kMinPollInterval = 50ms;
constexpr auto kMaxRequestTime = 10s;
constexpr size_t kBodyEvidence = 4096;
constexpr size_t kMaxReplies = 50;
constexpr size_t kMaxReplyChars = 2000;

std::string Replace(std::string s, const std::string& key, const std::string& value) {
  const std::string pattern = "{{" + key + "}}";
  for (size_t pos = 0; (pos = s.find(pattern, pos)) != std::string::npos; pos += value.size())
    s.replace(pos, pattern.size(), value);
  return s;
}

// A string as it goes between the quotes of a JSON string.
std::string JsonInner(const std::string& s) {
  const std::string quoted = nlohmann::json(s).dump();
  return quoted.substr(1, quoted.size() - 2);
}

std::string PercentEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool LooksLikeJson(const std::string& body) {
  const size_t p = body.find_first_not_of(" \t\r\n");
  return p != std::string::npos && (body[p] == '{' || body[p] == '[');
}

// Reads the value at a JSON pointer; nullptr when absent or the pointer is
// malformed.
const nlohmann::json* At(const nlohmann::json& j, const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer p(pointer);
    if (!j.contains(p)) return nullptr;
    return &j.at(p);
  } catch (const std::exception&) {
    return nullptr;
  }
}

// All reply texts, oldest first. reply_pointer names either the first
// reply's text ("/replies/0/text": its last numeric step is the index into
// the list of replies, so the rest says where the list is and where each
// text sits) or the list of replies itself ("/replies").
std::vector<std::string> ReplyTexts(const nlohmann::json& j, std::string pointer) {
  if (pointer.empty()) pointer = "/replies/0/text";
  std::vector<std::string> steps;
  for (size_t pos = 1; pos <= pointer.size();) {
    const size_t next = pointer.find('/', pos);
    steps.push_back(
        pointer.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  int index_step = -1;
  for (int i = static_cast<int>(steps.size()) - 1; i >= 0; --i) {
    if (!steps[i].empty() && std::all_of(steps[i].begin(), steps[i].end(),
                                         [](unsigned char c) { return std::isdigit(c); })) {
      index_step = i;
      break;
    }
  }
  std::vector<std::string> out;
  if (index_step < 0) {
    const nlohmann::json* v = At(j, pointer);
    if (v && v->is_string() && !v->get<std::string>().empty()) out.push_back(v->get<std::string>());
    // The pointer may name the list of replies itself: each item is the text,
    // or an object whose text sits under one of the usual names.
    if (v && v->is_array()) {
      for (const nlohmann::json& item : *v) {
        if (item.is_string()) {
          out.push_back(item.get<std::string>());
        } else if (item.is_object()) {
          for (const char* key : {"text", "body", "message"}) {
            auto it = item.find(key);
            if (it != item.end() && it->is_string()) {
              out.push_back(it->get<std::string>());
              break;
            }
          }
        }
        if (out.size() >= kMaxReplies) break;
      }
    }
    return out;
  }
  std::string list_ptr, item_ptr;
  for (int i = 0; i < static_cast<int>(steps.size()); ++i) {
    if (i < index_step) list_ptr += "/" + steps[i];
    if (i > index_step) item_ptr += "/" + steps[i];
  }
  const nlohmann::json* list = At(j, list_ptr);
  if (!list || !list->is_array()) return out;
  for (const nlohmann::json& item : *list) {
    const nlohmann::json* v = item_ptr.empty() ? &item : At(item, item_ptr);
    if (v && v->is_string()) out.push_back(v->get<std::string>());
    if (out.size() >= kMaxReplies) break;
  }
  return out;
}

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
  auto enc = [&](const std::string& s) { return json_body ? JsonInner(s) : PercentEncode(s); };
  create.body = Replace(create.body, "subject", enc(subject));
  create.body = Replace(create.body, "message", enc(message));
  create.body = Replace(create.body, "token", enc(target.token));
  create.url = Replace(api.create_url, "token", PercentEncode(target.token));
  create.headers.emplace_back("Content-Type",
                              json_body ? "application/json" : "application/x-www-form-urlencoded");
  create.headers.emplace_back("Accept", "application/json");
  HttpResponse created = co_await PerformHttp(ctx, create);
  AppendTranscript(obs, created.transcript);
  obs.data["create_status"] = created.status;
  if (created.outcome != HttpOutcome::kOk)
    co_return finish(ToProbeStatus(created.outcome),
                     create.method + " " + create.url + ": " + created.error);
  if (created.status < 200 || created.status > 299)
    co_return finish(ProbeStatus::kFailed, create.method + " " + create.url + " answered HTTP " +
                                               std::to_string(created.status) +
                                               "; the ticket was not opened");
  const auto created_at = steady_clock::now();
  nlohmann::json created_json =
      nlohmann::json::parse(created.body, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json* id = At(created_json, api.ticket_id_pointer);
  std::string ticket_id;
  if (id && id->is_string()) ticket_id = id->get<std::string>();
  if (id && id->is_number()) ticket_id = id->dump();
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
  poll.url = Replace(api.poll_url, "ticket_id", PercentEncode(ticket_id));
  poll.url = Replace(poll.url, "token", PercentEncode(target.token));
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
    HttpResponse res = co_await PerformHttp(ctx, poll);
    ++polls;
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
      const nlohmann::json j = nlohmann::json::parse(res.body, nullptr, false);
      const std::vector<std::string> texts = ReplyTexts(j, api.reply_pointer);
      for (size_t i = replies.size(); i < texts.size(); ++i) {
        const bool automatic = is_auto(texts[i]);
        replies.push_back({{"text", texts[i].substr(0, kMaxReplyChars)},
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
