// (Work is passed as a named std::function: GCC 12 destroys a temporary in a
// co_await expression twice.)
// CPU-heavy work off the io thread (probes/common/offload.h): done, cut off
// at the probe's deadline while the io thread stays free, charged to the
// harness when it never got a thread, cancelled with the run.
#include "probes/common/offload.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

namespace pooltest {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Busy for `ms` on the calling thread (a parser stuck on a costly page).
int Spin(int ms) {
  const auto until = Clock::now() + milliseconds(ms);
  volatile int n = 0;
  while (Clock::now() < until) n = n + 1;
  return 42;
}

struct Fixture {
  asio::io_context io;
  asio::thread_pool cpu{1};
  ProbeContext Context(milliseconds budget) {
    ProbeContext ctx;
    ctx.executor = io.get_executor();
    ctx.deadline = Clock::now() + budget;
    ctx.cancel = std::make_shared<CancelHub>();
    ctx.cpu = cpu.get_executor();
    return ctx;
  }
};

TEST(Offload, ReturnsTheResultOfWorkThatFinishes) {
  Fixture f;
  Offloaded<int> got;
  asio::co_spawn(
      f.io,
      [&]() -> asio::awaitable<void> {
        std::function<int()> work = [] { return Spin(50); };
        got = co_await Offload<int>(f.Context(milliseconds(5000)), std::move(work));
      },
      asio::detached);
  f.io.run();
  EXPECT_EQ(got.end, OffloadEnd::kDone);
  ASSERT_TRUE(got.value);
  EXPECT_EQ(*got.value, 42);
  EXPECT_GE(got.work_ms, 40);
}

TEST(Offload, TheDeadlineHoldsWhileTheWorkRunsOnAndTheIoThreadStaysFree) {
  Fixture f;
  Offloaded<int> got;
  Clock::duration waited{};
  int ticks = 0;
  asio::steady_timer tick(f.io);
  std::function<void()> again = [&] {
    tick.expires_after(milliseconds(20));
    tick.async_wait([&](boost::system::error_code ec) {
      if (!ec && ++ticks < 100) again();
    });
  };
  again();
  asio::co_spawn(
      f.io,
      [&]() -> asio::awaitable<void> {
        const auto start = Clock::now();
        std::function<int()> work = [] { return Spin(1500); };
        got = co_await Offload<int>(f.Context(milliseconds(300)), std::move(work));
        waited = Clock::now() - start;
        tick.cancel();
      },
      asio::detached);
  f.io.run();
  EXPECT_EQ(got.end, OffloadEnd::kDeadline);
  EXPECT_FALSE(got.value);
  EXPECT_GT(got.work_ms, 0);  // it ran: the page, not the harness, was slow
  EXPECT_LT(waited, milliseconds(800));
  EXPECT_GE(ticks, 10);  // other work on the io thread went on meanwhile
}

TEST(Offload, WorkThatNeverGotAThreadIsTheHarnesss) {
  Fixture f;  // one cpu thread, taken by the first job
  Offloaded<int> first, second;
  asio::co_spawn(
      f.io,
      [&]() -> asio::awaitable<void> {
        std::function<int()> work = [] { return Spin(1500); };
        first = co_await Offload<int>(f.Context(milliseconds(200)), std::move(work));
      },
      asio::detached);
  asio::co_spawn(
      f.io,
      [&]() -> asio::awaitable<void> {
        std::function<int()> work = [] { return 1; };
        second = co_await Offload<int>(f.Context(milliseconds(300)), std::move(work));
      },
      asio::detached);
  f.io.run();
  EXPECT_EQ(first.end, OffloadEnd::kDeadline);
  EXPECT_EQ(second.end, OffloadEnd::kDeadline);
  EXPECT_EQ(second.work_ms, 0);  // never started
  EXPECT_GE(second.queued_ms, 250);
}

TEST(Offload, WorkNoOneWaitsForAnyMoreIsNeverStarted) {
  Fixture f;  // one cpu thread, taken by the first job for 600 ms
  std::atomic<int> started{0};
  Offloaded<int> first;
  std::vector<Offloaded<int>> late(20);
  asio::co_spawn(
      f.io,
      [&]() -> asio::awaitable<void> {
        std::function<int()> work = [] { return Spin(600); };
        first = co_await Offload<int>(f.Context(milliseconds(5000)), std::move(work));
      },
      asio::detached);
  for (Offloaded<int>& got : late) {
    asio::co_spawn(
        f.io,
        [&]() -> asio::awaitable<void> {
          std::function<int()> work = [&started] {
            ++started;
            return Spin(300);
          };
          got = co_await Offload<int>(f.Context(milliseconds(100)), std::move(work));
        },
        asio::detached);
  }
  const auto start = Clock::now();
  f.io.run();
  f.cpu.join();  // what was queued has run, or been skipped, by now
  EXPECT_EQ(first.end, OffloadEnd::kDone);
  for (const Offloaded<int>& got : late) EXPECT_EQ(got.end, OffloadEnd::kDeadline);
  // Twenty jobs of 300 ms queued behind it would keep the thread 6 s more.
  EXPECT_EQ(started.load(), 0);
  EXPECT_LT(Clock::now() - start, milliseconds(3000));
}

TEST(Offload, CancellingTheRunEndsTheWaitAtOnce) {
  Fixture f;
  ProbeContext ctx = f.Context(milliseconds(10000));
  Offloaded<int> got;
  Clock::duration waited{};
  asio::co_spawn(
      f.io,
      [&]() -> asio::awaitable<void> {
        const auto start = Clock::now();
        std::function<int()> work = [] { return Spin(2000); };
        got = co_await Offload<int>(ctx, std::move(work));
        waited = Clock::now() - start;
      },
      asio::detached);
  std::thread canceller([hub = ctx.cancel] {
    std::this_thread::sleep_for(milliseconds(200));
    hub->Cancel();  // from another thread, as a signal handler's would
  });
  f.io.run();
  canceller.join();
  EXPECT_EQ(got.end, OffloadEnd::kCancelled);
  EXPECT_LT(waited, milliseconds(1000));
}

}  // namespace
}  // namespace pooltest
