// One headless Chromium process for RenderWithChromium. Start spawns it with
// the DevTools pipe (a socket pair) on its fds 3 and 4, stdin and stdout on
// /dev/null, stderr into a file, in its own process group and inheriting no
// other descriptor of the harness. Stop waits, bounded, for the exit that
// Browser.close asked for, then kills the whole group (renderers that
// outlived the browser too) and reaps the browser. Not thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace pooltest {

class ChromiumProcess {
 public:
  ChromiumProcess() = default;
  ~ChromiumProcess();
  ChromiumProcess(const ChromiumProcess&) = delete;
  ChromiumProcess& operator=(const ChromiumProcess&) = delete;

  // Starts `executable` (looked up in PATH) with `argv`; "" or the problem,
  // worded for the lab.
  std::string Start(const std::string& executable, std::vector<std::string>& argv,
                    const std::string& stderr_path);

  int pid() const { return pid_; }
  // Our end of the DevTools pipe, valid after a successful Start.
  int pipe_fd() const { return ours_; }

  // Waits for the browser to exit by itself (when `expect_exit`, at most
  // until kCloseGrace or `deadline`, and not once `cancelled`), then kills
  // the group; Chromium's exit status (128+signal when it was killed).
  int Stop(bool expect_exit, std::chrono::steady_clock::time_point deadline,
           const std::atomic<bool>& cancelled);

  // The last lines Chromium printed on stderr.
  std::string StderrTail() const;

 private:
  int pid_ = 0;
  int ours_ = -1;
  std::string stderr_path_;
};

}  // namespace pooltest
