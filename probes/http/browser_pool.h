// The run's headless Chromium (issue 13: one browser per run). A browser is
// started on first need and kept until the pool goes; each page variant
// gets a fresh browser context and tab in it (chromium_render.cc), which
// keeps cookies, storage and cache apart as a fresh profile did. The runner
// owns the pool for the run; probes reach it through ProbeContext::browsers.
//
// Launch flags: the host resolver rules (the target policy's, and the page's
// host mapped to the address that served it) and --ignore-certificate-errors
// are browser-wide in Chromium, not per context. Rather than widen them to
// a union (a page could then resolve a name to an address that another
// page's fetch saw, or skip certificate checks it should make), the pool
// keeps one browser per distinct set of launch flags: each page is rendered
// under exactly the flags it had when it had a browser of its own. A run has
// one UI, so that is one browser, or a few when its host answers from
// several addresses.
//
// Failure: a browser whose pipe stopped (it exited, was killed, or stopped
// answering, devtools_pipe.h) fails the renders it was serving, each with
// its own error; it is killed, its group included, and counted. The next
// render starts a new one; once kMaxFailures browsers failed in the run
// every later render fails at once, saying so.
//
// Tabs: at most max_tabs renders hold a tab at once (ui.render_concurrency);
// the others wait, bounded by their deadline and cancellation. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "probes/http/shared_browser.h"

namespace pooltest {

class BrowserPool {
 public:
  static constexpr int kMaxFailures = 2;

  explicit BrowserPool(int max_tabs) : max_tabs_(max_tabs < 1 ? 1 : max_tabs) {}
  ~BrowserPool() { Shutdown(); }
  BrowserPool(const BrowserPool&) = delete;
  BrowserPool& operator=(const BrowserPool&) = delete;

  struct Lease {
    std::shared_ptr<SharedBrowser> browser;  // null: `error` says why
    std::string error;
    int starts = 0;  // browsers started in the pool so far
  };
  // The running browser for these launch flags, started when there is none.
  Lease Acquire(const std::string& chromium, const std::vector<std::string>& flags);
  // After a render in `browser`: when its pipe stopped it is retired (killed
  // and counted); its exit status then, else -1.
  int Release(const std::shared_ptr<SharedBrowser>& browser);

  // Waits for a free tab: false when the deadline passed or `cancelled` was
  // set first. Each true is paired with one ReturnTab.
  boost::asio::awaitable<bool> TakeTab(boost::asio::any_io_executor executor,
                                       std::chrono::steady_clock::time_point deadline,
                                       const std::atomic<bool>& cancelled);
  void ReturnTab();

  int max_tabs() const { return max_tabs_; }
  int starts() const;
  int peak_tabs() const;  // the most tabs open at once so far
  // Ends every browser (Browser.close when `graceful`, then the group is
  // killed); the last one's exit status, -1 if none ran.
  int Shutdown(bool graceful = true);

 private:
  int Retire(std::shared_ptr<SharedBrowser> browser);  // by value: it may be the map's

  const int max_tabs_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<SharedBrowser>> browsers_;  // by launch flags
  int starts_ = 0;
  std::vector<std::string> failures_;
  int tabs_ = 0, peak_tabs_ = 0;
};

}  // namespace pooltest
