// Test helpers for the Stratum side: a StratumServer running on its own io
// thread (so blocking test clients and probe io_contexts can talk to it), a
// bounded blocking line client on POSIX sockets (every read has a timeout),
// and a runner that drives one probe coroutine to completion.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "refpool/stratum_server.h"
#include "refpool/stratum_share.h"
#include "tests/test_targets.h"

namespace pooltest::testing {

// A StratumServer listening on the given loopback addresses (ephemeral
// ports), served from a background thread until destruction. `log`, when
// given, is called on that thread.
class ServerThread {
 public:
  ServerThread(StratumBehaviour behaviour, const std::vector<std::string>& addresses,
               StratumLog log = {})
      : server_(io_, behaviour, std::move(log)), guard_(io_.get_executor()) {
    for (const std::string& a : addresses) {
      auto port = server_.Listen(a, 0);
      if (!port) {
        ADD_FAILURE() << port.error().message;
        ports_.push_back(0);
      } else {
        ports_.push_back(*port);
      }
    }
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    boost::asio::post(io_, [this] { server_.Stop(); });
    guard_.reset();
    thread_.join();
  }
  uint16_t port(size_t i = 0) const { return ports_.at(i); }
  uint64_t accepted() const { return server_.accepted(); }

 private:
  boost::asio::io_context io_;
  StratumServer server_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::vector<uint16_t> ports_;
  std::thread thread_;
};

// Blocking newline-delimited client; every receive gives up after 5 s.
class LineClient {
 public:
  LineClient(const std::string& address, uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  }
  ~LineClient() { ::close(fd_); }
  LineClient(const LineClient&) = delete;
  LineClient& operator=(const LineClient&) = delete;

  bool connected() const { return connected_; }

  bool SendRaw(const std::string& bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }
  bool Send(const nlohmann::json& j) { return SendRaw(j.dump() + "\n"); }

  // Next line, or nullopt on timeout/close.
  std::optional<std::string> ReadLine() {
    for (int reads = 0; reads < 10000; ++reads) {
      size_t nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
    return std::nullopt;
  }
  // Next line parsed as JSON (discarded value if not JSON or none).
  nlohmann::json ReadJson() {
    auto line = ReadLine();
    if (!line) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(*line, nullptr, false);
  }
  // Reads lines until the response with this id arrives (bounded).
  nlohmann::json ReadResponse(int id) {
    for (int i = 0; i < 20; ++i) {
      nlohmann::json j = ReadJson();
      if (j.is_discarded()) return j;
      if (j.is_object() && j.value("id", nlohmann::json()) == id && !j.contains("method")) return j;
      if (j.is_object() && j.value("method", "") == "mining.notify") last_notify = j;
    }
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  // True when the peer has closed (read returns 0) within the timeout.
  bool PeerClosed() {
    char c;
    for (int i = 0; i < 100000; ++i) {
      ssize_t n = ::recv(fd_, &c, 1, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
    return false;
  }

  nlohmann::json last_notify;

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

inline ProbeContext MakeContext(boost::asio::io_context& io, std::chrono::milliseconds budget,
                                std::shared_ptr<CancelHub> hub = std::make_shared<CancelHub>()) {
  ProbeContext ctx;
  ctx.executor = io.get_executor();
  ctx.blocking = io.get_executor();
  ctx.deadline = std::chrono::steady_clock::now() + budget;
  ctx.vantage = "test";
  ctx.cancel = std::move(hub);
  // The stratum tests' pools also listen on 127.0.0.2-4; none tests refusals.
  ctx.targets = TestTargets({"127.0.0.2", "127.0.0.3", "127.0.0.4"});
  return ctx;
}

// Runs `probe` (an awaitable<Observation>) on `io` to completion.
template <typename Awaitable>
Observation RunProbe(boost::asio::io_context& io, Awaitable probe) {
  Observation result;
  result.detail = "probe never completed";
  boost::asio::co_spawn(io, std::move(probe), [&](std::exception_ptr e, Observation o) {
    if (e) {
      result.detail = "probe threw";
      return;
    }
    result = std::move(o);
  });
  io.run();
  return result;
}

// The job a mining.notify announces.
inline StratumJob JobFromNotify(const nlohmann::json& notify) {
  const nlohmann::json& p = notify["params"];
  StratumJob job;
  job.job_id = p[0];
  job.prevhash = p[1];
  job.coinb1 = p[2];
  job.coinb2 = p[3];
  for (const auto& branch : p[4]) job.merkle_branch.push_back(branch);
  job.version = p[5];
  job.nbits = p[6];
  job.ntime = p[7];
  return job;
}

// Finds a port on `address` where nothing listens: bind, note, close.
inline uint16_t UnusedPort(const std::string& address) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  ::close(fd);
  return ntohs(sa.sin_port);
}

}  // namespace pooltest::testing
