#include "bench/sweep_baselines.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace pooltest::bench {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr char kBlackboxBinary[] = "/usr/bin/prometheus-blackbox-exporter";

// Runs `one(i)` for i in [0, n) on `concurrency` coroutines of one thread;
// counts the calls that returned true. An exception (refused, reset) is a
// failed endpoint.
template <typename One>
int Sweep(int n, int concurrency, One one) {
  asio::io_context io;
  int next = 0, ok = 0;
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < n) {
      int i = next++;
      try {
        ok += co_await one(io, i);
      } catch (const std::exception&) {
      }
    }
  };
  for (int w = 0; w < concurrency && w < n; ++w) asio::co_spawn(io, worker(), asio::detached);
  io.run();
  return ok;
}

// Reads lines until `first` and `second` (when set) have both been seen;
// false on EOF or after 64 lines.
asio::awaitable<bool> ReadUntilSeen(tcp::socket& s, asio::streambuf& buf, const char* first,
                                    const char* second = nullptr) {
  bool seen_first = false, seen_second = second == nullptr;
  for (int lines = 0; lines < 64; ++lines) {
    size_t n = co_await asio::async_read_until(s, buf, '\n', asio::use_awaitable);
    std::string line(asio::buffers_begin(buf.data()), asio::buffers_begin(buf.data()) + n);
    buf.consume(n);
    seen_first = seen_first || line.find(first) != std::string::npos;
    seen_second = seen_second || line.find(second) != std::string::npos;
    if (seen_first && seen_second) co_return true;
  }
  co_return false;
}

tcp::endpoint Endpoint(const std::string& address, uint16_t port) {
  return {asio::ip::make_address(address), port};
}

}  // namespace

std::string SweepAddress(int i) {
  return "127.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
}

int BareSweep(int n, uint16_t port, int concurrency) {
  return Sweep(n, concurrency, [port](asio::io_context& io, int i) -> asio::awaitable<bool> {
    tcp::socket s(io);
    co_await s.async_connect(Endpoint(SweepAddress(i), port), asio::use_awaitable);
    asio::streambuf buf;
    static const std::string subscribe =
        R"({"id":1,"method":"mining.subscribe","params":["bare/1"]})"
        "\n";
    static const std::string authorize =
        R"({"id":2,"method":"mining.authorize","params":["bench.worker","x"]})"
        "\n";
    co_await asio::async_write(s, asio::buffer(subscribe), asio::use_awaitable);
    if (!co_await ReadUntilSeen(s, buf, R"("id":1)")) co_return false;
    co_await asio::async_write(s, asio::buffer(authorize), asio::use_awaitable);
    // Work (mining.notify) and the authorize result, in either order.
    co_return co_await ReadUntilSeen(s, buf, "mining.notify", R"("id":2,"result":true)");
  });
}

Blackbox StartBlackbox(const std::string& dir) {
  Blackbox b;
  if (::access(kBlackboxBinary, X_OK) != 0) {
    b.error = std::string(kBlackboxBinary) + " is not installed (ci/install-deps.sh)";
    return b;
  }
  const std::string config = dir + "/blackbox.yml";
  std::ofstream(config) << R"(modules:
  stratum:
    prober: tcp
    timeout: 5s
    tcp:
      preferred_ip_protocol: ip4
      query_response:
        - send: '{"id":1,"method":"mining.subscribe","params":["blackbox/1"]}'
        - expect: '"id":1'
        - send: '{"id":2,"method":"mining.authorize","params":["bench.worker","x"]}'
        - expect: 'mining.notify'
        - expect: '"id":2,"result":true'
)";
  // A free loopback port: taken by another process in between only by bad
  // luck, and then the readiness wait below fails with a clear message.
  {
    asio::io_context io;
    tcp::acceptor a(io, Endpoint("127.0.0.1", 0));
    b.port = a.local_endpoint().port();
  }
  const std::string listen = "--web.listen-address=127.0.0.1:" + std::to_string(b.port);
  const std::string config_flag = "--config.file=" + config;
  const std::string log = dir + "/blackbox.log";
  pid_t pid = ::fork();
  if (pid == 0) {
    std::FILE* f = std::fopen(log.c_str(), "w");
    if (f != nullptr) {
      ::dup2(::fileno(f), STDOUT_FILENO);
      ::dup2(::fileno(f), STDERR_FILENO);
    }
    ::execl(kBlackboxBinary, kBlackboxBinary, config_flag.c_str(), listen.c_str(),
            "--log.level=warn", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid < 0) {
    b.error = "cannot fork";
    return b;
  }
  b.pid = pid;
  for (int i = 0; i < 100; ++i) {  // 5 s
    asio::io_context io;
    tcp::socket s(io);
    boost::system::error_code ec;
    s.connect(Endpoint("127.0.0.1", b.port), ec);
    if (!ec) return b;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  StopBlackbox(b);
  b.error = "blackbox exporter did not listen on 127.0.0.1:" + std::to_string(b.port) +
            " within 5 s (see " + log + ")";
  return b;
}

void StopBlackbox(Blackbox& b) {
  if (b.pid <= 0) return;
  ::kill(b.pid, SIGTERM);
  ::waitpid(b.pid, nullptr, 0);
  b.pid = -1;
}

int BlackboxSweep(const Blackbox& b, int n, uint16_t pool_port, int concurrency) {
  const uint16_t port = b.port;
  return Sweep(n, concurrency, [=](asio::io_context& io, int i) -> asio::awaitable<bool> {
    tcp::socket s(io);
    co_await s.async_connect(Endpoint("127.0.0.1", port), asio::use_awaitable);
    const std::string request = "GET /probe?module=stratum&target=" + SweepAddress(i) + ":" +
                                std::to_string(pool_port) + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    co_await asio::async_write(s, asio::buffer(request), asio::use_awaitable);
    std::string reply;
    boost::system::error_code ec;
    co_await asio::async_read(s, asio::dynamic_buffer(reply, 1 << 20),
                              asio::redirect_error(asio::use_awaitable, ec));
    co_return reply.find("\nprobe_success 1") != std::string::npos;
  });
}

}  // namespace pooltest::bench
