// Split out of chromium_render.cc: the run's browsers and tab slots.
#include "probes/http/browser_pool.h"

#include <algorithm>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// How often a render waiting for a tab looks again. Renders take seconds,
// so a simple bounded poll costs nothing measurable and has no wake-up to
// lose.
constexpr milliseconds kTabPoll{20};

std::string Key(const std::string& chromium, const std::vector<std::string>& flags) {
  std::string key = chromium;
  for (const std::string& f : flags) key += '\n' + f;
  return key;
}

}  // namespace

BrowserPool::Lease BrowserPool::Acquire(const std::string& chromium,
                                        const std::vector<std::string>& flags) {
  std::lock_guard<std::mutex> lock(mu_);
  Lease lease;
  lease.starts = starts_;
  if (static_cast<int>(failures_.size()) >= kMaxFailures) {
    lease.error = "Chromium failed " + std::to_string(failures_.size()) +
                  " times in this run and is not started again (";
    for (size_t i = 0; i < failures_.size(); ++i)
      lease.error += (i ? "; then " : "") + failures_[i];
    lease.error += ")";
    return lease;
  }
  const std::string key = Key(chromium, flags);
  auto it = browsers_.find(key);
  if (it != browsers_.end() && !it->second->failed()) {
    lease.browser = it->second;
    return lease;
  }
  if (it != browsers_.end()) {
    // Died between renders: counted, and restarted below if allowed.
    Retire(it->second);
    if (static_cast<int>(failures_.size()) >= kMaxFailures) {
      lease.error = "Chromium failed twice in this run and is not started again (" +
                    failures_.front() + "; then " + failures_.back() + ")";
      return lease;
    }
  }
  auto browser = std::make_shared<SharedBrowser>();
  lease.error = browser->Start(chromium, flags);
  if (!lease.error.empty()) return lease;
  lease.starts = ++starts_;
  browsers_[key] = browser;
  lease.browser = browser;
  return lease;
}

int BrowserPool::Release(const std::shared_ptr<SharedBrowser>& browser) {
  if (!browser || !browser->failed()) return -1;
  std::lock_guard<std::mutex> lock(mu_);
  return Retire(browser);
}

int BrowserPool::Retire(std::shared_ptr<SharedBrowser> browser) {
  const std::string why = browser->pipe().problem();
  for (auto it = browsers_.begin(); it != browsers_.end(); ++it) {
    if (it->second != browser) continue;
    // Counted once, by whichever of its renders ends first.
    browsers_.erase(it);
    const int status = browser->Kill();
    failures_.push_back("Chromium (pid " + std::to_string(browser->pid()) + ") " + why +
                        ", exit status " + std::to_string(status));
    return status;
  }
  return browser->Kill();
}

boost::asio::awaitable<bool> BrowserPool::TakeTab(boost::asio::any_io_executor executor,
                                                  steady_clock::time_point deadline,
                                                  const std::atomic<bool>& cancelled) {
  boost::asio::steady_timer timer(executor);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (tabs_ < max_tabs_) {
        peak_tabs_ = std::max(peak_tabs_, ++tabs_);
        co_return true;
      }
    }
    const auto now = steady_clock::now();
    if (cancelled.load() || now >= deadline) co_return false;
    timer.expires_at(std::min(deadline, now + kTabPoll));
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }
}

void BrowserPool::ReturnTab() {
  std::lock_guard<std::mutex> lock(mu_);
  if (tabs_ > 0) --tabs_;
}

int BrowserPool::starts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return starts_;
}

int BrowserPool::peak_tabs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return peak_tabs_;
}

int BrowserPool::Shutdown(bool graceful) {
  std::map<std::string, std::shared_ptr<SharedBrowser>> browsers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    browsers.swap(browsers_);
  }
  int status = -1;
  for (auto& [key, b] : browsers) status = graceful ? b->Shutdown() : b->Kill();
  return status;
}

}  // namespace pooltest
