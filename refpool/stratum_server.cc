#include "refpool/stratum_server.h"

#include <atomic>

#include <chrono>
#include <map>
#include <random>
#include <sstream>
#include <utility>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/hex.h"
#include "core/time_format.h"
#include "refpool/stratum_jobs.h"
#include "refpool/stratum_session.h"

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

// A client that does not read what the pool sends (replies, new work) is
// dropped once this much waits for it.
constexpr size_t kMaxOutbox = 1 << 20;

// One open connection: its session and the queue of bytes to send. Replies
// and pushed work go through the one writer, so writes never interleave.
class Connection {
 public:
  explicit Connection(StratumSession s) : session(std::move(s)) {}
  virtual ~Connection() = default;
  virtual void Send(std::string bytes) = 0;
  StratumSession session;
};

template <typename Stream>
class StreamConnection : public Connection,
                         public std::enable_shared_from_this<StreamConnection<Stream>> {
 public:
  StreamConnection(std::shared_ptr<Stream> stream, StratumSession s)
      : Connection(std::move(s)), stream_(std::move(stream)) {}

  void Send(std::string bytes) override {
    if (closed_ || bytes.empty()) return;
    outbox_ += bytes;
    if (outbox_.size() > kMaxOutbox) return Close();
    if (writing_) return;
    writing_ = true;
    asio::co_spawn(stream_->get_executor(), Drain(this->shared_from_this()), asio::detached);
  }
  void Close() {
    closed_ = true;
    boost::system::error_code ec;
    stream_->lowest_layer().close(ec);
  }

 private:
  static asio::awaitable<void> Drain(std::shared_ptr<StreamConnection> self) {
    boost::system::error_code ec;
    while (!self->outbox_.empty() && !self->closed_) {
      std::string chunk = std::exchange(self->outbox_, {});
      co_await asio::async_write(*self->stream_, asio::buffer(chunk),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) self->Close();
    }
    self->writing_ = false;
  }

  std::shared_ptr<Stream> stream_;
  std::string outbox_;
  bool writing_ = false;
  bool closed_ = false;
};

struct ServerState {
  ServerState(asio::io_context& io_in, StratumBehaviour b, StratumLog log_in)
      : io(io_in),
        behaviour(b),
        log(std::move(log_in)),
        work(b.extranonce2_size, b.new_block_every, std::random_device{}(),
             std::chrono::system_clock::now()),
        book(work.book()),
        job_timer(io_in) {
    std::random_device seed;
    next_extranonce1 = seed();
  }

  void Log(uint64_t sid, const std::string& text) {
    if (!log) return;
    std::string line = FormatUtc(std::chrono::system_clock::now()) + " stratum ";
    line += sid == 0 ? std::string("pool") : "session " + std::to_string(sid);
    log(line + " " + text);
  }

  asio::io_context& io;
  StratumBehaviour behaviour;
  StratumLog log;
  StratumWork work;
  std::shared_ptr<const StratumJobBook> book;  // the work as of now
  asio::steady_timer job_timer;
  bool job_loop_running = false;
  uint32_t next_extranonce1 = 0;
  bool stopped = false;
  std::vector<std::shared_ptr<tcp::acceptor>> acceptors;
  uint64_t next_session = 1;
  std::map<uint64_t, std::weak_ptr<tcp::socket>> sessions;
  // Sessions that take new work, by the same ids.
  std::map<uint64_t, std::weak_ptr<Connection>> live;
  // Read from other threads (tests counting the connections a probe made).
  std::atomic<uint64_t> accepted{0};
};

// A new job every job_interval, pushed to every session that has work.
asio::awaitable<void> JobLoop(std::shared_ptr<ServerState> st) {
  boost::system::error_code ec;
  while (!st->stopped) {
    st->job_timer.expires_after(st->behaviour.job_interval);
    co_await st->job_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (st->stopped || ec) break;  // Stop() cancels the timer
    st->book = st->work.Next(std::chrono::system_clock::now());
    st->Log(0, "new job " + st->book->current().job_id + " ntime " + st->book->current().ntime +
                   (st->book->clean ? " (new block: clean_jobs, earlier jobs stale)" : ""));
    for (auto& [sid, weak] : st->live) {
      auto c = weak.lock();
      if (!c) continue;
      for (std::string& line : c->session.NewWork(st->book)) c->Send(std::move(line));
    }
  }
  st->job_loop_running = false;
}

