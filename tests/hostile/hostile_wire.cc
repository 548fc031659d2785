#include "tests/hostile/hostile_wire.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace pooltest::hostile {
namespace {

constexpr size_t kMaxLine = 64 * 1024;
// HoldUntilClosed reads at most this much: a harness that keeps sending is
// not waited for without end.
constexpr size_t kMaxDrained = 64 * 1024 * 1024;

}  // namespace

Wire::Wire(tcp::socket socket)
    : socket_(std::move(socket)), life_(socket_.get_executor()), pause_(socket_.get_executor()) {
  life_.expires_after(kConnectionLife);
  // Fires on the io thread while the Wire lives: ~Wire cancels it, and a
  // cancelled wait does not touch `this`.
  life_.async_wait([this](boost::system::error_code ec) {
    if (!ec) Close();
  });
}

Wire::~Wire() {
  life_.cancel();
  Close();
}

asio::awaitable<void> Wire::Write(std::string_view bytes) {
  if (!socket_.is_open()) throw HarnessGone{};
  boost::system::error_code ec;
  co_await asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec || !socket_.is_open()) throw HarnessGone{};
}

asio::awaitable<void> Wire::Repeat(std::string_view bytes, size_t times) {
  for (size_t i = 0; i < times; ++i) co_await Write(bytes);
}

asio::awaitable<void> Wire::Flood(std::string_view head, std::string_view unit, size_t limit) {
  std::string piece;
  while (piece.size() < 64 * 1024) piece += unit;
  co_await Write(head);
  co_await Repeat(piece, limit / piece.size() + 1);
}

asio::awaitable<void> Wire::Drip(std::string_view bytes, std::chrono::milliseconds gap) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    co_await Write(bytes.substr(i, 1));
    co_await Pause(gap);
  }
}

asio::awaitable<void> Wire::Pause(std::chrono::milliseconds d) {
  if (!socket_.is_open()) throw HarnessGone{};
  boost::system::error_code ec;
  pause_.expires_after(d);
  co_await pause_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (!socket_.is_open()) throw HarnessGone{};
}

asio::awaitable<std::string> Wire::ReadLine() {
  char chunk[4096];
  for (;;) {
    const size_t nl = pending_.find('\n');
    if (nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      co_return line;
    }
    if (pending_.size() > kMaxLine || !socket_.is_open()) throw HarnessGone{};
    boost::system::error_code ec;
    const size_t n = co_await socket_.async_read_some(
        asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw HarnessGone{};
    pending_.append(chunk, n);
  }
}

asio::awaitable<void> Wire::HoldUntilClosed() {
  char chunk[4096];
  for (size_t total = 0; total < kMaxDrained;) {
    if (!socket_.is_open()) break;
    boost::system::error_code ec;
    const size_t n = co_await socket_.async_read_some(
        asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    total += n;
  }
}

void Wire::Reset() {
  boost::system::error_code ec;
  pause_.cancel();
  if (!socket_.is_open()) return;
  socket_.set_option(asio::socket_base::linger(true, 0), ec);
  socket_.close(ec);
}

void Wire::Close() {
  boost::system::error_code ec;
  pause_.cancel();
  if (!socket_.is_open()) return;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

}  // namespace pooltest::hostile
