#include "tests/hostile/child_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <thread>

extern char** environ;

namespace pooltest::hostile {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The launcher's own descriptors, once it has moved its pipe ends there.
constexpr int kRequestFd = 3;
constexpr int kReplyFd = 4;
constexpr uint32_t kMaxStrings = 256;
constexpr uint32_t kMaxStringBytes = 1 << 20;

// What goes back over the pipe (both ends are this binary).
struct Reply {
  int spawn_errno = 0;
  int exit_code = -1;
  int signal = 0;
  int killed = 0;
  double wall_s = 0;
  long max_rss_kb = 0;
};

bool WriteAll(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool ReadAll(int fd, void* data, size_t n) {
  char* p = static_cast<char*>(data);
  while (n > 0) {
    const ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool WriteStrings(int fd, const std::vector<std::string>& v) {
  const uint32_t count = static_cast<uint32_t>(v.size());
  if (!WriteAll(fd, &count, sizeof count)) return false;
  for (const std::string& s : v) {
    const uint32_t len = static_cast<uint32_t>(s.size());
    if (!WriteAll(fd, &len, sizeof len) || !WriteAll(fd, s.data(), s.size())) return false;
  }
  return true;
}

bool ReadStrings(int fd, std::vector<std::string>* v) {
  uint32_t count = 0;
  if (!ReadAll(fd, &count, sizeof count) || count > kMaxStrings) return false;
  v->assign(count, std::string());
  for (std::string& s : *v) {
    uint32_t len = 0;
    if (!ReadAll(fd, &len, sizeof len) || len > kMaxStringBytes) return false;
    s.resize(len);
    if (!ReadAll(fd, s.data(), len)) return false;
  }
  return true;
}

// In the launcher: request = [out_file, err_file, kill_after_s, argv...].
Reply Spawn(const std::vector<std::string>& request) {
  Reply r;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, request[0].c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, request[1].c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  const auto kill_after = std::chrono::seconds(std::stol(request[2]));
  std::vector<char*> argv;
  for (size_t i = 3; i < request.size(); ++i) argv.push_back(const_cast<char*>(request[i].c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const Clock::time_point start = Clock::now();
  r.spawn_errno = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (r.spawn_errno != 0) return r;
  int status = 0;
  struct rusage ru {};
  // Polled rather than blocking, so a hung child is killed at kill_after.
  for (;;) {
    const pid_t got = wait4(pid, &status, WNOHANG, &ru);
    if (got == pid) break;
    if (got < 0 && errno != EINTR) {
      r.spawn_errno = errno;
      return r;
    }
    if (Clock::now() - start > kill_after) {
      kill(pid, SIGKILL);
      while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
      }
      r.killed = 1;
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  r.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  r.max_rss_kb = ru.ru_maxrss;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

[[noreturn]] void Serve() {
  for (;;) {
    std::vector<std::string> request;
    if (!ReadStrings(kRequestFd, &request) || request.size() < 4) _exit(0);
    const Reply reply = Spawn(request);
    if (!WriteAll(kReplyFd, &reply, sizeof reply)) _exit(0);
  }
}

}  // namespace

std::unique_ptr<ChildLauncher> ChildLauncher::Fork() {
  int to_child[2], from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0) return nullptr;
  if (pipe2(from_child, O_CLOEXEC) != 0) {
    close(to_child[0]);
    close(to_child[1]);
    return nullptr;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    // Only our own pipe ends, at fixed numbers; everything else (other
    // launchers' pipes included) closed, so each sees its EOF.
    const int req = fcntl(to_child[0], F_DUPFD, 100);
    const int rep = fcntl(from_child[1], F_DUPFD, 100);
    if (req < 0 || rep < 0 || dup2(req, kRequestFd) < 0 || dup2(rep, kReplyFd) < 0) _exit(1);
    closefrom(kReplyFd + 1);
    Serve();
  }
  close(to_child[0]);
  close(from_child[1]);
  if (pid < 0) {
    close(to_child[1]);
    close(from_child[0]);
    return nullptr;
  }
  return std::unique_ptr<ChildLauncher>(new ChildLauncher(pid, to_child[1], from_child[0]));
}

ChildLauncher::~ChildLauncher() {
  close(requests_);
  close(replies_);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

ChildOutcome ChildLauncher::Run(const std::vector<std::string>& argv, const std::string& out_file,
                                const std::string& err_file, std::chrono::seconds kill_after) {
  ChildOutcome o;
  std::vector<std::string> request = {out_file, err_file, std::to_string(kill_after.count())};
  request.insert(request.end(), argv.begin(), argv.end());
  Reply reply;
  if (argv.empty() || !WriteStrings(requests_, request) ||
      !ReadAll(replies_, &reply, sizeof reply)) {
    o.error = "the child launcher is gone";
    return o;
  }
  if (reply.spawn_errno != 0) {
    o.error = "cannot run " + argv[0] + ": " + std::strerror(reply.spawn_errno);
    return o;
  }
  o.exit_code = reply.exit_code;
  o.signal = reply.signal;
  o.killed = reply.killed != 0;
  o.wall_s = reply.wall_s;
  o.max_rss_kb = reply.max_rss_kb;
  return o;
}

}  // namespace pooltest::hostile
