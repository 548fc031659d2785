// Split out of chromium_render.cc: the DevTools pipe shared by a browser's tabs.
#include "probes/http/devtools_pipe.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace pooltest {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// One protocol message; a full-page PNG in base64 plus the DOM stay far below.
constexpr size_t kMaxMessage = 64 * 1024 * 1024;
// The poll's longest sleep: how often the watchdog looks.
constexpr int kPollMs = 200;

}  // namespace

DevToolsPipe::DevToolsPipe(int fd) : fd_(fd) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    Stop(std::string("cannot create an eventfd for the DevTools pipe: ") + std::strerror(errno));
    return;
  }
  thread_ = std::thread([this] { Run(); });
}

DevToolsPipe::~DevToolsPipe() {
  Close();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void DevToolsPipe::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  Wake();
  if (thread_.joinable()) thread_.join();
  Stop("the browser was shut down");
}

std::string DevToolsPipe::problem() const {
  std::lock_guard<std::mutex> lock(mu_);
  return problem_;
}

int DevToolsPipe::Send(const std::string& method, const json& params, const std::string& session,
                       const std::shared_ptr<Mailbox>& box) {
  int id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_.load() || closing_) return 0;
    id = ++last_id_;
    json msg = {{"id", id}, {"method", method}, {"params", params}};
    if (!session.empty()) msg["sessionId"] = session;
    out_ += msg.dump();
    out_.push_back('\0');
    if (box) pending_[id] = {box, steady_clock::now()};
  }
  Wake();
  return id;
}

void DevToolsPipe::Route(const std::string& session, const std::shared_ptr<Mailbox>& box) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_[session] = box;
}

void DevToolsPipe::Forget(const std::shared_ptr<Mailbox>& box) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = routes_.begin(); it != routes_.end();)
    it = it->second.lock() == box ? routes_.erase(it) : std::next(it);
  for (auto it = pending_.begin(); it != pending_.end();)
    it = it->second.box.lock() == box ? pending_.erase(it) : std::next(it);
}

void DevToolsPipe::Wake() {
  if (wake_fd_ < 0) return;
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t w = ::write(wake_fd_, &one, sizeof one);
}

void DevToolsPipe::Stop(const std::string& why) {
  std::vector<std::shared_ptr<Mailbox>> boxes;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_.load()) return;
    problem_ = why;
    stopped_.store(true);
    for (auto& [id, p] : pending_)
      if (auto b = p.box.lock()) boxes.push_back(b);
    for (auto& [s, w] : routes_)
      if (auto b = w.lock()) boxes.push_back(b);
    pending_.clear();
    out_.clear();
  }
  for (auto& b : boxes) {
    std::lock_guard<std::mutex> lock(b->mu);
    if (b->wake) b->wake();
  }
}

void DevToolsPipe::Deliver(json m) {
  std::shared_ptr<Mailbox> box;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (m.contains("id") && m["id"].is_number_integer()) {
      const int id = m["id"].get<int>();
      if (id == ping_id_) ping_id_ = 0;
      const auto it = pending_.find(id);
      if (it == pending_.end()) return;
      box = it->second.box.lock();
      pending_.erase(it);
    } else if (m.contains("method") && m["method"].is_string()) {
      const std::string session = m.contains("sessionId") && m["sessionId"].is_string()
                                      ? m["sessionId"].get<std::string>()
                                      : "";
      const auto it = routes_.find(session);
      if (it == routes_.end()) return;
      box = it->second.lock();
      // A child's events belong to the tab that attached it, from its first.
      if (box && m["method"] == "Target.attachedToTarget" && m.contains("params") &&
          m["params"].is_object() && m["params"].contains("sessionId") &&
          m["params"]["sessionId"].is_string())
        routes_[m["params"]["sessionId"].get<std::string>()] = box;
    }
  }
  if (!box) return;
  std::lock_guard<std::mutex> lock(box->mu);
  box->messages.push_back(std::move(m));
  if (box->wake) box->wake();
}

bool DevToolsPipe::Watchdog(steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ping_id_ != 0) {
    if (now - ping_sent_ < kPingWait) return true;
    problem_ = "Chromium stopped answering (Browser.getVersion unanswered for " +
               std::to_string(kPingWait.count()) + " ms while commands waited)";
    return false;
  }
  if (now - last_heard_ < kPingAfter) return true;
  bool waiting = false;
  for (const auto& [id, p] : pending_) waiting |= now - p.sent >= kPingAfter;
  if (!waiting) return true;
  ping_id_ = ++last_id_;
  ping_sent_ = now;
  out_ +=
      json{{"id", ping_id_}, {"method", "Browser.getVersion"}, {"params", json::object()}}.dump();
  out_.push_back('\0');
  return true;
}

void DevToolsPipe::Run() {
  std::string in, out;
  size_t scanned = 0;  // bytes of `in` known to hold no NUL
  char buf[1 << 16];
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (closing_) return;
      out += out_;
      out_.clear();
    }
    pollfd p[2] = {{fd_, static_cast<short>(POLLIN | (out.empty() ? 0 : POLLOUT)), 0},
                   {wake_fd_, POLLIN, 0}};
    const int n = ::poll(p, 2, kPollMs);
    if (n < 0 && errno != EINTR)
      return Stop(std::string("poll on the DevTools pipe: ") + std::strerror(errno));
    const auto now = steady_clock::now();
    if (!Watchdog(now)) return Stop(problem());
    if (n <= 0) continue;
    if (p[1].revents & POLLIN) {
      uint64_t v = 0;
      [[maybe_unused]] const ssize_t r = ::read(wake_fd_, &v, sizeof v);
    }
    if ((p[0].revents & POLLOUT) && !out.empty()) {
      const ssize_t w = ::send(fd_, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        return Stop("Chromium closed the DevTools pipe");
      if (w > 0) out.erase(0, static_cast<size_t>(w));
    }
    if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    const ssize_t r = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (r < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      return Stop(std::string("recv on the DevTools pipe: ") + std::strerror(errno));
    }
    if (r == 0) return Stop("Chromium closed the DevTools pipe (it exited)");
    last_heard_ = now;
    in.append(buf, static_cast<size_t>(r));
    for (size_t nul; (nul = in.find('\0', scanned)) != std::string::npos;) {
      json m = json::parse(in.begin(), in.begin() + static_cast<long>(nul), nullptr, false);
      in.erase(0, nul + 1);
      scanned = 0;
      if (!m.is_discarded() && m.is_object()) Deliver(std::move(m));
    }
    scanned = in.size();
    if (in.size() > kMaxMessage)
      return Stop("a DevTools message larger than " + std::to_string(kMaxMessage >> 20) + " MiB");
  }
}

}  // namespace pooltest
