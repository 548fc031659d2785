// One headless Chromium that many page variants share (browser_pool.h):
// the process (chromium_process.h) in its own process group, its temporary
// profile (on /dev/shm when that tmpfs has room, else in the temporary
// folder), and the DevTools pipe its tabs multiplex (devtools_pipe.h).
// Start spawns it with HeadlessChromiumArgs' isolation, a fixed window
// size, the DevTools pipe and the caller's launch flags (the host resolver
// rules, the TLS setting), and no window of its own (--no-startup-window;
// it stays up between pages). Each browser context a page renders in gets
// a window; without the omnibox popup's WebUI (shared_browser.cc) the
// page's is its only renderer. Shutdown
// ends it (Browser.close, a bounded grace, then the whole group is killed)
// and removes the profile; Kill ends it at once. Both are idempotent; the
// destructor kills.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "probes/http/chromium_process.h"
#include "probes/http/devtools_pipe.h"

namespace pooltest {

class SharedBrowser {
 public:
  SharedBrowser() = default;
  ~SharedBrowser() { Kill(); }
  SharedBrowser(const SharedBrowser&) = delete;
  SharedBrowser& operator=(const SharedBrowser&) = delete;

  // "" or the problem, worded for the lab.
  std::string Start(const std::string& chromium, const std::vector<std::string>& flags);

  int pid() const { return process_.pid(); }
  const std::vector<std::string>& argv() const { return argv_; }
  // Valid after a successful Start until the object goes.
  DevToolsPipe& pipe() { return *pipe_; }
  bool failed() const { return pipe_ && pipe_->stopped(); }
  // The last lines Chromium printed (kept when it ended).
  std::string StderrTail();

  // Chromium's exit status (128+signal when it was killed); the first
  // call's on later calls.
  int Shutdown();
  int Kill();

 private:
  int End(bool graceful);

  std::mutex mu_;
  std::string profile_;
  std::vector<std::string> argv_;
  ChromiumProcess process_;
  std::unique_ptr<DevToolsPipe> pipe_;
  bool ended_ = false;
  std::string stderr_tail_;
  int exit_code_ = -1;
};

}  // namespace pooltest
