#include "probes/stratum/stratum_probe.h"

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "probes/common/watchdog.h"
#include "probes/stratum/tls_facts.h"

// GCC 12 misreads Asio's awaitable frame allocator (recycling operator new /
// sized delete) in this long coroutine as a mismatched pair; it is not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace pooltest {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
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

template <typename Stream>
asio::awaitable<bool> SendLine(Stream& stream, Observation& obs, const json& msg) {
  std::string line = msg.dump(-1, ' ', false, json::error_handler_t::replace);
  AddTranscript(obs, "sent", line);
  line += "\n";
  boost::system::error_code ec;
  co_await asio::async_write(stream, asio::buffer(line),
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

Observation Finish(Observation& obs, ProbeStatus status, std::string detail) {
  obs.status = status;
  obs.detail = std::move(detail);
  obs.finished = std::chrono::system_clock::now();
  return obs;
}

// When an I/O operation ended early because of the watchdog, the finished
// observation saying so; nullopt when the peer or the network ended it.
std::optional<Observation> Interrupted(Observation& obs, const Watchdog& dog,
                                       const std::string& what) {
  if (dog.cancelled()) {
    AddTranscript(obs, "event", "cancelled " + what);
    return Finish(obs, ProbeStatus::kCancelled, "run cancelled " + what);
  }
  if (dog.timed_out()) {
    AddTranscript(obs, "event", "deadline passed " + what);
    return Finish(obs, ProbeStatus::kTimeout, "deadline passed " + what);
  }
  return std::nullopt;
}

// The stratum conversation on a connected stream (a TCP socket or TLS over
// it); `raw` is the socket underneath, closed when the probe is done.
template <typename Stream>
asio::awaitable<Observation> Converse(Stream& stream, tcp::socket& raw, Observation& obs,
                                      const StratumTarget& target, const Watchdog& dog,
                                      Clock::time_point start) {
  boost::system::error_code ec;
  Handshake hs(obs, target, start);
  std::vector<json> to_send{hs.Subscribe()};
  std::string pending;
  char chunk[4096];
  int lines = 0;
  for (;;) {
    for (const json& msg : to_send) {
      if (!co_await SendLine(stream, obs, msg)) {
        if (auto o = Interrupted(obs, dog, "while sending to " + obs.target)) co_return *o;
        AddTranscript(obs, "event", "send failed");
        co_return Finish(obs, ProbeStatus::kFailed,
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
        co_return Finish(obs, ProbeStatus::kFailed,
                         obs.target + " sent more than " + std::to_string(kMaxLines) +
                             " lines without completing the handshake");
      }
      step = hs.OnLine(line, &to_send);
    }
    if (step == Handshake::Step::kNonsense) {
      co_return Finish(obs, ProbeStatus::kFailed,
                       obs.target + " does not speak Stratum V1: " + hs.why());
    }
    if (step == Handshake::Step::kDone) {
      // Answers owed to the pool are not worth waiting for now.
      raw.close(ec);
      AddTranscript(obs, "event", "closed by probe");
      co_return Finish(obs, ProbeStatus::kOk, hs.summary());
    }
    if (!to_send.empty()) continue;

    // A partial line that cannot become JSON fails now, not at the deadline.
    size_t first = pending.find_first_not_of(" \t\r");
    if (first != std::string::npos && pending[first] != '{') {
      Record(obs, "received", pending);
      std::string why = "received bytes that are not JSON: " + Excerpt(pending);
      obs.data["protocol_error"] = why;
      co_return Finish(obs, ProbeStatus::kFailed,
                       obs.target + " does not speak Stratum V1: " + why);
    }
    if (pending.size() > kMaxLineBytes) {
      obs.data["protocol_error"] = "line longer than 64 KiB";
      co_return Finish(obs, ProbeStatus::kFailed,
                       obs.target + " sent a line longer than 64 KiB; stopped reading");
    }

    size_t n = co_await stream.async_read_some(asio::buffer(chunk),
                                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!pending.empty()) Record(obs, "received", pending);
      if (auto o = Interrupted(obs, dog, "while waiting for " + obs.target)) co_return *o;
      // A TLS peer that closes without close_notify is, for us, a close.
      const bool eof = ec == asio::error::eof || ec == ssl::error::stream_truncated;
      AddTranscript(obs, "event", eof ? "closed by peer" : "read failed: " + ec.message());
      obs.data["protocol_error"] =
          eof ? "the pool closed the connection mid-handshake" : ec.message();
      co_return Finish(obs, ProbeStatus::kFailed,
                       obs.target + (eof ? " closed the connection before the handshake completed"
                                         : " connection failed: " + ec.message()));
    }
    pending.append(chunk, n);
  }
}

// The host part of stratum+ssl://host:port ("[::1]" unbracketed).
std::string UrlHost(const std::string& url) {
  size_t b = url.find("://");
  if (b == std::string::npos) return {};
  b += 3;
  if (b < url.size() && url[b] == '[') {
    size_t e = url.find(']', b);
    return e == std::string::npos ? std::string() : url.substr(b + 1, e - b - 1);
  }
  size_t e = url.find_first_of(":/", b);
  return url.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

// Trust and host-name settings for one TLS connection. The error is a
// configuration problem (unreadable CA file), worded for the scenario author.
std::optional<std::string> ConfigureTls(ssl::context& tls_ctx, const StratumTarget& target) {
  boost::system::error_code ec;
  if (target.tls_ca_file.empty()) {
    tls_ctx.set_default_verify_paths(ec);
    if (ec) return "cannot load the system trust store: " + ec.message();
  } else {
    tls_ctx.load_verify_file(target.tls_ca_file, ec);
    if (ec) {
      return "cannot read tls_ca_file '" + target.tls_ca_file + "' (" + ec.message() +
             "); give a readable PEM file with the CA certificate(s) to trust";
    }
  }
  return std::nullopt;
}

// Why a TLS handshake failed, in words a lab engineer can act on.
std::string TlsFailure(const boost::system::error_code& ec, const std::string& where,
                       const std::string& url, std::string* reason) {
  *reason = ec.message();
  if (ec == asio::error::eof || ec == ssl::error::stream_truncated ||
      ec == asio::error::connection_reset) {
    *reason = "connection closed during the TLS handshake";
    return where + " closed the connection during the TLS handshake; is " + url +
           " really a TLS (stratum+ssl) port?";
  }
  if (ec.category() == asio::error::get_ssl_category() &&
      (ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_WRONG_VERSION_NUMBER ||
       ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_PACKET_LENGTH_TOO_LONG ||
       ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_HTTP_REQUEST)) {
    *reason = "the server did not answer in TLS (" + ec.message() + ")";
    return where + " did not answer the TLS handshake in TLS (" + ec.message() +
           "): it looks like a plain port; if the pool serves stratum without TLS there, "
           "declare it as stratum+tcp://";
  }
  return "TLS handshake with " + where + " failed: " + ec.message();
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

  boost::system::error_code ec;
  auto ip = asio::ip::make_address(target.address, ec);
  if (ec) {
    co_return Finish(
        obs, ProbeStatus::kError,
        "stratum target address '" + target.address + "' is not an IP literal; resolve it first");
  }

  // TLS is configured before any traffic: a bad CA file is the harness's
  // problem (kError), not the pool's.
  std::optional<ssl::context> tls_ctx;
  std::string server_name;
  if (target.tls) {
    server_name = !target.server_name.empty() ? target.server_name : UrlHost(target.url);
    if (server_name.empty()) server_name = target.address;
    obs.data["server_name"] = server_name;
    obs.data["tls_handshake"] =
        json{{"verify", target.verify_tls},
             {"ca_file", target.tls_ca_file.empty() ? json(nullptr) : json(target.tls_ca_file)},
             {"verified", false}};
    obs.data["tls_error"] = nullptr;
    tls_ctx.emplace(ssl::context::tls_client);
    if (auto why = ConfigureTls(*tls_ctx, target)) {
      obs.data["tls_error"] = *why;
      co_return Finish(obs, ProbeStatus::kError, target.url + ": " + *why);
    }
  }

  tcp::socket sock(ctx.executor);
  std::optional<ssl::stream<tcp::socket>> tls;
  if (tls_ctx) tls.emplace(ctx.executor, *tls_ctx);
  tcp::socket& raw = tls ? tls->next_layer() : sock;
  Watchdog dog(ctx, [&raw] {
    boost::system::error_code ignored;
    raw.close(ignored);
  });

  const Clock::time_point start = Clock::now();
  AddTranscript(obs, "event", "connecting to " + obs.target);
  co_await raw.async_connect(tcp::endpoint(ip, target.port),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    if (auto o = Interrupted(obs, dog, "while connecting to " + obs.target)) co_return *o;
    obs.data["connect_error"] = ec.message();
    AddTranscript(obs, "event", "connect failed: " + ec.message());
    co_return Finish(obs, ProbeStatus::kFailed,
                     "cannot connect to " + obs.target + ": " + ec.message());
  }
  obs.data["connected"] = true;
  obs.data["connect_ms"] = Ms(Clock::now() - start);
  AddTranscript(obs, "event", "connected");

  if (!tls) co_return co_await Converse(sock, sock, obs, target, dog, start);

  SSL* ssl_handle = tls->native_handle();
  boost::system::error_code ip_ec;
  asio::ip::make_address(server_name, ip_ec);
  const bool name_is_ip = !ip_ec;
  // SNI carries host names only (RFC 6066); an IP literal is checked against
  // the IP SANs instead.
  if (!name_is_ip) SSL_set_tlsext_host_name(ssl_handle, server_name.c_str());
  // The expected name is set even when verification is off, so the evidence
  // still says whether the certificate would have passed.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
  if (name_is_ip) {
    X509_VERIFY_PARAM_set1_ip_asc(param, server_name.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, server_name.c_str(), 0);
  }
  tls->set_verify_mode(target.verify_tls ? ssl::verify_peer : ssl::verify_none, ec);

  AddTranscript(obs, "event",
                "TLS handshake with " + server_name +
                    (target.verify_tls ? "" : " (certificate verification off: verify_tls false)"));
  const Clock::time_point tls_start = Clock::now();
  co_await tls->async_handshake(ssl::stream_base::client,
                                asio::redirect_error(asio::use_awaitable, ec));
  json facts = DescribeTlsSession(ssl_handle);
  json& th = obs.data["tls_handshake"];
  for (auto& [k, v] : facts.items()) th[k] = v;
  const std::string refused = VerifyFailure(ssl_handle);
  th["verified"] = !ec && refused.empty() && facts["certificate"].is_object();
  if (ec && (dog.timed_out() || dog.cancelled())) {
    obs.data["tls_error"] = dog.timed_out() ? "no TLS handshake before the deadline"
                                            : "cancelled during the TLS handshake";
    Observation o = *Interrupted(obs, dog, "during the TLS handshake with " + obs.target);
    if (o.status == ProbeStatus::kTimeout) {
      o.detail +=
          " (the server accepted TCP but did not complete TLS; a plain stratum+tcp port that "
          "waits for a JSON line looks like this)";
    }
    co_return o;
  }
  if (ec || (target.verify_tls && !refused.empty())) {
    if (target.verify_tls && !refused.empty()) {
      obs.data["tls_error"] = refused;
      AddTranscript(obs, "event", "certificate refused: " + refused);
      co_return Finish(obs, ProbeStatus::kFailed,
                       "the TLS certificate of " + obs.target + " (" + target.url +
                           ") was refused: " + refused +
                           "; nothing was sent. If the lab trusts this pool's own CA, give it as "
                           "tls_ca_file");
    }
    std::string reason;
    std::string detail = TlsFailure(ec, obs.target, target.url, &reason);
    obs.data["tls_error"] = reason;
    AddTranscript(obs, "event", "TLS handshake failed: " + ec.message());
    co_return Finish(obs, ProbeStatus::kFailed, detail);
  }
  th["handshake_ms"] = Ms(Clock::now() - tls_start);
  AddTranscript(obs, "event",
                "TLS established: " + facts.value("version", std::string("?")) + " " +
                    facts.value("cipher", std::string("?")) + ", certificate " +
                    (facts["certificate"].is_object()
                         ? facts["certificate"].value("subject", std::string("?"))
                         : std::string("none")) +
                    ", verification: " +
                    (refused.empty() ? std::string("ok")
                                     : refused + (target.verify_tls ? "" : " (not enforced)")));
  co_return co_await Converse(*tls, raw, obs, target, dog, start);
}

}  // namespace pooltest
