// Runs CPU-heavy work on what a pool sent (HTML parsing, text extraction,
// language identification) on ProbeContext::cpu, off the io thread, so the
// run's timers and every other probe keep going while it runs. The awaiting
// probe resumes on its own executor when the work is done, or at its
// deadline or the run's cancellation, whichever comes first; work cut off
// that way finishes in the background and its result is dropped, and work
// not yet started by then is never started (no one waits for it, and a
// backlog of it would hold the cpu threads, and the harness's exit, long
// past the run's deadline). The work therefore owns everything it uses
// (capture by value, never a reference to the probe's locals). Without a cpu
// executor the work runs inline.
//
// The result says how long the work waited for a thread and how long it ran,
// for the evidence: queue wait is the harness's, never the pool's.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "probes/common/probe_context.h"

namespace pooltest {

enum class OffloadEnd { kDone, kDeadline, kCancelled };

template <typename T>
struct Offloaded {
  OffloadEnd end = OffloadEnd::kDone;
  std::optional<T> value;  // set when end is kDone
  double queued_ms = 0;    // from the request to a thread taking it up
  double work_ms = 0;      // running (up to the probe's resumption if cut off)
};

template <typename T>
boost::asio::awaitable<Offloaded<T>> Offload(ProbeContext ctx, std::function<T()> work) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  const Clock::time_point asked = Clock::now();
  Offloaded<T> out;
  if (!ctx.cpu) {
    out.value = work();
    out.work_ms = ms(Clock::now() - asked);
    co_return out;
  }
  // Shared with the work, which may outlive this coroutine. The timer is
  // only touched on the probe's executor.
  struct State {
    explicit State(const boost::asio::any_io_executor& ex) : wake(ex) {}
    std::mutex mu;
    std::optional<T> value;
    std::optional<Clock::time_point> started, finished;
    bool cancelled = false;
    bool abandoned = false;  // the probe stopped waiting (under mu)
    boost::asio::steady_timer wake;
  };
  auto state = std::make_shared<State>(ctx.executor);
  state->wake.expires_at(ctx.deadline);
  boost::asio::any_io_executor home = ctx.executor;
  boost::asio::post(ctx.cpu, [state, home, deadline = ctx.deadline, work = std::move(work)] {
    {
      std::lock_guard lock(state->mu);
      if (state->abandoned || Clock::now() >= deadline) return;  // nobody waits for it now
      state->started = Clock::now();
    }
    std::optional<T> value(work());
    {
      std::lock_guard lock(state->mu);
      state->value = std::move(value);
      state->finished = Clock::now();
    }
    boost::asio::post(home, [state] { state->wake.cancel(); });
  });
  std::weak_ptr<State> weak = state;
  CancelRegistration registration(*ctx.cancel, [weak, home] {
    boost::asio::post(home, [weak] {
      if (auto s = weak.lock()) {
        s->cancelled = true;
        s->wake.cancel();
      }
    });
  });
  boost::system::error_code ec;
  co_await state->wake.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  const Clock::time_point now = Clock::now();
  std::lock_guard lock(state->mu);
  const Clock::time_point started = state->started.value_or(now);
  out.queued_ms = ms(started - asked);
  out.work_ms = ms(state->finished.value_or(now) - started);
  if (state->finished) {
    out.value = std::move(state->value);
  } else {
    out.end = state->cancelled ? OffloadEnd::kCancelled : OffloadEnd::kDeadline;
    state->abandoned = true;
  }
  co_return out;
}

}  // namespace pooltest
