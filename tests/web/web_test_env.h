// Test scaffolding for the web side: a reference-pool WebServer on an
// ephemeral loopback port with its own io thread, and a way to run one probe
// coroutine to completion with a bounded wait.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "probes/common/probe_context.h"
#include "refpool/web_server.h"
#include "tests/test_targets.h"

namespace pooltest {

class TestWebServer {
 public:
  explicit TestWebServer(UiBehaviour ui, SupportBehaviour support = {}, WebServer::Clock clock = {},
                         const std::string& address = "127.0.0.1");
  ~TestWebServer();

  bool ok() const { return port_ != 0; }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }
  std::string url(const std::string& path) const;

 private:
  boost::asio::io_context io_;
  WebServer server_;
  std::string address_;
  uint16_t port_ = 0;
  std::string error_;
  std::thread thread_;
};

// Runs probe(ctx) on a fresh io_context with a one-thread blocking pool;
// returns nullopt if it did not finish within `hang_guard`.
template <typename T>
std::optional<T> RunProbe(std::function<boost::asio::awaitable<T>(ProbeContext)> probe,
                          std::chrono::milliseconds deadline = std::chrono::seconds(20),
                          std::shared_ptr<CancelHub> hub = nullptr,
                          std::chrono::milliseconds hang_guard = std::chrono::seconds(60)) {
  boost::asio::io_context io;
  boost::asio::thread_pool pool(1);
  ProbeContext ctx;
  ctx.executor = io.get_executor();
  ctx.deadline = std::chrono::steady_clock::now() + deadline;
  ctx.vantage = "test";
  ctx.cancel = hub ? hub : std::make_shared<CancelHub>();
  ctx.blocking = pool.get_executor();
  ctx.targets = TestTargets();  // a test narrows or widens it inside `probe`
  std::optional<T> result;
  boost::asio::co_spawn(io, probe(ctx), [&](std::exception_ptr e, T value) {
    if (!e) result = std::move(value);
  });
  io.run_for(hang_guard);
  pool.join();
  return result;
}

}  // namespace pooltest
