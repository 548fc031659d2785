#include "reports/pdf_printer.h"

#include "core/headless_chromium.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

namespace pooltest {
namespace {

std::string FindChromium() {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    size_t start = 0;
    while (start <= p.size()) {
      size_t end = p.find(':', start);
      if (end == std::string::npos) end = p.size();
      std::string candidate = p.substr(start, end - start) + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return "";
}

}  // namespace

Status PrintPdf(const std::string& html_path, const std::string& pdf_path,
                std::chrono::seconds timeout) {
  namespace fs = std::filesystem;
  std::string chromium = FindChromium();
  if (chromium.empty()) {
    return Error{
        "cannot print act.pdf: no chromium on PATH (install the Debian package "
        "'chromium'); act.html holds the same act"};
  }
  std::string profile_template = (fs::temp_directory_path() / "pooltest-chromium-XXXXXX").string();
  std::vector<char> buf(profile_template.begin(), profile_template.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) return Error{"cannot create a temporary browser profile"};
  std::string profile(buf.data());
  std::error_code ec;
  fs::remove(pdf_path, ec);

  std::vector<std::string> args = HeadlessChromiumArgs(chromium);
  args.insert(args.end(), {"--no-pdf-header-footer", "--user-data-dir=" + profile,
                           "--print-to-pdf=" + fs::absolute(pdf_path).string(),
                           "file://" + fs::absolute(html_path).string()});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid < 0) {
    fs::remove_all(profile, ec);
    return Error{"cannot start chromium (fork failed)"};
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group, so a timeout ends its helpers too
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
    }
    // The browser must not inherit the harness's sockets (the reference
    // pool's listeners, probe connections): its helpers can outlive it.
    ::close_range(3, ~0U, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  bool done = false;
  while (!done) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      done = true;
    } else if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      fs::remove_all(profile, ec);
      return Error{"chromium did not print act.pdf within " + std::to_string(timeout.count()) +
                   " s; it was stopped (act.html holds the same act)"};
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ::kill(-pid, SIGKILL);  // helpers left behind by the browser, if any
  fs::remove_all(profile, ec);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Error{"chromium failed to print act.pdf (exit status " +
                 std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")"};
  }
  if (!fs::exists(pdf_path, ec) || fs::file_size(pdf_path, ec) == 0) {
    return Error{"chromium ran but wrote no act.pdf"};
  }
  return Ok{};
}

}  // namespace pooltest
