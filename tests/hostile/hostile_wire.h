// One accepted connection of the hostile pool and the moves its behaviours
// make on it: write, pause, read a line, hold the connection open, reset.
// Every connection is bounded in time: a timer closes it kConnectionLife
// after the accept, so no behaviour outlives a run even when the harness
// keeps its end open. Write, Pause and ReadLine throw HarnessGone once the
// connection is closed, so a behaviour is a straight script whose every
// loop ends at the first step after the harness went away.
//
// Scripts never co_await inside a condition: GCC 12.2 miscompiles a
// coroutine whose top-level `if (co_await ...) co_return;` (the frame is
// garbage from its first statement on), which this style makes impossible
// to write. Used on the pool's single io thread only.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>  // before awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace pooltest::hostile {

namespace asio = boost::asio;
using asio::ip::tcp;

inline constexpr std::chrono::seconds kConnectionLife{60};

// Thrown by Wire's steps when the connection is over; the pool catches it.
struct HarnessGone {};

class Wire {
 public:
  explicit Wire(tcp::socket socket);
  ~Wire();
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;

  // Writes all of `bytes`.
  asio::awaitable<void> Write(std::string_view bytes);
  // Writes `head`, then `unit` again and again (in pieces of about 64 KiB)
  // until `limit` bytes have gone: a stream without end, bounded.
  asio::awaitable<void> Flood(std::string_view head, std::string_view unit, size_t limit);
  // Writes `bytes` one byte at a time, `gap` apart.
  asio::awaitable<void> Drip(std::string_view bytes, std::chrono::milliseconds gap);
  asio::awaitable<void> Pause(std::chrono::milliseconds d);
  // The next line the harness sent, without "\n" or "\r\n"; HarnessGone
  // when it closed first or sent 64 KiB without a newline.
  asio::awaitable<std::string> ReadLine();
  // Reads and discards until the harness closes (or the life timer fires).
  asio::awaitable<void> HoldUntilClosed();
  // Ends the connection with an RST (SO_LINGER 0) rather than a FIN.
  void Reset();
  // Ends it with a FIN.
  void Close();

  tcp::socket& socket() { return socket_; }
  bool open() const { return socket_.is_open(); }

 private:
  asio::awaitable<void> Repeat(std::string_view bytes, size_t times);

  tcp::socket socket_;
  asio::steady_timer life_;
  asio::steady_timer pause_;
  std::string pending_;  // bytes read past the last line
};

}  // namespace pooltest::hostile