// True when session `sid` (counted from 1) lands on a dead backend.
bool OnSilentBackend(const StratumBehaviour& b, uint64_t sid) {
  return b.silent || (b.silent_every > 0 && sid % static_cast<uint64_t>(b.silent_every) == 0);
}

template <typename Stream>
std::string Endpoints(Stream& stream) {
  boost::system::error_code ec1, ec2;
  auto& sock = stream.lowest_layer();
  const tcp::endpoint peer = sock.remote_endpoint(ec1);
  const tcp::endpoint local = sock.local_endpoint(ec2);
  std::ostringstream o;
  if (!ec1) o << "from " << peer;
  if (!ec2) o << (ec1 ? "" : " ") << "to " << local;
  return o.str();
}

template <typename Stream>
asio::awaitable<void> Converse(std::shared_ptr<ServerState> st, std::shared_ptr<Stream> stream,
                               uint64_t sid) {
  const bool silent = OnSilentBackend(st->behaviour, sid);
  // Each session gets the next extranonce1; the random base makes them look
  // like a real pool's, the counter keeps them unique.
  auto conn = std::make_shared<StreamConnection<Stream>>(
      stream, StratumSession(st->behaviour, st->book, HexU32(st->next_extranonce1++)));
  st->live.emplace(sid, conn);
  std::string pending;
  char chunk[4096];
  boost::system::error_code ec;
  for (;;) {
    size_t n = co_await stream->async_read_some(asio::buffer(chunk),
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
      for (std::string& reply : conn->session.HandleLine(line)) out += reply;
      for (const std::string& event : conn->session.TakeLog()) st->Log(sid, event);
    }
    pending.erase(0, start);
    conn->Send(std::move(out));
    if (pending.size() > kMaxLineBytes) break;
  }
  st->live.erase(sid);
  st->Log(sid, "disconnect: " + std::to_string(conn->session.shares_accepted()) +
                   " shares accepted, " + std::to_string(conn->session.shares_rejected()) +
                   " rejected" + (ec && ec != asio::error::eof ? " (" + ec.message() + ")" : ""));
}

asio::awaitable<void> RunSession(std::shared_ptr<ServerState> st, std::shared_ptr<tcp::socket> sock,
                                 uint64_t sid) {
  st->Log(sid, "connect " + Endpoints(*sock));
  co_await Converse(st, sock, sid);
  boost::system::error_code ec;
  sock->close(ec);
  st->sessions.erase(sid);
}

// The same conversation inside TLS; the handshake is bounded in time.
asio::awaitable<void> RunTlsSession(std::shared_ptr<ServerState> st,
                                    std::shared_ptr<TlsStream> stream, uint64_t sid) {
  st->Log(sid, "connect (TLS) " + Endpoints(*stream));
  boost::system::error_code ec;
  auto give_up = std::make_shared<asio::steady_timer>(st->io, kTlsHandshakeTimeout);
  give_up->async_wait([stream](const boost::system::error_code& tec) {
    boost::system::error_code ignored;
    if (!tec) stream->next_layer().close(ignored);
  });
  co_await stream->async_handshake(ssl::stream_base::server,
                                   asio::redirect_error(asio::use_awaitable, ec));
  give_up->cancel();
  if (!ec) {
    co_await Converse(st, stream, sid);
  } else {
    st->Log(sid, "disconnect: TLS handshake failed (" + ec.message() + ")");
  }
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

StratumServer::StratumServer(boost::asio::io_context& io, StratumBehaviour behaviour,
                             StratumLog log)
    : impl_(std::make_unique<Impl>()) {
  impl_->state = std::make_shared<ServerState>(io, behaviour, std::move(log));
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
  if (!st->job_loop_running && st->behaviour.job_interval.count() > 0) {
    st->job_loop_running = true;
    asio::co_spawn(st->io, JobLoop(st), asio::detached);
  }
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
  st->job_timer.cancel();
  boost::system::error_code ec;
  for (auto& a : st->acceptors) a->close(ec);
  st->acceptors.clear();
  for (auto& [sid, weak] : st->sessions) {
    if (auto s = weak.lock()) s->close(ec);
  }
}

}  // namespace pooltest
