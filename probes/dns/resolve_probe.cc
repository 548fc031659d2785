#include "probes/dns/resolve_probe.h"

#include <atomic>
#include <memory>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "probes/common/cancel_hub.h"
#include "probes/dns/ares_resolve.h"

namespace pooltest {

namespace {

// Runs the resolution on the blocking executor and completes on the awaiting
// coroutine's executor, keeping that executor's context alive meanwhile.
struct InitiateResolve {
  template <typename Handler>
  void operator()(Handler handler, boost::asio::any_io_executor blocking, std::string host,
                  DnsSettings dns, std::chrono::steady_clock::time_point deadline,
                  std::shared_ptr<std::atomic<bool>> cancelled) const {
    auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                    boost::asio::execution::outstanding_work.tracked);
    boost::asio::post(blocking, [handler = std::move(handler), home, host = std::move(host),
                                 dns = std::move(dns), deadline, cancelled]() mutable {
      Observation o = ResolveWithAres(host, dns, deadline, *cancelled);
      boost::asio::post(home, [handler = std::move(handler), o = std::move(o)]() mutable {
        std::move(handler)(std::move(o));
      });
    });
  }
};

}  // namespace

boost::asio::awaitable<Observation> ProbeResolve(ProbeContext ctx, std::string host,
                                                 DnsSettings dns) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  // The hub may fire from any thread; the resolver's poll loop reads the flag.
  CancelRegistration registration(*ctx.cancel, [cancelled] { cancelled->store(true); });
  Observation o;
  if (!ctx.blocking) {
    // No pool for blocking work was given: still correct, but this holds the
    // caller's thread for the resolution.
    o = ResolveWithAres(host, dns, ctx.deadline, *cancelled);
  } else {
    o = co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                             void(Observation)>(
        InitiateResolve{}, boost::asio::use_awaitable, ctx.blocking, std::move(host),
        std::move(dns), ctx.deadline, cancelled);
  }
  o.vantage = ctx.vantage;
  co_return o;
}

}  // namespace pooltest
