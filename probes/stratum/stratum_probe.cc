#include "probes/stratum/stratum_probe.h"

#include <chrono>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "probes/common/watchdog.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Longest line accepted from a pool; a real mining.notify with a long merkle
// branch is a few KiB.
constexpr size_t kMaxLineBytes = 64 * 1024;
// A pool that sends this many lines without finishing the handshake is
// flooding us; stop reading.
constexpr int kMaxLines = 1000;
// Bounds on recorded lists so a chatty pool cannot grow the evidence without end.
constexpr size_t kMaxListed = 20;
constexpr const char* kClientName = "pooltest/0.1";

constexpr int kSubscribeId = 1;
constexpr int kAuthorizeId = 2;
constexpr int kSubmitId = 3;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string Excerpt(std::string_view s) {
  constexpr size_t kMax = 120;
  std::string out(s.substr(0, kMax));
  if (s.size() > kMax) out += "...";
  return json(out).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Received bytes may be any binary; the evidence store writes JSON, which
// must be valid UTF-8, so invalid sequences become U+FFFD.
void Record(Observation& obs, const char* direction, std::string_view text) {
  json quoted = std::string(text);
  AddTranscript(
      obs, direction,
      json::parse(quoted.dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>());
}

// Pools echo our numeric ids, some as strings.
bool IdIs(const json& id, int want) {
  if (id.is_number_integer()) return id.get<long long>() == want;
  if (id.is_string()) return id.get<std::string>() == std::to_string(want);
  return false;
}

void AppendBounded(json& list, json value) {
  if (list.size() < kMaxListed) list.push_back(std::move(value));
}

// The protocol side of the handshake, apart from the I/O: consumes received
// lines, fills obs.data, and says what to send next.
class Handshake {
 public:
  enum class Step { kContinue, kDone, kNonsense };

  Handshake(Observation& obs, const StratumTarget& target, Clock::time_point start)
      : obs_(obs), target_(target), start_(start) {}

  json Request(int id, const char* method, json params) {
    return json{{"id", id}, {"method", method}, {"params", std::move(params)}};
  }

  json Subscribe() { return Request(kSubscribeId, "mining.subscribe", json::array({kClientName})); }

  // Handles one received line; appends lines to send to *out. On kNonsense,
  // why() says what was wrong; on kDone, summary() says how it ended.
  Step OnLine(std::string_view line, std::vector<json>* out) {
    json msg = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (msg.is_discarded() || !msg.is_object()) {
      return Nonsense("received a line that is not a JSON object: " + Excerpt(line));
    }
    json id = msg.contains("id") ? msg["id"] : json(nullptr);
    auto method = msg.find("method");
    if (method != msg.end() && method->is_string()) {
      Step s = OnServerMessage(method->get<std::string>(), id, msg, out);
      if (s != Step::kContinue) return s;
    } else if (IdIs(id, kSubscribeId)) {
      Step s = OnSubscribeResult(msg, out);
      if (s != Step::kContinue) return s;
    } else if (IdIs(id, kAuthorizeId)) {
      Step s = OnAuthorizeResult(msg);
      if (s != Step::kContinue) return s;
    } else if (IdIs(id, kSubmitId)) {
      return OnSubmitResult(msg);
    } else {
      // A response to nothing we asked (or to a line the pool could not parse).
      auto& n = obs_.data["unmatched_responses"];
      n = n.get<int>() + 1;
    }
    MaybeSubmit(out);
    return Step::kContinue;
  }

  const std::string& why() const { return why_; }
  const std::string& summary() const { return summary_; }

 private:
  Step Nonsense(std::string why) {
    why_ = std::move(why);
    obs_.data["protocol_error"] = why_;
    return Step::kNonsense;
  }

  Step OnServerMessage(const std::string& method, const json& id, const json& msg,
                       std::vector<json>* out) {
    const json params = msg.contains("params") ? msg["params"] : json::array();
    json& d = obs_.data;
    // Notifications are recognised by name: some pools put an id on them.
    if (method == "mining.notify") {
      if (!params.is_array() || params.size() < 9 || !params[0].is_string() ||
          !params[7].is_string()) {
        return Nonsense(
            "mining.notify does not carry [job_id, prevhash, coinb1, coinb2, "
            "merkle_branch, version, nbits, ntime, clean_jobs]: " +
            Excerpt(msg.dump(-1, ' ', false, json::error_handler_t::replace)));
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

  Step OnSubscribeResult(const json& msg, std::vector<json>* out) {
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
        !result[2].is_number_integer() || result[2].get<long long>() < 0 ||
        result[2].get<long long>() > 32) {
      return Nonsense(
          "mining.subscribe result is not [subscriptions, extranonce1, "
          "extranonce2_size]: " +
          Excerpt(result.dump(-1, ' ', false, json::error_handler_t::replace)));
    }
    d["subscribed"] = true;
    d["extranonce1"] = result[1];
    d["extranonce2_size"] = result[2];
    out->push_back(
        Request(kAuthorizeId, "mining.authorize", json::array({target_.user, target_.password})));
    return Step::kContinue;
  }

  Step OnAuthorizeResult(const json& msg) {
    json& d = obs_.data;
    json error = msg.contains("error") ? msg["error"] : json(nullptr);
    json result = msg.contains("result") ? msg["result"] : json(nullptr);
    if (!result.is_boolean() && !result.is_null()) {
      return Nonsense("mining.authorize result is neither true, false nor null: " +
                      Excerpt(result.dump(-1, ' ', false, json::error_handler_t::replace)));
    }
    d["authorized"] = result.is_boolean() && result.get<bool>() && error.is_null();
    d["authorize_error"] = error;
    if (!d["authorized"].get<bool>()) {
      summary_ = "mining.authorize was refused for user '" + target_.user + "'";
      return Step::kDone;
    }
    return Step::kContinue;
  }

  Step OnSubmitResult(const json& msg) {
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
        summary_ +=
            " with error " + Excerpt(error.dump(-1, ' ', false, json::error_handler_t::replace));
    }
    return Step::kDone;
  }

  // Once authorized with work in hand, submit one share that cannot meet the
  // target: a zero extranonce2 and nonce. Only the pool's judgement matters.
  void MaybeSubmit(std::vector<json>* out) {
    json& d = obs_.data;
    if (submitted_ || d["authorized"] != true || d["notify_received"] != true ||
        !d["extranonce2_size"].is_number_integer()) {
      return;
    }
    submitted_ = true;
    d["handshake_ms"] = Ms(Clock::now() - start_);
    std::string extranonce2(2 * d["extranonce2_size"].get<size_t>(), '0');
    out->push_back(
        Request(kSubmitId, "mining.submit",
                json::array({target_.user, d["job_id"], extranonce2, job_ntime_, "00000000"})));
  }

  Observation& obs_;
  const StratumTarget& target_;
  Clock::time_point start_;
  std::string job_ntime_;
  bool submitted_ = false;
  std::string why_;
  std::string summary_;
};

asio::awaitable<bool> SendLine(tcp::socket& sock, Observation& obs, const json& msg) {
  std::string line = msg.dump(-1, ' ', false, json::error_handler_t::replace);
  AddTranscript(obs, "sent", line);
  line += "\n";
  boost::system::error_code ec;
  co_await asio::async_write(sock, asio::buffer(line),
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

}  // namespace

asio::awaitable<Observation> ProbeStratumHandshake(ProbeContext ctx, StratumTarget target) {
  Observation obs;
  obs.probe = "stratum.handshake";
  obs.target = target.address + ":" + std::to_string(target.port);
  obs.site = target.site;
  obs.channel = target.channel;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  obs.data = json{{"url", target.url},
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
                  {"unmatched_responses", 0}};
  auto finish = [&obs](ProbeStatus status, std::string detail) {
    obs.status = status;
    obs.detail = std::move(detail);
    obs.finished = std::chrono::system_clock::now();
    return obs;
  };

  if (target.tls) {
    co_return finish(ProbeStatus::kError,
                     "stratum+ssl not supported yet: " + target.url +
                         " cannot be probed; declare a plain stratum+tcp endpoint to test it");
  }
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(target.address, ec);
  if (ec) {
    co_return finish(ProbeStatus::kError, "stratum target address '" + target.address +
                                              "' is not an IP literal; resolve it first");
  }

  tcp::socket sock(ctx.executor);
  Watchdog dog(ctx, [&sock] {
    boost::system::error_code ignored;
    sock.close(ignored);
  });
  // Why an I/O operation ended early: the watchdog, or the peer/network.
  auto interrupted = [&](const std::string& what) {
    if (dog.cancelled()) {
      AddTranscript(obs, "event", "cancelled " + what);
      return finish(ProbeStatus::kCancelled, "run cancelled " + what);
    }
    if (dog.timed_out()) {
      AddTranscript(obs, "event", "deadline passed " + what);
      return finish(ProbeStatus::kTimeout, "deadline passed " + what);
    }
    return Observation{};
  };

  const Clock::time_point start = Clock::now();
  AddTranscript(obs, "event", "connecting to " + obs.target);
  co_await sock.async_connect(tcp::endpoint(ip, target.port),
                              asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    Observation o = interrupted("while connecting to " + obs.target);
    if (o.status == ProbeStatus::kCancelled || o.status == ProbeStatus::kTimeout) co_return o;
    obs.data["connect_error"] = ec.message();
    AddTranscript(obs, "event", "connect failed: " + ec.message());
    co_return finish(ProbeStatus::kFailed, "cannot connect to " + obs.target + ": " + ec.message());
  }
  obs.data["connected"] = true;
  obs.data["connect_ms"] = Ms(Clock::now() - start);
  AddTranscript(obs, "event", "connected");

  Handshake hs(obs, target, start);
  std::vector<json> to_send{hs.Subscribe()};
  std::string pending;
  char chunk[4096];
  int lines = 0;
  for (;;) {
    for (const json& msg : to_send) {
      if (!co_await SendLine(sock, obs, msg)) {
        Observation o = interrupted("while sending to " + obs.target);
        if (o.status == ProbeStatus::kCancelled || o.status == ProbeStatus::kTimeout) co_return o;
        AddTranscript(obs, "event", "send failed");
        co_return finish(ProbeStatus::kFailed,
                         "the connection to " + obs.target + " broke while sending");
      }
    }
    to_send.clear();

    // Handle every complete line before reading more.
    Handshake::Step step = Handshake::Step::kContinue;
    size_t nl;
    while (step == Handshake::Step::kContinue && (nl = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      Record(obs, "received", line);
      if (++lines > kMaxLines) {
        obs.data["protocol_error"] =
            "more than " + std::to_string(kMaxLines) + " lines without completing the handshake";
        co_return finish(ProbeStatus::kFailed, obs.target + " sent more than " +
                                                   std::to_string(kMaxLines) +
                                                   " lines without completing the handshake");
      }
      step = hs.OnLine(line, &to_send);
    }
    if (step == Handshake::Step::kNonsense) {
      co_return finish(ProbeStatus::kFailed,
                       obs.target + " does not speak Stratum V1: " + hs.why());
    }
    if (step == Handshake::Step::kDone) {
      // Answers owed to the pool are not worth waiting for now.
      sock.close(ec);
      AddTranscript(obs, "event", "closed by probe");
      co_return finish(ProbeStatus::kOk, hs.summary());
    }
    if (!to_send.empty()) continue;

    // A partial line that cannot become JSON fails now, not at the deadline.
    size_t first = pending.find_first_not_of(" \t\r");
    if (first != std::string::npos && pending[first] != '{') {
      Record(obs, "received", pending);
      std::string why = "received bytes that are not JSON: " + Excerpt(pending);
      obs.data["protocol_error"] = why;
      co_return finish(ProbeStatus::kFailed, obs.target + " does not speak Stratum V1: " + why);
    }
    if (pending.size() > kMaxLineBytes) {
      obs.data["protocol_error"] = "line longer than 64 KiB";
      co_return finish(ProbeStatus::kFailed,
                       obs.target + " sent a line longer than 64 KiB; stopped reading");
    }

    size_t n = co_await sock.async_read_some(asio::buffer(chunk),
                                             asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!pending.empty()) Record(obs, "received", pending);
      Observation o = interrupted("while waiting for " + obs.target);
      if (o.status == ProbeStatus::kCancelled || o.status == ProbeStatus::kTimeout) co_return o;
      const bool eof = ec == asio::error::eof;
      AddTranscript(obs, "event", eof ? "closed by peer" : "read failed: " + ec.message());
      obs.data["protocol_error"] =
          eof ? "the pool closed the connection mid-handshake" : ec.message();
      co_return finish(ProbeStatus::kFailed,
                       obs.target + (eof ? " closed the connection before the handshake completed"
                                         : " connection failed: " + ec.message()));
    }
    pending.append(chunk, n);
  }
}

}  // namespace pooltest
