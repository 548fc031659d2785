#include "probes/location/submit_round_trip.h"

#include <string_view>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "probes/common/watchdog.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using Clock = SubscribeRoundTrip::Clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

asio::awaitable<SubscribeRoundTrip> TimeOneSubmit(const ProbeContext& ctx,
                                                  asio::ip::tcp::socket& sock,
                                                  StratumLineReader& reader, nlohmann::json request,
                                                  Clock::time_point until, int n,
                                                  Clock::time_point probe_start, Observation& obs) {
  SubscribeRoundTrip r;
  r.n = n;
  r.id = request.value("id", int64_t{0});
  r.method = "mining.submit";
  r.shared_connection = true;
  r.wait_ms = Ms(until - Clock::now());

  ProbeContext sample_ctx = ctx;
  sample_ctx.deadline = until;
  Watchdog dog(sample_ctx, [&sock] {
    boost::system::error_code ignored;
    sock.close(ignored);
  });
  boost::system::error_code ec;
  auto give_up = [&](const std::string& what) {
    GiveUpRoundTrip(r, dog.cancelled(), dog.timed_out(), what, ec, obs);
    boost::system::error_code ignored;
    sock.close(ignored);
  };

  const std::string line = request.dump() + "\n";
  AddTranscript(obs, "sent", request.dump());
  const Clock::time_point sent = Clock::now();
  r.sent_ms = Ms(sent - probe_start);
  co_await asio::async_write(sock, asio::buffer(line),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec || dog.timed_out() || dog.cancelled()) {
    give_up("while sending the request");
    co_return r;
  }
  char chunk[4096];
  while (r.lines < kMaxLinesPerRoundTrip) {
    if (std::optional<std::string> got = reader.Next()) {
      if (TakeRoundTripLine(r, std::move(*got), Clock::now(), sent, probe_start, obs)) {
        r.kernel_rtt_ms = KernelRttMs(sock.native_handle());
        co_return r;
      }
      continue;
    }
    if (reader.CheckRest() != StratumLineReader::Rest::kFine) {
      ec = asio::error::not_found;  // reported as an over-long line
      give_up("before answering id " + std::to_string(r.id));
      co_return r;
    }
    const size_t got = co_await sock.async_read_some(asio::buffer(chunk),
                                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec || dog.timed_out() || dog.cancelled()) {
      give_up("before answering id " + std::to_string(r.id) + " (" + std::to_string(r.lines) +
              " other lines received)");
      co_return r;
    }
    reader.Append(std::string_view(chunk, got));
  }
  r.unanswered = std::to_string(kMaxLinesPerRoundTrip) + " lines received, none answering id " +
                 std::to_string(r.id);
  AddTranscript(obs, "event", "sample " + std::to_string(n) + ": " + r.unanswered);
  sock.close(ec);
  co_return r;
}

}  // namespace pooltest
