#include "probes/location/shell_command.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

extern char** environ;

namespace pooltest {
namespace {

constexpr size_t kMaxOutput = 4096;
constexpr auto kPoll = std::chrono::milliseconds(20);

}  // namespace

boost::asio::awaitable<CommandOutcome> RunShellCommand(
    boost::asio::any_io_executor executor, std::string command,
    std::chrono::steady_clock::time_point deadline) {
  CommandOutcome out;
  const auto t0 = std::chrono::steady_clock::now();
  char path[] = "/tmp/pooltest-cmd-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    out.error = std::string("cannot create a temporary file for the command's output: ") +
                std::strerror(errno);
    co_return out;
  }
  unlink(path);  // the open descriptor keeps it readable
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fd, 1);
  posix_spawn_file_actions_adddup2(&actions, fd, 2);
  std::string sh = "/bin/sh", dash_c = "-c";
  char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    close(fd);
    out.error = std::string("cannot start /bin/sh: ") + std::strerror(rc);
    co_return out;
  }
  out.started = true;
  boost::asio::steady_timer timer(executor);
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) {
      out.error = std::string("waitpid failed: ") + std::strerror(errno);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      out.timed_out = true;
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    timer.expires_after(kPoll);
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }
  if (!out.timed_out && out.error.empty() && WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  char buf[kMaxOutput];
  const ssize_t n = pread(fd, buf, sizeof buf, 0);
  if (n > 0) out.output.assign(buf, static_cast<size_t>(n));
  close(fd);
  out.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  co_return out;
}

}  // namespace pooltest
