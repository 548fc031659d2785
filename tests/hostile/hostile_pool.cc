#include "tests/hostile/hostile_pool.h"

#include <mutex>
#include <set>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "refpool/stratum_server.h"
#include "refpool/web_server.h"
#include "tests/hostile/hostile_http.h"

namespace pooltest::hostile {
namespace {

using namespace std::chrono_literals;

constexpr char kPrimaryA[] = "127.0.0.11";
constexpr char kPrimaryB[] = "127.0.0.12";
constexpr char kBackupA[] = "127.0.0.21";
constexpr char kBackupB[] = "127.0.0.22";
constexpr char kWeb[] = "127.0.0.11";
// Connections one hostile listener accepts; a run makes a few dozen.
constexpr int kMaxConnections = 10000;
constexpr size_t kMaxLogged = 1000;
constexpr int kPairAttempts = 20;

// Binds `bind(address, port)` on both addresses on one port: the first on a
// free port, the second on the same; a port already taken on the second
// address is given up (`unbind` on the first) and another tried.
template <typename Bind, typename Unbind>
Result<uint16_t> BindPair(const char* a, const char* b, Bind bind, Unbind unbind) {
  std::string last;
  for (int attempt = 0; attempt < kPairAttempts; ++attempt) {
    Result<uint16_t> first = bind(a, 0);
    if (!first) return first.error();
    Result<uint16_t> second = bind(b, *first);
    if (second) return *first;
    last = second.error().message;
    unbind(a);
  }
  return Error{"no port free on both " + std::string(a) + " and " + b + ": " + last};
}

}  // namespace

struct HostilePool::Impl {
  // The hostile face runs on an io thread of its own, so its floods cannot
  // slow the well-behaved faces down (a slow reference server would look
  // like the harness's fault). First: destroyed last, after their users.
  asio::io_context io;          // the reference pool's servers
  asio::io_context hostile_io;  // the hostile face
  Behaviour behaviour;
  HostilePorts ports;
  std::unique_ptr<StratumServer> good_primary;
  std::unique_ptr<StratumServer> backup;
  std::unique_ptr<WebServer> good_ui;
  std::unique_ptr<WebServer> good_desk;
  std::vector<std::shared_ptr<tcp::acceptor>> acceptors;  // the hostile face's
  mutable std::mutex mu;
  HostileLog log;
  std::set<Wire*> live;  // the hostile face's open connections (under mu)
  std::thread thread;
  std::thread hostile_thread;

  Result<uint16_t> BindHostile(const std::string& address, uint16_t port) {
    boost::system::error_code ec;
    auto acceptor = std::make_shared<tcp::acceptor>(hostile_io);
    const tcp::endpoint ep(asio::ip::make_address(address, ec), port);
    if (!ec) acceptor->open(ep.protocol(), ec);
    if (!ec) acceptor->bind(ep, ec);
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Error{"hostile pool: cannot listen on " + address + ":" + std::to_string(port) + " (" +
                   ec.message() + ")"};
    acceptors.push_back(acceptor);
    return acceptor->local_endpoint().port();
  }

  void UnbindHostile(const std::string& address) {
    boost::system::error_code ec;
    std::erase_if(acceptors, [&](const std::shared_ptr<tcp::acceptor>& a) {
      if (a->local_endpoint(ec).address().to_string() != address) return false;
      a->close(ec);
      return true;
    });
  }

  asio::awaitable<void> Play(Wire& w) {
    if (behaviour.stratum) {
      co_await behaviour.stratum(w);
      co_return;
    }
    const std::optional<HttpSeen> request = co_await ReadHttpRequest(w);
    if (!request) co_return;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (log.requests.size() < kMaxLogged) log.requests.push_back(*request);
    }
    co_await behaviour.http(w, *request);
  }

  asio::awaitable<void> Serve(std::unique_ptr<Wire> w) {
    {
      std::lock_guard<std::mutex> lock(mu);
      live.insert(w.get());
    }
    try {
      co_await Play(*w);
    } catch (const HarnessGone&) {
      // The harness went away: the usual end of a hostile connection.
    }
    std::lock_guard<std::mutex> lock(mu);
    live.erase(w.get());
  }

  size_t Live() const {
    std::lock_guard<std::mutex> lock(mu);
    return live.size();
  }

