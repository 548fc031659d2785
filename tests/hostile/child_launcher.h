// Starts child processes for the hostile tests and measures them: exit
// status, wall time and peak RSS (wait4's ru_maxrss), killing a child that
// outlives its limit.
//
// Why a launcher process: Linux carries the memory high-water mark of the
// process a child was forked or vforked from into the child when it execs
// (exec_mmap folds the old mm's peak into the child's maxrss), so a child of
// the test process, which holds the hostile pools' buffers, would report
// the test's peak, not its own. A ChildLauncher is forked while the test
// process is still small (before any pool or thread) and starts every child
// itself, so what wait4 reports is the child's own peak, give or take the
// launcher's few megabytes. It holds no descriptor but its two pipes, and
// its children hold none but stdio: a child cannot keep a hostile
// connection open. One launcher serves one caller thread at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace pooltest::hostile {

struct ChildOutcome {
  std::string error;   // the child could not be started; nothing else is set
  int exit_code = -1;  // -1 when it died of a signal
  int signal = 0;
  bool killed = false;  // still running at kill_after, then killed
  double wall_s = 0;
  long max_rss_kb = 0;
};

class ChildLauncher {
 public:
  // Forks the launcher; nullptr (and errno) when that fails.
  static std::unique_ptr<ChildLauncher> Fork();
  ~ChildLauncher();  // the launcher exits when its pipe closes, and is reaped
  ChildLauncher(const ChildLauncher&) = delete;
  ChildLauncher& operator=(const ChildLauncher&) = delete;

  // Runs argv (argv[0] looked up in PATH) with stdin from /dev/null and
  // stdout and stderr into files, until it exits or kill_after passes.
  ChildOutcome Run(const std::vector<std::string>& argv, const std::string& out_file,
                   const std::string& err_file, std::chrono::seconds kill_after);

 private:
  ChildLauncher(pid_t pid, int requests, int replies)
      : pid_(pid), requests_(requests), replies_(replies) {}
  pid_t pid_;
  int requests_;  // write end: to the launcher
  int replies_;   // read end: from it
};

}  // namespace pooltest::hostile
