#include "refpool/stratum_server.h"

#include <atomic>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "refpool/stratum_session.h"
#include "refpool/stratum_share.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using TlsStream = ssl::stream<tcp::socket>;

// A line longer than this is hostile or broken; the session is closed rather
// than buffering without bound.
constexpr size_t kMaxLineBytes = 16 * 1024;
// Beyond this many open sessions new connections are closed at once.
constexpr size_t kMaxSessions = 512;
// A TLS client that has not finished its handshake by then is dropped, so
// idle connections cannot hold sessions.
constexpr std::chrono::seconds kTlsHandshakeTimeout{10};
// What a `garbage` pool answers to every line: starts like a TLS record,
// continues like HTML, ends in invalid UTF-8, so no JSON parser accepts it.
constexpr char kGarbage[] = "\x16\x03\x01\x00\xa5<html>pool offline</html>\xff\xfe\n";

std::string Hex32(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// Work that looks like a real pool's: a coinbase with a BIP34 height push,
// room for extranonce1 + extranonce2 inside its script, a pool tag and one
// P2PKH output; a random previous block hash and the current time.
StratumJob MakeJob(std::mt19937& rng, int extranonce2_size) {
  StratumJob job;
  job.job_id = Hex32(rng() & 0xffff);
  std::string prev;
  for (int i = 0; i < 32; ++i) prev.push_back(static_cast<char>(rng() & 0xff));
  // Real previous hashes start with zero bytes (shown at the end of each
  // word-swapped stratum word).
  for (int i = 28; i < 32; ++i) prev[i] = 0;
  job.prevhash = HexEncode(prev);

  const std::string height = "03a0bb0d";  // push 3 bytes: block 900000, little-endian
  const int extranonce_bytes = 4 + extranonce2_size;
  const std::string tag = "/pooltest-refpool/";
  const int script_len = 4 + 1 + extranonce_bytes + 1 + static_cast<int>(tag.size());
  job.coinb1 =
      "01000000"                                                          // version
      "01"                                                                // one input
      "0000000000000000000000000000000000000000000000000000000000000000"  // null prevout
      "ffffffff" +
      HexEncode(std::string(1, static_cast<char>(script_len))) + height +
      HexEncode(std::string(1, static_cast<char>(extranonce_bytes)));
  job.coinb2 = HexEncode(std::string(1, static_cast<char>(tag.size()))) + HexEncode(tag) +
               "ffffffff"          // sequence
               "01"                // one output
               "40be402500000000"  // 6.25 BTC
               "1976a914" +
               HexEncode(std::string(20, '\x5a')) +
               "88ac"       // P2PKH
               "00000000";  // lock time
  job.version = "20000000";
  job.nbits = "17034219";
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  job.ntime = Hex32(static_cast<uint32_t>(now.count()));
  return job;
}

struct ServerState {
  ServerState(asio::io_context& io_in, StratumBehaviour b) : io(io_in), behaviour(b) {
    std::random_device seed;
    std::mt19937 rng(seed());
    job = std::make_shared<const StratumJob>(MakeJob(rng, behaviour.extranonce2_size));
    next_extranonce1 = rng();
  }

  asio::io_context& io;
  StratumBehaviour behaviour;
  std::shared_ptr<const StratumJob> job;
  uint32_t next_extranonce1 = 0;
  bool stopped = false;
  std::vector<std::shared_ptr<tcp::acceptor>> acceptors;
  uint64_t next_session = 1;
  std::map<uint64_t, std::weak_ptr<tcp::socket>> sessions;
  // Read from other threads (tests counting the connections a probe made).
  std::atomic<uint64_t> accepted{0};
};

// True when session `sid` (counted from 1) lands on a dead backend.
bool OnSilentBackend(const StratumBehaviour& b, uint64_t sid) {
  return b.silent || (b.silent_every > 0 && sid % static_cast<uint64_t>(b.silent_every) == 0);
}

template <typename Stream>
asio::awaitable<void> Converse(std::shared_ptr<ServerState> st, Stream& sock, uint64_t sid) {
  const bool silent = OnSilentBackend(st->behaviour, sid);
  // Each session gets the next extranonce1; the random base makes them look
  // like a real pool's, the counter keeps them unique.
  StratumSession session(st->behaviour, st->job, Hex32(st->next_extranonce1++));
  std::string pending;
  char chunk[4096];
  boost::system::error_code ec;
  for (;;) {
    size_t n = co_await sock.async_read_some(asio::buffer(chunk),
                                             asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    pending.append(chunk, n);
    std::string out;
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(pending.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || silent) continue;
      if (st->behaviour.garbage) {
        out.append(kGarbage, sizeof kGarbage - 1);
        continue;
      }
      for (std::string& reply : session.HandleLine(line)) out += reply;
    }
    pending.erase(0, start);
    if (!out.empty()) {
      co_await asio::async_write(sock, asio::buffer(out),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    if (pending.size() > kMaxLineBytes) break;
  }
}

asio::awaitable<void> RunSession(std::shared_ptr<ServerState> st, std::shared_ptr<tcp::socket> sock,
                                 uint64_t sid) {
  co_await Converse(st, *sock, sid);
  boost::system::error_code ec;
  sock->close(ec);
  st->sessions.erase(sid);
}

// The same conversation inside TLS; the handshake is bounded in time.
asio::awaitable<void> RunTlsSession(std::shared_ptr<ServerState> st,
                                    std::shared_ptr<TlsStream> stream, uint64_t sid) {
  boost::system::error_code ec;
  auto give_up = std::make_shared<asio::steady_timer>(st->io, kTlsHandshakeTimeout);
  give_up->async_wait([stream](const boost::system::error_code& tec) {
    boost::system::error_code ignored;
    if (!tec) stream->next_layer().close(ignored);
  });
  co_await stream->async_handshake(ssl::stream_base::server,
                                   asio::redirect_error(asio::use_awaitable, ec));
  give_up->cancel();
  if (!ec) co_await Converse(st, *stream, sid);
  stream->next_layer().close(ec);
  st->sessions.erase(sid);
}

// `tls`: null for plain stratum+tcp, else the server context of a TLS port.
asio::awaitable<void> AcceptLoop(std::shared_ptr<ServerState> st,
                                 std::shared_ptr<tcp::acceptor> acceptor,
                                 std::shared_ptr<ssl::context> tls) {
  boost::system::error_code ec;
  while (!st->stopped) {
    auto sock = std::make_shared<tcp::socket>(st->io);
    co_await acceptor->async_accept(*sock, asio::redirect_error(asio::use_awaitable, ec));
    if (st->stopped || !acceptor->is_open()) break;
    if (!ec) ++st->accepted;
    if (ec) {
      // Out of descriptors and the like: back off instead of spinning.
      asio::steady_timer pause(st->io, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (st->sessions.size() >= kMaxSessions) {
      sock->close(ec);
      continue;
    }
    uint64_t sid = st->next_session++;
    if (tls) {
      auto stream = std::make_shared<TlsStream>(std::move(*sock), *tls);
      // The session table tracks the socket inside the stream.
      st->sessions.emplace(sid, std::shared_ptr<tcp::socket>(stream, &stream->next_layer()));
      asio::co_spawn(st->io, RunTlsSession(st, stream, sid), asio::detached);
      continue;
    }
    st->sessions.emplace(sid, sock);
    asio::co_spawn(st->io, RunSession(st, sock, sid), asio::detached);
  }
}

}  // namespace

struct StratumServer::Impl {
  std::shared_ptr<ServerState> state;
};

StratumServer::StratumServer(boost::asio::io_context& io, StratumBehaviour behaviour)
    : impl_(std::make_unique<Impl>()) {
  impl_->state = std::make_shared<ServerState>(io, behaviour);
}

StratumServer::~StratumServer() { Stop(); }

Result<uint16_t> StratumServer::Listen(const std::string& address, uint16_t port) {
  return Bind(address, port, nullptr);
}

Result<uint16_t> StratumServer::ListenTls(const std::string& address, uint16_t port,
                                          const std::string& certificate_file,
                                          const std::string& key_file) {
  const std::string where = "stratum TLS listener " + address + ":" + std::to_string(port);
  auto tls = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  tls->use_certificate_chain_file(certificate_file, ec);
  if (ec) {
    return Error{where + ": cannot load the certificate chain '" + certificate_file +
                 "': " + ec.message() + " (give a PEM file: server certificate first)"};
  }
  tls->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) {
    return Error{where + ": cannot load the private key '" + key_file + "': " + ec.message() +
                 " (give the PEM key of the certificate)"};
  }
  return Bind(address, port, std::move(tls));
}

Result<uint16_t> StratumServer::Bind(const std::string& address, uint16_t port,
                                     std::shared_ptr<boost::asio::ssl::context> tls) {
  auto& st = impl_->state;
  const std::string where = std::string(tls ? "stratum TLS listener " : "stratum listener ") +
                            address + ":" + std::to_string(port);
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) return Error{where + ": '" + address + "' is not an IP address literal"};
  auto acceptor = std::make_shared<tcp::acceptor>(st->io);
  tcp::endpoint ep(ip, port);
  acceptor->open(ep.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(ep, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error{where + ": " + ec.message() +
                 " (is the address configured on this host and the port free?)"};
  }
  uint16_t bound = acceptor->local_endpoint(ec).port();
  if (ec) return Error{where + ": " + ec.message()};
  st->stopped = false;
  st->acceptors.push_back(acceptor);
  asio::co_spawn(st->io, AcceptLoop(st, acceptor, std::move(tls)), asio::detached);
  return bound;
}

uint64_t StratumServer::accepted() const { return impl_->state->accepted.load(); }

int StratumServer::CloseAddress(const std::string& address) {
  auto& st = impl_->state;
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) return 0;
  int closed = 0;
  std::vector<std::shared_ptr<tcp::acceptor>> keep;
  for (auto& a : st->acceptors) {
    boost::system::error_code lec;
    tcp::endpoint ep = a->local_endpoint(lec);
    if (!lec && ep.address() == ip) {
      a->close(ec);
      ++closed;
    } else {
      keep.push_back(a);
    }
  }
  st->acceptors = std::move(keep);
  for (auto& [sid, weak] : st->sessions) {
    auto s = weak.lock();
    if (!s) continue;
    boost::system::error_code lec;
    tcp::endpoint ep = s->local_endpoint(lec);
    if (!lec && ep.address() == ip) s->close(ec);
  }
  return closed;
}

void StratumServer::Stop() {
  auto& st = impl_->state;
  st->stopped = true;
  boost::system::error_code ec;
  for (auto& a : st->acceptors) a->close(ec);
  st->acceptors.clear();
  for (auto& [sid, weak] : st->sessions) {
    if (auto s = weak.lock()) s->close(ec);
  }
}

}  // namespace pooltest