  asio::awaitable<void> AcceptLoop(std::shared_ptr<tcp::acceptor> acceptor) {
    for (int n = 0; n < kMaxConnections; ++n) {
      boost::system::error_code ec;
      tcp::socket socket(hostile_io);
      co_await acceptor->async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (!acceptor->is_open() || ec == asio::error::operation_aborted) co_return;
      if (ec) continue;
      {
        std::lock_guard<std::mutex> lock(mu);
        ++log.connections;
      }
      asio::co_spawn(hostile_io, Serve(std::make_unique<Wire>(std::move(socket))), asio::detached);
    }
  }
};

HostilePool::HostilePool() : impl_(std::make_unique<Impl>()) {}

Result<std::unique_ptr<HostilePool>> HostilePool::Start(const Behaviour& behaviour) {
  std::unique_ptr<HostilePool> pool(new HostilePool());
  Impl& s = *pool->impl_;
  s.behaviour = behaviour;
  const bool hostile = !behaviour.baseline();
  auto bind_hostile = [&s](const std::string& a, uint16_t p) { return s.BindHostile(a, p); };
  auto unbind_hostile = [&s](const std::string& a) { s.UnbindHostile(a); };

  // The backup site is always the reference pool's.
  s.backup = std::make_unique<StratumServer>(s.io, StratumBehaviour{});
  Result<uint16_t> backup = BindPair(
      kBackupA, kBackupB, [&s](const std::string& a, uint16_t p) { return s.backup->Listen(a, p); },
      [&s](const std::string& a) { s.backup->CloseAddress(a); });
  if (!backup) return backup.error();
  s.ports.backup_stratum = *backup;

  Result<uint16_t> primary = Error{""};
  if (hostile && behaviour.face == Face::kStratum) {
    primary = BindPair(kPrimaryA, kPrimaryB, bind_hostile, unbind_hostile);
  } else {
    s.good_primary = std::make_unique<StratumServer>(s.io, StratumBehaviour{});
    primary = BindPair(
        kPrimaryA, kPrimaryB,
        [&s](const std::string& a, uint16_t p) { return s.good_primary->Listen(a, p); },
        [&s](const std::string& a) { s.good_primary->CloseAddress(a); });
  }
  if (!primary) return primary.error();
  s.ports.primary_stratum = *primary;

  // The desk answers at once, after its automatic acknowledgement.
  SupportBehaviour desk;
  desk.reply_delay = 200ms;
  for (Face face : {Face::kUi, Face::kDesk}) {
    Result<uint16_t> port = Error{""};
    if (hostile && behaviour.face == face) {
      port = s.BindHostile(kWeb, 0);
    } else {
      auto& server = face == Face::kUi ? s.good_ui : s.good_desk;
      server = std::make_unique<WebServer>(s.io, UiBehaviour{}, desk);
      port = server->Listen(kWeb, 0);
    }
    if (!port) return port.error();
    (face == Face::kUi ? s.ports.ui : s.ports.desk) = *port;
  }

  if (!behaviour.never_accept) {
    for (const auto& acceptor : s.acceptors)
      asio::co_spawn(s.hostile_io, s.AcceptLoop(acceptor), asio::detached);
  }
  for (auto [io, thread] :
       {std::pair{&s.io, &s.thread}, std::pair{&s.hostile_io, &s.hostile_thread}}) {
    // A plain pointer: clang 14 cannot capture a structured binding.
    asio::io_context* ctx = io;
    *thread = std::thread([ctx] {
      auto guard = asio::make_work_guard(*ctx);
      ctx->run();
    });
  }
  return pool;
}

HostilePool::~HostilePool() {
  Impl& s = *impl_;
  if (!s.thread.joinable()) return;
  // The servers are touched only on their io threads once they run. Closing
  // the hostile connections makes every play's next step fail, so the plays
  // end on their own before the io thread stops.
  asio::post(s.io, [&s] {
    for (StratumServer* st : {s.good_primary.get(), s.backup.get()})
      if (st) st->Stop();
    for (WebServer* web : {s.good_ui.get(), s.good_desk.get()})
      if (web) web->Stop();
    s.io.stop();
  });
  asio::post(s.hostile_io, [&s] {
    boost::system::error_code ec;
    for (auto& a : s.acceptors) a->close(ec);
    std::lock_guard<std::mutex> lock(s.mu);
    for (Wire* w : s.live) w->Close();
  });
  for (int i = 0; i < 200 && s.Live() > 0; ++i) std::this_thread::sleep_for(10ms);
  asio::post(s.hostile_io, [&s] { s.hostile_io.stop(); });
  s.thread.join();
  s.hostile_thread.join();
}

const HostilePorts& HostilePool::ports() const { return impl_->ports; }

HostileLog HostilePool::log() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->log;
}

}  // namespace pooltest::hostile
