#include "probes/location/subscribe_round_trip.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdio>

#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/evidence_bounds.h"
#include "probes/common/watchdog.h"
#include "probes/stratum/stratum_line_limits.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = SubscribeRoundTrip::Clock;

// Received lines kept verbatim in the transcript per sample, and their cut:
// a hostile server may send 32 lines of 64 KiB for every sample.
constexpr int kTranscriptLines = 4;
constexpr size_t kTranscriptLineBytes = 512;

constexpr char kClientName[] = "pooltest-rtt/2";

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string Cut(const std::string& line) { return TruncateText(line, kTranscriptLineBytes); }

// The answer to request `id`: an object echoing the id with a result or an
// error member.
bool Answers(const nlohmann::json& msg, int64_t id) {
  if (!msg.is_object()) return false;
  auto it = msg.find("id");
  if (it == msg.end() || !it->is_number_integer() || it->get<int64_t>() != id) return false;
  return msg.contains("result") || msg.contains("error");
}

std::string Fixed(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", ms);
  return buf;
}

}  // namespace

std::optional<double> KernelRttMs(int fd) {
#ifdef TCP_INFO
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 || len < sizeof info) {
    return std::nullopt;
  }
  return info.tcpi_rtt / 1000.0;  // microseconds
#else
  (void)fd;
  return std::nullopt;
#endif
}

nlohmann::json SubscribeRoundTrip::ToJson() const {
  auto opt = [](const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  // Member by member: an initializer list copies each value once more, and
  // this runs for every sample of every endpoint.
  nlohmann::json j(nlohmann::json::value_t::object);
  auto& m = j.get_ref<nlohmann::json::object_t&>();
  m.emplace("n", n);
  m.emplace("method", method);
  m.emplace("connection", shared_connection ? "shared" : "fresh");
  m.emplace("id", id);
  m.emplace("wait_ms", wait_ms);
  m.emplace("connect_ms", opt(connect_ms));
  m.emplace("sent_ms", opt(sent_ms));
  m.emplace("received_ms", opt(received_ms));
  m.emplace("rtt_ms", opt(rtt_ms));
  m.emplace("kernel_rtt_ms", opt(kernel_rtt_ms));
  m.emplace("lines", lines);
  m.emplace("answered", answered());
  if (answered()) m.emplace("answer", answer);
  if (!unanswered.empty()) m.emplace("unanswered", unanswered);
  return j;
}

bool TakeRoundTripLine(SubscribeRoundTrip& r, std::string got, Clock::time_point got_at,
                       Clock::time_point sent, Clock::time_point probe_start, Observation& obs) {
  if (!got.empty() && got.back() == '\r') got.pop_back();
  ++r.lines;
  Result<nlohmann::json> parsed = ParseBoundedJson(got, kStratumLineJson);
  const nlohmann::json msg = parsed ? std::move(parsed).value() : nlohmann::json();
  const bool answers = Answers(msg, r.id);
  if (answers || r.lines <= kTranscriptLines) AddTranscript(obs, "received", Cut(got));
  if (!answers) return false;
  r.received_ms = Ms(got_at - probe_start);
  r.rtt_ms = Ms(got_at - sent);
  const auto err = msg.find("error");
  r.answer = err != msg.end() && !err->is_null() ? "error" : "result";
  return true;
}

void GiveUpRoundTrip(SubscribeRoundTrip& r, bool cancelled, bool timed_out, const std::string& what,
                     const boost::system::error_code& ec, Observation& obs) {
  r.cancelled = cancelled;
  if (cancelled) {
    r.unanswered = "the run was cancelled " + what;
  } else if (timed_out) {
    r.unanswered =
        "no " + std::string(r.sent_ms ? "answer to id " + std::to_string(r.id) : "TCP connection") +
        " within the " + Fixed(r.wait_ms) + " ms this sample was given";
  } else if (ec == asio::error::eof) {
    r.unanswered = "the server closed the connection " + what;
  } else if (ec == asio::error::not_found) {
    r.unanswered =
        "a line longer than " + std::to_string(kMaxRoundTripLineBytes) + " bytes arrived " + what;
  } else {
    r.unanswered = ec.message() + " " + what;
  }
  AddTranscript(obs, "event", "sample " + std::to_string(r.n) + ": " + r.unanswered);
}

asio::awaitable<SubscribeRoundTrip> TimeOneSubscribe(const ProbeContext& ctx,
                                                     tcp::endpoint endpoint,
                                                     Clock::time_point until, int n, int64_t id,
                                                     Clock::time_point probe_start,
                                                     Observation& obs) {
  SubscribeRoundTrip r;
  r.n = n;
  r.id = id;
  const Clock::time_point t0 = Clock::now();
  r.wait_ms = Ms(until - t0);
  const std::string label = "sample " + std::to_string(n) + ": ";

  tcp::socket sock(ctx.executor);
  ProbeContext sample_ctx = ctx;
  sample_ctx.deadline = until;
  Watchdog dog(sample_ctx, [&sock] {
    boost::system::error_code ignored;
    sock.close(ignored);
  });
  auto give_up = [&](const std::string& what, const boost::system::error_code& ec) {
    GiveUpRoundTrip(r, dog.cancelled(), dog.timed_out(), what, ec, obs);
  };

  boost::system::error_code ec;
  co_await sock.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
  if (ec || dog.timed_out() || dog.cancelled()) {
    give_up("while connecting", ec);
    co_return r;
  }
  r.connect_ms = Ms(Clock::now() - t0);
  AddTranscript(obs, "event", label + "connected in " + std::to_string(*r.connect_ms) + " ms");

  const nlohmann::json req = {
      {"id", id}, {"method", "mining.subscribe"}, {"params", nlohmann::json::array({kClientName})}};
  const std::string line = req.dump() + "\n";
  AddTranscript(obs, "sent", req.dump());
  const Clock::time_point sent = Clock::now();
  r.sent_ms = Ms(sent - probe_start);
  co_await asio::async_write(sock, asio::buffer(line),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec || dog.timed_out() || dog.cancelled()) {
    give_up("while sending the request", ec);
    co_return r;
  }

  asio::streambuf buf(kMaxRoundTripLineBytes);
  while (r.lines < kMaxLinesPerRoundTrip) {
    co_await asio::async_read_until(sock, buf, '\n', asio::redirect_error(asio::use_awaitable, ec));
    if (ec || dog.timed_out() || dog.cancelled()) {
      give_up("before answering id " + std::to_string(id) + " (" + std::to_string(r.lines) +
                  " other lines received)",
              ec);
      co_return r;
    }
    const Clock::time_point got_at = Clock::now();
    std::string got(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
    got.resize(got.find('\n'));
    buf.consume(got.size() + 1);
    if (!TakeRoundTripLine(r, std::move(got), got_at, sent, probe_start, obs)) continue;
    r.kernel_rtt_ms = KernelRttMs(sock.native_handle());
    boost::system::error_code ignored;
    sock.close(ignored);
    co_return r;
  }
  r.unanswered = std::to_string(kMaxLinesPerRoundTrip) + " lines received, none answering id " +
                 std::to_string(id);
  AddTranscript(obs, "event", label + r.unanswered);
  co_return r;
}

}  // namespace pooltest
