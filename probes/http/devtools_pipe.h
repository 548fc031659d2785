// The DevTools protocol over one end of a socket pair that Chromium has as
// fd 3 (it reads) and fd 4 (it writes): NUL-terminated JSON messages, shared
// by every tab of one browser. A socket rather than two pipes so that
// writing to a browser that died is an error (MSG_NOSIGNAL), not a SIGPIPE
// for the whole harness.
//
// One thread owns the descriptor: it writes what the tabs queued and routes
// each message read to the Mailbox waiting for it: an answer by its id (the
// mailbox that sent the command), an event by its sessionId (a tab's session
// and every session attached under it, which the thread adds itself when it
// sees Target.attachedToTarget, so a worker's first paused request already
// finds its tab). Messages nobody waits for are dropped. The tabs never
// touch the descriptor, so any number of them share it and none blocks a
// thread while it waits (tab_session.h).
//
// The pipe stops, once, when Chromium closes it (it exited), a read fails,
// a message exceeds kMaxMessage, Chromium stops answering, or Close(): then
// every mailbox is woken, stopped() is true and later sends are refused.
// "Stops answering": a command has waited kPingAfter with nothing at all
// heard from the browser meanwhile, and Browser.getVersion, asked then, is
// not answered within kPingWait. Does not own the descriptor.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace pooltest {

// One tab's inbox: the pipe thread appends and calls wake(), the tab drains.
struct Mailbox {
  std::mutex mu;
  std::deque<nlohmann::json> messages;
  // Called on the pipe thread, under `mu`, after a message is queued or the
  // pipe stopped; must be cheap and never call back into the pipe. The tab
  // clears it (under `mu`) before it goes.
  std::function<void()> wake;
};

class DevToolsPipe {
 public:
  static constexpr std::chrono::milliseconds kPingAfter{5000};
  static constexpr std::chrono::milliseconds kPingWait{10000};

  explicit DevToolsPipe(int fd);  // starts the thread
  ~DevToolsPipe();                // Close()
  DevToolsPipe(const DevToolsPipe&) = delete;
  DevToolsPipe& operator=(const DevToolsPipe&) = delete;

  // Queues `method` (to `session` if not empty); its answer goes to `box`
  // (null: dropped). The id, or 0 when the pipe has stopped.
  int Send(const std::string& method, const nlohmann::json& params, const std::string& session,
           const std::shared_ptr<Mailbox>& box);
  // Events of `session`, and of the sessions attached under it, go to `box`.
  void Route(const std::string& session, const std::shared_ptr<Mailbox>& box);
  // Forgets every route and awaited answer of `box` (the tab is done).
  void Forget(const std::shared_ptr<Mailbox>& box);

  bool stopped() const { return stopped_.load(); }
  // Why it stopped; "" while it runs.
  std::string problem() const;
  // Stops the thread and joins it; idempotent.
  void Close();

 private:
  void Run();
  void Stop(const std::string& why);
  void Deliver(nlohmann::json m);
  bool Watchdog(std::chrono::steady_clock::time_point now);
  void Wake();

  int fd_;
  int wake_fd_ = -1;  // an eventfd: Send and Close wake the poll
  std::thread thread_;
  std::atomic<bool> stopped_{false};
  mutable std::mutex mu_;
  bool closing_ = false;
  std::string problem_;
  std::string out_;  // queued, not yet written
  int last_id_ = 0;
  struct Pending {
    std::weak_ptr<Mailbox> box;
    std::chrono::steady_clock::time_point sent;
  };
  std::map<int, Pending> pending_;
  std::map<std::string, std::weak_ptr<Mailbox>> routes_;
  // Watchdog state, pipe thread only.
  std::chrono::steady_clock::time_point last_heard_ = std::chrono::steady_clock::now();
  int ping_id_ = 0;
  std::chrono::steady_clock::time_point ping_sent_;
};

}  // namespace pooltest
