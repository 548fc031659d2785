// Split out of stratum_probe.cc: the Stratum V1 conversation as a state
// machine, line in, lines out.
#include "probes/stratum/stratum_handshake.h"

#include <cstdio>

#include "core/evidence_bounds.h"
#include "core/json_object.h"
#include "probes/stratum/stratum_line_limits.h"

namespace pooltest {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Bounds on recorded lists so a chatty pool cannot grow the evidence without end.
constexpr size_t kMaxListed = 20;
constexpr const char* kClientName = "pooltest/0.1";

// Offsets from first_id.
constexpr int64_t kAuthorizeOffset = 1;
constexpr int64_t kSubmitOffset = 2;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Pools echo our numeric ids, some as strings.
bool IdIs(const json& id, int64_t want) {
  if (id.is_number_integer()) return id.get<long long>() == want;
  if (id.is_string()) return id.get<std::string>() == std::to_string(want);
  return false;
}

// extranonce2 is the miner's part of the coinbase, a few bytes (real pools
// use 2 to 8). The probe builds one of the size the pool names, so that
// size is bounded: a pool must not make it allocate gigabytes.
bool IsExtranonce2Size(const json& v) {
  return v.is_number_integer() && v.get<long long>() >= 0 && v.get<long long>() <= 32;
}

void AppendBounded(json& list, json value) {
  if (list.size() < kMaxListed) list.push_back(std::move(value));
}

}  // namespace

json StratumInitialData(const StratumTarget& target) {
  return JsonObject({{"url", target.url},
                     {"tls", target.tls},
                     {"connected", false},
                     {"connect_ms", nullptr},
                     {"subscribed", nullptr},
                     {"extranonce1", nullptr},
                     {"extranonce2_size", nullptr},
                     {"authorized", nullptr},
                     {"authorize_error", nullptr},
                     {"notify_received", false},
                     {"notify_count", 0},
                     {"job_id", nullptr},
                     {"difficulty", nullptr},
                     {"submit_result", nullptr},
                     {"submit_error", nullptr},
                     {"handshake_ms", nullptr},
                     {"server_requests", json::array()},
                     {"other_notifications", json::array()},
                     {"unmatched_responses", 0}});
}

std::string StratumExcerpt(std::string_view s) {
  constexpr size_t kMax = 120;
  return json(TruncateText(s, kMax)).dump();
}

json StratumHandshake::Request(int64_t id, const char* method, json params) const {
  return JsonObject({{"id", id}, {"method", method}, {"params", std::move(params)}});
}

json StratumHandshake::Subscribe() {
  return Request(first_id_, "mining.subscribe", json::array({kClientName}));
}

StratumHandshake::Step StratumHandshake::OnLine(std::string_view line, std::vector<json>* out) {
  Result<json> parsed = ParseBoundedJson(line, kStratumLineJson);
  if (!parsed || !parsed->is_object()) {
    return Nonsense("received a line that is not a JSON object" +
                    (parsed ? std::string() : " (" + parsed.error().message + ")") + ": " +
                    StratumExcerpt(line));
  }
  json msg = std::move(parsed).value();
  json id = msg.contains("id") ? msg["id"] : json(nullptr);
  auto method = msg.find("method");
  if (method != msg.end() && method->is_string()) {
    Step s = OnServerMessage(method->get<std::string>(), id, msg, out);
    if (s != Step::kContinue) return s;
  } else if (IdIs(id, first_id_)) {
    subscribe_answered_ = true;
    Step s = OnSubscribeResult(msg, out);
    if (s != Step::kContinue) return s;
  } else if (IdIs(id, first_id_ + kAuthorizeOffset)) {
    Step s = OnAuthorizeResult(msg);
    if (s != Step::kContinue) return s;
  } else if (IdIs(id, first_id_ + kSubmitOffset)) {
    submit_answered_ = true;
    return OnSubmitResult(msg);
  } else {
    // A response to nothing we asked (or to a line the pool could not parse).
    auto& n = obs_.data["unmatched_responses"];
    n = n.get<int>() + 1;
  }
  MaybeSubmit(out);
  return Step::kContinue;
}

StratumHandshake::Step StratumHandshake::Nonsense(std::string why) {
  why_ = std::move(why);
  obs_.data["protocol_error"] = why_;
  return Step::kNonsense;
}

