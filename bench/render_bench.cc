// Issue 13's rendering row: page variants per second and summed Chromium
// RSS of the harness's renders (RenderWithChromium through one BrowserPool,
// POOLTEST_RENDER_TABS tabs at once, default 4: the run's one browser,
// started on first need and shut down at the end, both inside the timing)
// against serial `chromium --headless --dump-dom URL` (the same
// HeadlessChromiumArgs, a fresh profile each) on the same pages: the
// reference pool's UI, 4 pages in 3 languages (12 variants), served
// in-process on a free loopback port. The harness does more per page than
// dump-dom: the request gate, a settle wait (250 ms quiet), a screenshot.
//
// Summed RSS: the resident set of every process of the browser's process
// group added up (shared pages counted in each), sampled every kSample; the
// figure is the peak of the sum, the harness's whole run against the largest
// one dump-dom run. Plain program: any arguments ci/bench passes are
// ignored. POOLTEST_RENDER_RUNS (default 3) runs of each; min/median/max.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>  // before Asio's awaitable.hpp: Boost 1.74 uses std::exchange
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/headless_chromium.h"
#include "probes/http/browser_pool.h"
#include "probes/http/chromium_render.h"
#include "refpool/web_server.h"

extern char** environ;

namespace pooltest::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kSample{50};

