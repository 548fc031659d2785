// Split out of chromium_render.cc: one tab's commands and events.
#include "probes/http/tab_session.h"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/evidence_bounds.h"

namespace pooltest {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kMaxLog = 300;

}  // namespace

TabSession::TabSession(DevToolsPipe& pipe, boost::asio::any_io_executor executor,
                       steady_clock::time_point deadline, const std::atomic<bool>& cancelled,
                       std::vector<std::string>& log)
    : pipe_(pipe),
      deadline_(deadline),
      cancelled_(cancelled),
      log_(log),
      timer_(std::make_shared<boost::asio::steady_timer>(executor)) {
  // A message (or the pipe stopping) ends the tab's current wait early; a
  // wake that comes between its look at the mailbox and its wait costs at
  // most one kSlice.
  std::weak_ptr<boost::asio::steady_timer> weak = timer_;
  box_->wake = [executor, weak] {
    boost::asio::post(executor, [weak] {
      if (auto t = weak.lock()) t->cancel();
    });
  };
}

TabSession::~TabSession() {
  {
    std::lock_guard<std::mutex> lock(box_->mu);
    box_->wake = nullptr;
  }
  pipe_.Forget(box_);
}

int TabSession::Send(const std::string& method, const json& params, const std::string& session) {
  if (stop_ != Stop::kNone) return 0;
  Log("> " + method);
  const int id = pipe_.Send(method, params, session, box_);
  if (id == 0) {
    stop_ = Stop::kClosed;
    problem_ = pipe_.problem();
    return 0;
  }
  sent_[id] = method;
  return id;
}

boost::asio::awaitable<std::optional<json>> TabSession::Await(int id) {
  return AwaitUntil(id, steady_clock::time_point::max());
}

boost::asio::awaitable<std::optional<json>> TabSession::AwaitUntil(int id,
                                                                   steady_clock::time_point until) {
  const auto sent = sent_.find(id);
  if (sent == sent_.end()) co_return std::nullopt;
  const std::string method = sent->second;
  sent_.erase(sent);
  for (;;) {
    std::optional<json> m = co_await Next(until);
    if (!m && stop_ == Stop::kNone) {
      // The answer, should it come, is skipped by the next wait.
      problem_ = method + " got no answer in time";
      Log("< " + method + " no answer in time");
    }
    if (!m) co_return std::nullopt;
    if (!m->contains("id") || !(*m)["id"].is_number_integer() || (*m)["id"].get<int>() != id)
      continue;
    if (m->contains("error")) {
      const json& e = (*m)["error"];
      problem_ =
          method + " failed: " +
          (e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>()
                                                             : e.dump());
      Log("< " + method + " error: " + TruncateText(problem_, 200));
      co_return std::nullopt;
    }
    Log("< " + method + " ok");
    co_return m->contains("result") ? (*m)["result"] : json::object();
  }
}

void TabSession::Post(const std::string& method, const json& params, const std::string& session,
                      bool quiet) {
  if (stop_ != Stop::kNone) return;
  if (!quiet) Log("> " + method);
  pipe_.Send(method, params, session, nullptr);
}

boost::asio::awaitable<bool> TabSession::WaitEventUntil(std::string method, std::string session,
                                                        steady_clock::time_point until) {
  const std::string key = session + "|" + method;
  while (!seen_.count(key)) {
    if (!co_await Next(until)) co_return false;
  }
  co_return true;
}

void TabSession::Log(const std::string& line) {
  if (log_.size() < kMaxLog) {
    const auto ms = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start_).count();
    log_.push_back("+" + std::to_string(ms) + "ms " + line);
  } else if (log_.size() == kMaxLog) {
    log_.push_back("... (log truncated)");
  }
}

boost::asio::awaitable<std::optional<json>> TabSession::Next(steady_clock::time_point until) {
  for (;;) {
    std::optional<json> m;
    {
      std::lock_guard<std::mutex> lock(box_->mu);
      if (!box_->messages.empty()) {
        m = std::move(box_->messages.front());
        box_->messages.pop_front();
      }
    }
    if (m) {
      if (m->contains("method") && (*m)["method"].is_string()) {
        const std::string method = (*m)["method"].get<std::string>();
        const std::string session = m->contains("sessionId") && (*m)["sessionId"].is_string()
                                        ? (*m)["sessionId"].get<std::string>()
                                        : "";
        // Network.* events are many and say nothing the DOM does not;
        // paused requests are listed by the caller.
        if (method.rfind("Network.", 0) != 0 && method != "Fetch.requestPaused") Log("* " + method);
        if (seen_.size() < 10000) seen_.insert(session + "|" + method);
        if (on_event_) on_event_(*m);
      }
      co_return m;
    }
    if (cancelled_.load()) {
      stop_ = Stop::kCancelled;
      problem_ = "cancelled";
      co_return std::nullopt;
    }
    const auto now = steady_clock::now();
    if (now >= deadline_) {
      stop_ = Stop::kDeadline;
      problem_ = "deadline";
      co_return std::nullopt;
    }
    if (pipe_.stopped()) {
      stop_ = Stop::kClosed;
      problem_ = pipe_.problem();
      co_return std::nullopt;
    }
    if (now >= until) co_return std::nullopt;
    timer_->expires_at(std::min({deadline_, until, now + kSlice}));
    boost::system::error_code ec;
    co_await timer_->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }
}

}  // namespace pooltest
