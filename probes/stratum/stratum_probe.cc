#include "probes/stratum/stratum_probe.h"

#include <chrono>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include <openssl/ssl.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "core/evidence_bounds.h"
#include "probes/common/admitted_endpoint.h"
#include "probes/common/watchdog.h"
#include "probes/stratum/stratum_handshake.h"
#include "probes/stratum/stratum_lines.h"
#include "probes/stratum/stratum_tls_setup.h"
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
double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// One line in the transcript: up to 1000 lines are kept, so each is cut to
// keep the handshake's evidence within a few megabytes.
constexpr size_t kMaxRecordedLine = 4096;

// Received bytes may be any binary; the evidence is JSON, which must be
// valid UTF-8, so invalid sequences become U+FFFD.
void Record(Observation& obs, const char* direction, std::string_view text) {
  AddTranscript(obs, direction, TruncateText(text, kMaxRecordedLine));
}

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

// Ends the probe: `obs` is handed over (moved out), never used again.
Observation Finish(Observation& obs, ProbeStatus status, std::string detail) {
  obs.status = status;
  obs.detail = std::move(detail);
  obs.finished = std::chrono::system_clock::now();
  return std::move(obs);
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
                                      Clock::time_point start, SharedStratumConnection* shared) {
  boost::system::error_code ec;
  StratumHandshake hs(obs, target, start, shared ? shared->first_id : 1);
  std::vector<json> to_send{hs.Subscribe()};
  StratumLineReader reader(kMaxLineBytes);
  char chunk[4096];
  int lines = 0;
  const Clock::time_point subscribe_sent = Clock::now();
  Clock::time_point read_at = subscribe_sent;
  bool subscribe_reported = false;
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
    StratumHandshake::Step step = StratumHandshake::Step::kContinue;
    while (step == StratumHandshake::Step::kContinue) {
      std::optional<std::string> line = reader.Next();
      if (!line) break;
      Record(obs, "received", *line);
      if (++lines > kMaxLines) {
        obs.data["protocol_error"] =
            "more than " + std::to_string(kMaxLines) + " lines without completing the handshake";
        co_return Finish(obs, ProbeStatus::kFailed,
                         obs.target + " sent more than " + std::to_string(kMaxLines) +
                             " lines without completing the handshake");
      }
      step = hs.OnLine(*line, &to_send);
      if (shared && hs.subscribe_answered() && !subscribe_reported) {
        subscribe_reported = true;
        if (shared->subscribe_answered) {
          shared->subscribe_answered(subscribe_sent, read_at, obs.data["subscribed"] == false,
                                     raw.native_handle());
        }
      }
    }
    if (step == StratumHandshake::Step::kNonsense) {
      co_return Finish(obs, ProbeStatus::kFailed,
                       obs.target + " does not speak Stratum V1: " + hs.why());
    }
    if (step == StratumHandshake::Step::kDone) {
      if constexpr (std::is_same_v<Stream, tcp::socket>) {
        if (shared && shared->more && hs.submit_answered()) {
          AddTranscript(obs, "event", "kept open for the round trips of latency.stratum");
          Observation taken = obs;  // not moved: `hs` still writes to obs while `more` runs
          Observation done = Finish(taken, ProbeStatus::kOk, hs.summary());
          if (shared->finished) shared->finished(done);
          co_await shared->more(stream, reader, hs);
          raw.close(ec);
          co_return done;
        }
      }
      // Answers owed to the pool are not worth waiting for now.
      raw.close(ec);
      AddTranscript(obs, "event", "closed by probe");
      co_return Finish(obs, ProbeStatus::kOk, hs.summary());
    }
    if (!to_send.empty()) continue;

    // A partial line that cannot become JSON fails now, not at the deadline.
    switch (reader.CheckRest()) {
      case StratumLineReader::Rest::kNotJson: {
        Record(obs, "received", reader.rest());
        std::string why = "received bytes that are not JSON: " + StratumExcerpt(reader.rest());
        obs.data["protocol_error"] = why;
        co_return Finish(obs, ProbeStatus::kFailed,
                         obs.target + " does not speak Stratum V1: " + why);
      }
      case StratumLineReader::Rest::kTooLong:
        obs.data["protocol_error"] = "line longer than 64 KiB";
        co_return Finish(obs, ProbeStatus::kFailed,
                         obs.target + " sent a line longer than 64 KiB; stopped reading");
      case StratumLineReader::Rest::kFine:
        break;
    }

    size_t n = co_await stream.async_read_some(asio::buffer(chunk),
                                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!reader.rest().empty()) Record(obs, "received", reader.rest());
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
    read_at = Clock::now();
    reader.Append(std::string_view(chunk, n));
  }
}

Observation StartObservation(const ProbeContext& ctx, const StratumTarget& target) {
  Observation obs;
  obs.probe = "stratum.handshake";
  obs.target = target.address + ":" + std::to_string(target.port);
  obs.site = target.site;
  obs.channel = target.channel;
  obs.vantage = ctx.vantage;
  obs.started = std::chrono::system_clock::now();
  obs.data = StratumInitialData(target);
  return obs;
}

}  // namespace

asio::awaitable<Observation> ProbeStratumHandshake(ProbeContext ctx, StratumTarget target) {
  co_return co_await ProbeStratumHandshake(std::move(ctx), std::move(target), nullptr);
}

asio::awaitable<Observation> ProbeStratumHandshake(ProbeContext ctx, StratumTarget target,
                                                   SharedStratumConnection* shared) {
  Observation obs = StartObservation(ctx, target);

  boost::system::error_code ec;
  const AdmittedEndpoint admitted = AdmitEndpoint(ctx, target.address, target.port);
  if (!admitted.admitted) {
    obs.data["refused"] = admitted.refusal.reason;
    co_return Finish(obs,
                     admitted.refusal.harness_fault ? ProbeStatus::kError : ProbeStatus::kFailed,
                     "not connected: " + admitted.refusal.reason);
  }

  // TLS is configured before any traffic: a bad CA file is the harness's
  // problem (kError), not the pool's.
  std::optional<ssl::context> tls_ctx;
  std::string server_name;
  if (target.tls) {
    server_name = TlsServerName(target);
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
  co_await raw.async_connect(admitted.endpoint, asio::redirect_error(asio::use_awaitable, ec));
  if (shared && shared->connected) shared->connected(ec, Ms(Clock::now() - start), dog);
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

  if (!tls) co_return co_await Converse(sock, sock, obs, target, dog, start, shared);

  SSL* ssl_handle = tls->native_handle();
  ExpectServerName(ssl_handle, server_name);
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
  co_return co_await Converse(*tls, raw, obs, target, dog, start, shared);
}

}  // namespace pooltest
