// Split out of chromium_render.cc: starting and stopping the browser.
#include "probes/http/chromium_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

extern char** environ;

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kStderrTail = 2000;
// How long a browser gets to exit after Browser.close before it is killed.
constexpr milliseconds kCloseGrace{2000};

std::string ReadFile(const std::string& p, size_t cap) {
  std::ifstream in(p, std::ios::binary);
  std::string s;
  if (!in) return s;
  s.resize(cap);
  in.read(s.data(), static_cast<std::streamsize>(cap));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

ChromiumProcess::~ChromiumProcess() {
  if (ours_ >= 0) ::close(ours_);
}

std::string ChromiumProcess::Start(const std::string& executable, std::vector<std::string>& args,
                                   const std::string& stderr_path) {
  stderr_path_ = stderr_path;
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return std::string("cannot create the DevTools pipe: ") + std::strerror(errno);
  Fd ours(sv[0]);
  // Above 4, so the dup2 onto 3 and 4 below never is a no-op that would keep
  // close-on-exec set.
  Fd theirs(::fcntl(sv[1], F_DUPFD_CLOEXEC, 10));
  ::close(sv[1]);
  if (theirs.fd < 0) return std::string("cannot create the DevTools pipe: ") + std::strerror(errno);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, theirs.fd, 3);
  posix_spawn_file_actions_adddup2(&fa, theirs.fd, 4);
  // The browser must not inherit the harness's sockets (listeners, probe
  // connections): its helpers can outlive it.
  posix_spawn_file_actions_addclosefrom_np(&fa, 5);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so renderer and zygote children die with it.
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, executable.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return "cannot start '" + executable + "': " + std::strerror(rc) +
           " (install Debian's chromium package: bash ci/install-deps.sh)";
  }
  pid_ = pid;
  ours_ = ours.fd;
  ours.fd = -1;
  return "";
}

int ChromiumProcess::Stop(bool expect_exit, steady_clock::time_point deadline,
                          const std::atomic<bool>& cancelled) {
  // Wait for the exit Browser.close asked for, bounded; then the group goes.
  int status = 0;
  bool exited = false;
  const auto grace = std::min(deadline, steady_clock::now() + kCloseGrace);
  while (expect_exit && !cancelled.load()) {
    const pid_t w = waitpid(pid_, &status, WNOHANG);
    if (w == pid_ || (w < 0 && errno != EINTR)) {
      exited = w == pid_;
      break;
    }
    if (steady_clock::now() >= grace) break;
    std::this_thread::sleep_for(milliseconds(25));
  }
  // Also the stragglers of the group (a renderer that outlived the browser).
  kill(-pid_, SIGKILL);
  if (!exited)
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ChromiumProcess::StderrTail() const {
  std::string err = ReadFile(stderr_path_, 1 << 20);
  return err.size() > kStderrTail ? err.substr(err.size() - kStderrTail) : err;
}

}  // namespace pooltest
