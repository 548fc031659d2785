#include "probes/http/chromium_render.h"

#include "harness/core/headless_chromium.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <boost/asio/async_result.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

extern char** environ;

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kMaxDom = 16 * 1024 * 1024;
constexpr size_t kStderrTail = 2000;

std::string ReadFile(const fs::path& p, size_t cap) {
  std::ifstream in(p, std::ios::binary);
  std::string s;
  if (!in) return s;
  s.resize(cap);
  in.read(s.data(), static_cast<std::streamsize>(cap));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

// A temporary folder removed when this goes out of scope.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "pooltest-chromium-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

RenderResult Render(const RenderRequest& req, steady_clock::time_point deadline,
                    const std::atomic<bool>& cancelled) {
  RenderResult r;
  TempDir profile;
  if (profile.path.empty()) {
    r.error = std::string("cannot create a temporary profile folder: ") + std::strerror(errno);
    return r;
  }
  if (cancelled.load() || steady_clock::now() >= deadline) {
    r.cancelled = cancelled.load();
    r.timed_out = !r.cancelled;
    r.error = "no time left to start Chromium for " + req.url;
    return r;
  }
  fs::path out_dir = req.out_dir.empty() ? profile.path / "out" : fs::path(req.out_dir);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    r.error = "cannot create the evidence folder " + out_dir.string() + ": " + ec.message();
    return r;
  }
  const fs::path dom_path = out_dir / (req.file_stem + ".html");
  const fs::path png_path = out_dir / (req.file_stem + ".png");
  const fs::path err_path = profile.path / "stderr.txt";
  fs::remove(png_path, ec);

  r.argv = HeadlessChromiumArgs(req.chromium);
  r.argv.insert(r.argv.end(),
                {"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
                 "--user-data-dir=" + (profile.path / "profile").string(),
                 "--screenshot=" + png_path.string()});
  if (!req.accept_language.empty()) r.argv.push_back("--accept-lang=" + req.accept_language);
  if (!req.host_rules.empty()) {
    std::string rules;
    for (const std::string& h : req.host_rules) rules += (rules.empty() ? "" : ", ") + h;
    r.argv.push_back("--host-resolver-rules=" + rules);
  }
  if (!req.verify_tls) r.argv.push_back("--ignore-certificate-errors");
  r.argv.push_back("--dump-dom");
  r.argv.push_back(req.url);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, dom_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so renderer and zygote children die with it.
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  std::vector<char*> argv;
  for (std::string& a : r.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, req.chromium.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    r.error = "cannot start '" + req.chromium + "': " + std::strerror(rc) +
              " (install Debian's chromium package: bash ci/install-deps.sh)";
    return r;
  }

  r.pid = pid;
  int status = 0;
  for (;;) {
    const pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    const bool late = steady_clock::now() >= deadline;
    if (late || cancelled.load()) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      r.timed_out = late && !cancelled.load();
      r.cancelled = cancelled.load();
      r.error = r.cancelled ? "cancelled while Chromium was rendering " + req.url
                            : "Chromium did not finish rendering " + req.url +
                                  " before the probe deadline; it was stopped";
      break;
    }
    std::this_thread::sleep_for(milliseconds(25));
  }
  // Stragglers of the group (a renderer that outlived the browser).
  kill(-pid, SIGKILL);

  std::string err = ReadFile(err_path, 1 << 20);
  r.stderr_tail = err.size() > kStderrTail ? err.substr(err.size() - kStderrTail) : err;
  r.dom = ReadFile(dom_path, kMaxDom);
  if (!req.out_dir.empty()) {
    r.dom_path = dom_path.string();
    if (fs::exists(png_path, ec)) r.screenshot_path = png_path.string();
  }
  if (!r.error.empty()) return r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (r.exit_code != 0 || r.dom.empty()) {
    r.error = "Chromium exited with status " + std::to_string(r.exit_code) +
              (r.dom.empty() ? " and printed no DOM" : "") + " for " + req.url;
    return r;
  }
  r.ok = true;
  return r;
}

struct InitiateRender {
  template <typename Handler>
  void operator()(Handler handler, boost::asio::any_io_executor blocking, RenderRequest req,
                  steady_clock::time_point deadline,
                  std::shared_ptr<std::atomic<bool>> cancelled) const {
    auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                    boost::asio::execution::outstanding_work.tracked);
    boost::asio::post(blocking, [handler = std::move(handler), home, req = std::move(req), deadline,
                                 cancelled]() mutable {
      RenderResult res;
      try {
        res = Render(req, deadline, *cancelled);
      } catch (const std::exception& e) {
        res.error = std::string("rendering failed: ") + e.what();
      }
      boost::asio::post(home, [handler = std::move(handler), res = std::move(res)]() mutable {
        std::move(handler)(std::move(res));
      });
    });
  }
};

}  // namespace

boost::asio::awaitable<RenderResult> RenderWithChromium(ProbeContext ctx, RenderRequest request) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  CancelRegistration registration(*ctx.cancel, [cancelled] { cancelled->store(true); });
  if (!ctx.blocking) co_return Render(request, ctx.deadline, *cancelled);
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(RenderResult)>(
      InitiateRender{}, boost::asio::use_awaitable, ctx.blocking, std::move(request), ctx.deadline,
      cancelled);
}

}  // namespace pooltest
