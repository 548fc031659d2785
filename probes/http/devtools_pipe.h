// The DevTools protocol over one end of a socket pair that Chromium has as
// fd 3 (it reads) and fd 4 (it writes): NUL-terminated JSON messages. A
// socket rather than two pipes so that writing to a browser that died is an
// error (MSG_NOSIGNAL), not a SIGPIPE for the whole harness. Every wait is a
// poll() bounded by the deadline and sliced to notice cancellation; once a
// wait stops the session (stop() != kNone) every later call fails at once.
// Each exchange is appended to `log` (RenderResult::protocol_log's form).
// An event handler sees every event as it arrives, during any call or wait,
// so an event that holds the browser up (a paused request) is answered at
// once. Single-threaded; does not own the descriptor.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pooltest {

class DevToolsPipe {
 public:
  enum class Stop { kNone, kDeadline, kCancelled, kClosed, kBroken };

  DevToolsPipe(int fd, std::chrono::steady_clock::time_point deadline,
               const std::atomic<bool>& cancelled, std::vector<std::string>& log)
      : fd_(fd), deadline_(deadline), cancelled_(cancelled), log_(log) {}

  Stop stop() const { return stop_; }
  const std::string& problem() const { return problem_; }

  // Sends `method` (to `session` if given) and waits for its answer:
  // the result object, or nullopt with problem() set (a protocol error
  // answer, the deadline, cancellation, or the browser gone).
  std::optional<nlohmann::json> Call(const std::string& method,
                                     nlohmann::json params = nlohmann::json::object(),
                                     const std::string& session = "");

  // Sends without waiting for an answer (Browser.close: the browser may
  // exit before it answers; the caller waits for the process instead).
  void Post(const std::string& method);
  // The same with params, to `session`; `quiet` leaves it out of the log
  // (answers to paused requests, which are many and listed elsewhere).
  void Post(const std::string& method, const nlohmann::json& params, const std::string& session,
            bool quiet = false);

  // Called with each event message ({method, params, sessionId}) as it
  // arrives. The handler may Post() but must not Call() or wait.
  void OnEvent(std::function<void(const nlohmann::json&)> handler) {
    on_event_ = std::move(handler);
  }

  // Forgets that `method` arrived on `session`, to wait for the next one.
  void Forget(const std::string& method, const std::string& session) {
    seen_.erase(session + "|" + method);
  }

  // Adds a line of the caller's to the log (what the settling found).
  void Note(const std::string& line) { Log("  " + line); }

  // Waits until `method` arrived on `session` (now or earlier).
  bool WaitEvent(const std::string& method, const std::string& session);

  // The same, giving up at `until` without stopping the session: then
  // false with stop() still kNone.
  bool WaitEventUntil(const std::string& method, const std::string& session,
                      std::chrono::steady_clock::time_point until);

 private:
  void Log(const std::string& line);
  // Poll timeout for the next slice, or false with stop_ set.
  bool Slice(int& timeout_ms);
  bool Send(const std::string& data);
  bool Broken(const char* what);
  // The next message (events are noted in seen_ and logged), or nullopt.
  std::optional<nlohmann::json> Next();

  int fd_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point soft_deadline_ =
      std::chrono::steady_clock::time_point::max();
  const std::atomic<bool>& cancelled_;
  std::vector<std::string>& log_;
  std::string in_;
  std::set<std::string> seen_;
  std::function<void(const nlohmann::json&)> on_event_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  int last_id_ = 0;
  Stop stop_ = Stop::kNone;
  std::string problem_;
};

}  // namespace pooltest