StratumHandshake::Step StratumHandshake::OnServerMessage(const std::string& method, const json& id,
                                                         const json& msg, std::vector<json>* out) {
  const json params = msg.contains("params") ? msg["params"] : json::array();
  json& d = obs_.data;
  // Notifications are recognised by name: some pools put an id on them.
  if (method == "mining.notify") {
    if (!params.is_array() || params.size() < 9 || !params[0].is_string() ||
        !params[7].is_string()) {
      return Nonsense(
          "mining.notify does not carry [job_id, prevhash, coinb1, coinb2, "
          "merkle_branch, version, nbits, ntime, clean_jobs]: " +
          StratumExcerpt(msg.dump(-1, ' ', false, json::error_handler_t::replace)));
    }
    d["notify_received"] = true;
    d["notify_count"] = d["notify_count"].get<int>() + 1;
    d["job_id"] = params[0];
    job_ntime_ = params[7].get<std::string>();
    return Step::kContinue;
  }
  if (method == "mining.set_difficulty") {
    if (!params.is_array() || params.empty() || !params[0].is_number()) {
      return Nonsense("mining.set_difficulty without a numeric difficulty");
    }
    d["difficulty"] = params[0];
    return Step::kContinue;
  }
  if (method == "mining.set_extranonce") {
    if (params.is_array() && params.size() >= 2 && params[0].is_string() &&
        params[1].is_number_integer()) {
      if (!IsExtranonce2Size(params[1])) {
        return Nonsense("mining.set_extranonce extranonce2_size is not between 0 and 32: " +
                        StratumExcerpt(params[1].dump()));
      }
      d["extranonce1"] = params[0];
      d["extranonce2_size"] = params[1];
    }
    return Step::kContinue;
  }
  if (id.is_null()) {
    AppendBounded(d["other_notifications"], method);
    return Step::kContinue;
  }
  // A request from the pool: answer it so the pool does not drop us.
  AppendBounded(d["server_requests"], method);
  if (method == "mining.ping") {
    out->push_back(json{{"id", id}, {"result", "pong"}, {"error", nullptr}});
  } else if (method == "client.get_version") {
    out->push_back(json{{"id", id}, {"result", kClientName}, {"error", nullptr}});
  } else {
    out->push_back(json{
        {"id", id}, {"result", nullptr}, {"error", json::array({20, "Unsupported", nullptr})}});
  }
  return Step::kContinue;
}

StratumHandshake::Step StratumHandshake::OnSubscribeResult(const json& msg,
                                                           std::vector<json>* out) {
  json& d = obs_.data;
  json error = msg.contains("error") ? msg["error"] : json(nullptr);
  json result = msg.contains("result") ? msg["result"] : json(nullptr);
  if (!error.is_null()) {
    d["subscribed"] = false;
    d["subscribe_error"] = error;
    summary_ = "mining.subscribe was refused";
    return Step::kDone;
  }
  if (!result.is_array() || result.size() < 3 || !result[1].is_string() ||
      !IsExtranonce2Size(result[2])) {
    return Nonsense(
        "mining.subscribe result is not [subscriptions, extranonce1, "
        "extranonce2_size]: " +
        StratumExcerpt(result.dump(-1, ' ', false, json::error_handler_t::replace)));
  }
  d["subscribed"] = true;
  d["extranonce1"] = result[1];
  d["extranonce2_size"] = result[2];
  out->push_back(Request(first_id_ + kAuthorizeOffset, "mining.authorize",
                         json::array({target_.user, target_.password})));
  return Step::kContinue;
}

StratumHandshake::Step StratumHandshake::OnAuthorizeResult(const json& msg) {
  json& d = obs_.data;
  json error = msg.contains("error") ? msg["error"] : json(nullptr);
  json result = msg.contains("result") ? msg["result"] : json(nullptr);
  if (!result.is_boolean() && !result.is_null()) {
    return Nonsense("mining.authorize result is neither true, false nor null: " +
                    StratumExcerpt(result.dump(-1, ' ', false, json::error_handler_t::replace)));
  }
  d["authorized"] = result.is_boolean() && result.get<bool>() && error.is_null();
  d["authorize_error"] = error;
  if (!d["authorized"].get<bool>()) {
    summary_ = "mining.authorize was refused for user '" + target_.user + "'";
    return Step::kDone;
  }
  return Step::kContinue;
}

StratumHandshake::Step StratumHandshake::OnSubmitResult(const json& msg) {
  json& d = obs_.data;
  json error = msg.contains("error") ? msg["error"] : json(nullptr);
  json result = msg.contains("result") ? msg["result"] : json(nullptr);
  d["submit_result"] = result.is_boolean() ? result : json(nullptr);
  d["submit_error"] = error;
  if (msg.contains("reject-reason")) d["submit_reject_reason"] = msg["reject-reason"];
  if (result == true) {
    summary_ = "the pool accepted the deliberately invalid share";
  } else {
    summary_ = "the pool rejected the deliberately invalid share";
    if (!error.is_null())
      summary_ += " with error " +
                  StratumExcerpt(error.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return Step::kDone;
}

// Once authorized with work in hand, submit one share that cannot meet the
// target: a zero extranonce2 and nonce. Only the pool's judgement matters.
void StratumHandshake::MaybeSubmit(std::vector<json>* out) {
  json& d = obs_.data;
  if (submitted_ || d["authorized"] != true || d["notify_received"] != true ||
      !d["extranonce2_size"].is_number_integer()) {
    return;
  }
  submitted_ = true;
  d["handshake_ms"] = Ms(Clock::now() - start_);
  out->push_back(InvalidShare(first_id_ + kSubmitOffset, 0));
}

json StratumHandshake::InvalidShare(int64_t id, uint32_t nonce) const {
  const json& d = obs_.data;
  const size_t size =
      d["extranonce2_size"].is_number_integer() ? d["extranonce2_size"].get<size_t>() : 0;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", nonce);
  return Request(id, "mining.submit",
                 json::array({target_.user, d["job_id"], std::string(2 * size, '0'), job_ntime_,
                              std::string(hex)}));
}

}  // namespace pooltest
