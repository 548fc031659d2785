// One rendered page's side of a shared DevTools pipe (devtools_pipe.h): the
// commands it sends and waits for, the events of its tab's sessions, as
// coroutines on the probe's executor, so a tab waiting for Chromium holds
// no thread. Every wait is bounded by the render's deadline and notices
// cancellation within kSlice; once a wait stops the session (stop() !=
// kNone) every later call fails at once. An event handler sees each event
// of the tab as it is taken from the mailbox, during any call or wait, so an
// event that holds the page up (a paused request) is answered at once.
// Each exchange is appended to `log` (RenderResult::protocol_log's form).
// Use from one coroutine at a time, on `executor`; the pipe outlives it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "probes/http/devtools_pipe.h"

namespace pooltest {

class TabSession {
 public:
  enum class Stop { kNone, kDeadline, kCancelled, kClosed };
  static constexpr std::chrono::milliseconds kSlice{50};

  TabSession(DevToolsPipe& pipe, boost::asio::any_io_executor executor,
             std::chrono::steady_clock::time_point deadline, const std::atomic<bool>& cancelled,
             std::vector<std::string>& log);
  ~TabSession();  // forgets the tab's routes in the pipe
  TabSession(const TabSession&) = delete;
  TabSession& operator=(const TabSession&) = delete;

  Stop stop() const { return stop_; }
  const std::string& problem() const { return problem_; }

  // Sends `method` (to `session` if given); Await(id) then waits for its
  // answer. Split in two so that no temporary (a JSON literal) ever sits in
  // a co_await expression: GCC 12 destroys such temporaries twice. 0 when
  // the session has stopped (Await(0) fails at once).
  int Send(const std::string& method, const nlohmann::json& params = nlohmann::json::object(),
           const std::string& session = "");
  // The result object, or nullopt with problem() set (a protocol error
  // answer, the deadline, cancellation, or the browser gone).
  boost::asio::awaitable<std::optional<nlohmann::json>> Await(int id);
  // As Await, but giving up at `until` without stopping the session:
  // nullopt with stop() kNone and problem() saying so.
  boost::asio::awaitable<std::optional<nlohmann::json>> AwaitUntil(
      int id, std::chrono::steady_clock::time_point until);

  // Sends without waiting for the answer; `quiet` leaves it out of the log
  // (answers to paused requests, which are many and listed elsewhere).
  void Post(const std::string& method, const nlohmann::json& params, const std::string& session,
            bool quiet = false);

  // The tab's session (and those attached under it) deliver their events here.
  void Route(const std::string& session) { pipe_.Route(session, box_); }

  // Called with each event message ({method, params, sessionId}) as it is
  // taken. The handler may Post() but must not Call() or wait.
  void OnEvent(std::function<void(const nlohmann::json&)> handler) {
    on_event_ = std::move(handler);
  }

  // Forgets that `method` arrived on `session`, to wait for the next one.
  void Forget(const std::string& method, const std::string& session) {
    seen_.erase(session + "|" + method);
  }

  // Adds a line of the caller's to the log (what the settling found).
  void Note(const std::string& line) { Log("  " + line); }

  // Waits until `method` arrived on `session` (now or earlier), giving up at
  // `until` without stopping the session: then false with stop() kNone.
  // Pass named strings (see Send).
  boost::asio::awaitable<bool> WaitEventUntil(std::string method, std::string session,
                                              std::chrono::steady_clock::time_point until);

 private:
  void Log(const std::string& line);
  // The next message (events noted in seen_, logged and handled), or
  // nullopt: stopped, or `until` passed (stop() still kNone).
  boost::asio::awaitable<std::optional<nlohmann::json>> Next(
      std::chrono::steady_clock::time_point until);

  DevToolsPipe& pipe_;
  std::chrono::steady_clock::time_point deadline_;
  const std::atomic<bool>& cancelled_;
  std::vector<std::string>& log_;
  std::shared_ptr<Mailbox> box_ = std::make_shared<Mailbox>();
  std::shared_ptr<boost::asio::steady_timer> timer_;
  std::set<std::string> seen_;
  std::map<int, std::string> sent_;  // id -> method, awaiting an answer
  std::function<void(const nlohmann::json&)> on_event_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  Stop stop_ = Stop::kNone;
  std::string problem_;
};

}  // namespace pooltest
