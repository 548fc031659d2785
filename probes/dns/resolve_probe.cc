#include "probes/dns/resolve_probe.h"

#include <set>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "probes/common/watchdog.h"

namespace pooltest {

boost::asio::awaitable<Observation> ProbeResolve(ProbeContext ctx, std::string host) {
  namespace asio = boost::asio;
  Observation o;
  o.probe = "dns.resolve";
  o.target = host;
  o.vantage = ctx.vantage;
  o.started = std::chrono::system_clock::now();
  auto t0 = std::chrono::steady_clock::now();
  asio::ip::tcp::resolver resolver(ctx.executor);
  Watchdog watchdog(ctx, [&resolver] { resolver.cancel(); });
  AddTranscript(o, "sent", "resolve " + host + " (A and AAAA, system resolver)");
  boost::system::error_code ec;
  std::set<std::string> addresses;
  try {
    auto results = co_await resolver.async_resolve(host, "", asio::use_awaitable);
    for (const auto& r : results) addresses.insert(r.endpoint().address().to_string());
  } catch (const boost::system::system_error& e) {
    ec = e.code();
  }
  o.finished = std::chrono::system_clock::now();
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  o.data = {{"host", host},
            {"addresses", std::vector<std::string>(addresses.begin(), addresses.end())},
            {"elapsed_ms", ms},
            {"error", nullptr}};
  if (watchdog.timed_out() || watchdog.cancelled()) {
    o.status = watchdog.timed_out() ? ProbeStatus::kTimeout : ProbeStatus::kCancelled;
    o.detail = "resolution of " + host + " did not finish";
    o.data["error"] = o.detail;
  } else if (ec) {
    o.status = ProbeStatus::kFailed;
    o.detail = "cannot resolve " + host + ": " + ec.message();
    o.data["error"] = ec.message();
  } else {
    o.status = ProbeStatus::kOk;
    o.detail = host + " has " + std::to_string(addresses.size()) + " address(es)";
  }
  AddTranscript(o, "received", o.data["addresses"].dump());
  co_return o;
}

}  // namespace pooltest