int IntFromEnv(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

// The summed RSS (KiB) of every process in a group led by a child of ours.
long GroupsRssKb() {
  const pid_t self = getpid();
  const long page_kb = sysconf(_SC_PAGESIZE) / 1024;
  std::vector<std::pair<pid_t, pid_t>> procs;  // pid, pgrp
  std::vector<pid_t> leaders;
  DIR* d = opendir("/proc");
  if (!d) return 0;
  while (dirent* e = readdir(d)) {
    const pid_t pid = std::atoi(e->d_name);
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0, pgrp = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %d %d", &state, &ppid, &pgrp) != 3) continue;
    procs.emplace_back(pid, pgrp);
    if (ppid == self && pgrp == pid) leaders.push_back(pid);
  }
  closedir(d);
  long kb = 0;
  for (const auto& [pid, pgrp] : procs) {
    if (std::find(leaders.begin(), leaders.end(), pgrp) == leaders.end()) continue;
    std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
    long size = 0, resident = 0;
    if (statm >> size >> resident) kb += resident * page_kb;
  }
  return kb;
}

// Samples GroupsRssKb until stopped; peak() is the largest sum seen.
class RssSampler {
 public:
  RssSampler()
      : thread_([this] {
          while (!stop_.load()) {
            peak_ = std::max(peak_.load(), GroupsRssKb());
            std::this_thread::sleep_for(kSample);
          }
        }) {}
  long Stop() {
    stop_.store(true);
    thread_.join();
    return peak_.load();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<long> peak_{0};
  std::thread thread_;
};

struct Figures {
  double seconds = 0;
  long peak_rss_kb = 0;
  int ok = 0;
};

Figures Harness(const std::vector<std::string>& urls, int tabs) {
  boost::asio::io_context io;
  auto policy = std::make_shared<TargetPolicy>();
  policy->DeclareHost("127.0.0.1");
  auto pool = std::make_shared<BrowserPool>(tabs);
  Figures f;
  RssSampler rss;
  const auto start = Clock::now();
  for (const std::string& url : urls) {
    ProbeContext ctx;
    ctx.executor = io.get_executor();
    ctx.deadline = Clock::now() + std::chrono::seconds(120);
    ctx.vantage = "bench";
    ctx.cancel = std::make_shared<CancelHub>();
    ctx.targets = policy;
    ctx.browsers = pool;
    RenderRequest req;
    req.url = url;
    boost::asio::co_spawn(io, RenderWithChromium(ctx, req),
                          [&f](std::exception_ptr, RenderResult r) {
                            if (r.ok)
                              ++f.ok;
                            else
                              std::fprintf(stderr, "render failed: %s\n", r.error.c_str());
                          });
  }
  io.run();
  pool->Shutdown();
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  f.peak_rss_kb = rss.Stop();
  return f;
}

// One `chromium --dump-dom URL` in a process group of its own and a fresh
// profile; true when it printed a DOM and exited 0.
bool DumpDom(const std::string& url) {
  std::string profile = (fs::temp_directory_path() / "pooltest-dumpdom-XXXXXX").string();
  if (!mkdtemp(profile.data())) return false;
  std::vector<std::string> args = HeadlessChromiumArgs("chromium");
  args.push_back("--user-data-dir=" + profile);
  args.push_back("--dump-dom");
  args.push_back(url);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out = profile + ".out";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "chromium", &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  int status = 1;
  if (rc == 0) {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    kill(-pid, SIGKILL);
  }
  std::error_code ec;
  const bool printed = fs::file_size(out, ec) > 100;
  fs::remove(out, ec);
  fs::remove_all(profile, ec);
  return rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && printed;
}

Figures Serial(const std::vector<std::string>& urls) {
  Figures f;
  const auto start = Clock::now();
  for (const std::string& url : urls) {
    RssSampler rss;  // one dump-dom's peak: the largest of them is the figure
    if (DumpDom(url)) ++f.ok;
    f.peak_rss_kb = std::max(f.peak_rss_kb, rss.Stop());
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return f;
}

std::string Spread(std::vector<double> v, const char* format) {
  std::sort(v.begin(), v.end());
  char buf[160];
  std::snprintf(buf, sizeof buf, format, v.front(), v[v.size() / 2], v.back());
  return buf;
}

}  // namespace
}  // namespace pooltest::bench

int main() {
  using namespace pooltest;
  using namespace pooltest::bench;
  const int runs = std::max(1, IntFromEnv("POOLTEST_RENDER_RUNS", 3));
  const int tabs = std::max(1, IntFromEnv("POOLTEST_RENDER_TABS", 4));
  boost::asio::io_context server_io;
  WebServer server(server_io, UiBehaviour{}, SupportBehaviour{});
  Result<uint16_t> port = server.Listen("127.0.0.1", 0);
  if (!port) {
    std::fprintf(stderr, "render_bench: %s\n", port.error().message.c_str());
    return 1;
  }
  std::thread server_thread([&] { server_io.run(); });
  std::vector<std::string> urls;
  for (const char* lang : {"kk", "ru", "en"})
    for (const char* page : {"", "pricing", "help", "status"})
      urls.push_back("http://127.0.0.1:" + std::to_string(*port) + "/" + lang + "/" + page);

  std::vector<double> throughput, rss_ratio, harness_vps, serial_vps, harness_mb, serial_mb;
  for (int run = 0; run < runs; ++run) {
    const Figures h = Harness(urls, tabs);
    const Figures s = Serial(urls);
    const double hv = h.ok / h.seconds, sv = s.ok / s.seconds;
    std::printf(
        "run %d: harness %d/%zu ok in %.2f s (%.2f variants/s, summed RSS peak %.0f MB); "
        "serial dump-dom %d/%zu ok in %.2f s (%.2f variants/s, one dump-dom's peak %.0f MB)\n",
        run + 1, h.ok, urls.size(), h.seconds, hv, h.peak_rss_kb / 1024.0, s.ok, urls.size(),
        s.seconds, sv, s.peak_rss_kb / 1024.0);
    harness_vps.push_back(hv);
    serial_vps.push_back(sv);
    harness_mb.push_back(h.peak_rss_kb / 1024.0);
    serial_mb.push_back(s.peak_rss_kb / 1024.0);
    throughput.push_back(sv > 0 ? hv / sv : 0);
    rss_ratio.push_back(s.peak_rss_kb > 0 ? static_cast<double>(h.peak_rss_kb) / s.peak_rss_kb : 0);
  }
  std::printf("%zu page variants, %d tabs, %d runs (min / median / max)\n", urls.size(), tabs,
              runs);
  std::printf("  harness variants/s     %s\n", Spread(harness_vps, "%.2f / %.2f / %.2f").c_str());
  std::printf("  dump-dom variants/s    %s\n", Spread(serial_vps, "%.2f / %.2f / %.2f").c_str());
  std::printf("  throughput ratio       %s  (target >= 2.5)\n",
              Spread(throughput, "%.2f / %.2f / %.2f").c_str());
  std::printf("  harness summed RSS MB  %s\n", Spread(harness_mb, "%.0f / %.0f / %.0f").c_str());
  std::printf("  one dump-dom RSS MB    %s\n", Spread(serial_mb, "%.0f / %.0f / %.0f").c_str());
  std::printf("  summed RSS ratio       %s  (target <= 1.3)\n",
              Spread(rss_ratio, "%.2f / %.2f / %.2f").c_str());
  server.Stop();
  server_io.stop();
  server_thread.join();
  return 0;
}
