// Split out of chromium_render.cc: the DevTools session over the pipe.
#include "probes/http/devtools_pipe.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/evidence_bounds.h"

namespace pooltest {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// One protocol message; a full-page PNG in base64 plus the DOM stay far below.
constexpr size_t kMaxMessage = 64 * 1024 * 1024;
constexpr size_t kMaxLog = 300;
// How often a wait for Chromium looks at the cancel flag.
constexpr milliseconds kPollSlice{50};

}  // namespace

std::optional<json> DevToolsPipe::Call(const std::string& method, json params,
                                       const std::string& session) {
  if (stop_ != Stop::kNone) return std::nullopt;
  const int id = ++last_id_;
  json msg = {{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session.empty()) msg["sessionId"] = session;
  Log("> " + method);
  if (!Send(msg.dump() + '\0')) return std::nullopt;
  for (;;) {
    std::optional<json> m = Next();
    if (!m) return std::nullopt;
    if (!m->contains("id") || !(*m)["id"].is_number_integer() || (*m)["id"].get<int>() != id)
      continue;
    if (m->contains("error")) {
      const json& e = (*m)["error"];
      problem_ =
          method + " failed: " +
          (e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>()
                                                             : e.dump());
      Log("< " + method + " error: " + TruncateText(problem_, 200));
      return std::nullopt;
    }
    Log("< " + method + " ok");
    return m->contains("result") ? (*m)["result"] : json::object();
  }
}

void DevToolsPipe::Post(const std::string& method) { Post(method, json::object(), ""); }

void DevToolsPipe::Post(const std::string& method, const json& params, const std::string& session,
                        bool quiet) {
  if (stop_ != Stop::kNone) return;
  if (!quiet) Log("> " + method);
  json msg = {{"id", ++last_id_}, {"method", method}, {"params", params}};
  if (!session.empty()) msg["sessionId"] = session;
  Send(msg.dump() + '\0');
}

bool DevToolsPipe::WaitEvent(const std::string& method, const std::string& session) {
  while (!seen_.count(session + "|" + method)) {
    if (!Next()) return false;
  }
  return true;
}

bool DevToolsPipe::WaitEventUntil(const std::string& method, const std::string& session,
                                  steady_clock::time_point until) {
  soft_deadline_ = until;
  const bool arrived = WaitEvent(method, session);
  soft_deadline_ = steady_clock::time_point::max();
  return arrived;
}

void DevToolsPipe::Log(const std::string& line) {
  if (log_.size() < kMaxLog) {
    const auto ms = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start_).count();
    log_.push_back("+" + std::to_string(ms) + "ms " + line);
  } else if (log_.size() == kMaxLog) {
    log_.push_back("... (log truncated)");
  }
}

bool DevToolsPipe::Slice(int& timeout_ms) {
  if (cancelled_.load()) {
    stop_ = Stop::kCancelled;
    problem_ = "cancelled";
    return false;
  }
  const auto now = steady_clock::now();
  if (now >= deadline_) {
    stop_ = Stop::kDeadline;
    problem_ = "deadline";
    return false;
  }
  if (now >= soft_deadline_) return false;
  const auto until = std::min(deadline_, soft_deadline_);
  timeout_ms = static_cast<int>(std::min<long long>(
      kPollSlice.count(), std::chrono::duration_cast<milliseconds>(until - now).count() + 1));
  return true;
}

bool DevToolsPipe::Send(const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    int timeout_ms = 0;
    if (!Slice(timeout_ms)) return false;
    pollfd p{fd_, POLLOUT, 0};
    const int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno != EINTR) return Broken("poll");
    if (n <= 0) continue;
    const ssize_t w =
        ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      stop_ = Stop::kClosed;
      problem_ = "Chromium closed the DevTools pipe";
      return false;
    }
    done += static_cast<size_t>(w);
  }
  return true;
}

bool DevToolsPipe::Broken(const char* what) {
  stop_ = Stop::kBroken;
  problem_ = std::string(what) + " on the DevTools pipe: " + std::strerror(errno);
  return false;
}

std::optional<json> DevToolsPipe::Next() {
  for (;;) {
    const size_t nul = in_.find('\0');
    if (nul != std::string::npos) {
      json m = json::parse(in_.begin(), in_.begin() + static_cast<long>(nul), nullptr, false);
      in_.erase(0, nul + 1);
      if (m.is_discarded() || !m.is_object()) {
        Log("< (a message that is not JSON)");
        continue;
      }
      if (m.contains("method") && m["method"].is_string()) {
        const std::string method = m["method"].get<std::string>();
        const std::string session = m.contains("sessionId") && m["sessionId"].is_string()
                                        ? m["sessionId"].get<std::string>()
                                        : "";
        // Network.* events are many and say nothing the DOM does not;
        // paused requests are listed by the caller.
        if (method.rfind("Network.", 0) != 0 && method != "Fetch.requestPaused") Log("* " + method);
        if (seen_.size() < 10000) seen_.insert(session + "|" + method);
        if (on_event_) on_event_(m);
      }
      return m;
    }
    if (in_.size() > kMaxMessage) {
      stop_ = Stop::kBroken;
      problem_ = "a DevTools message larger than " + std::to_string(kMaxMessage >> 20) + " MiB";
      return std::nullopt;
    }
    int timeout_ms = 0;
    if (!Slice(timeout_ms)) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    const int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno != EINTR) {
      Broken("poll");
      return std::nullopt;
    }
    if (n <= 0) continue;
    char buf[1 << 16];
    const ssize_t r = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (r < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      Broken("recv");
      return std::nullopt;
    }
    if (r == 0) {
      stop_ = Stop::kClosed;
      problem_ = "Chromium closed the DevTools pipe (it exited)";
      return std::nullopt;
    }
    in_.append(buf, static_cast<size_t>(r));
  }
}

}  // namespace pooltest
