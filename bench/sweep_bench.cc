// The probe sweep at N = 100, 1000, 10000 loopback stratum endpoints:
// endpoints per second of the harness's real sweep (a generated scenario
// with a primary and a backup site whose channels (N in all) each have one
// address, run through the
// runner's phases as `pooltest run` does: resolution, target policy,
// probing, evidence store included) against, at the same concurrency and on
// the same endpoints, a bare connect+subscribe+authorize loop and
// prometheus-blackbox-exporter's tcp module (sweep_baselines.h); and the
// peak RSS of the harness's sweep per N.
//
// The N endpoints are one reference-pool stratum server listening on N
// addresses 127.1.x.y, one port, in a process of its own. Each measured run
// is a fresh child process (its own peak RSS), killed if it takes over
// kRunLimit. Channels, not N stratum URLs in one site: the runner plans
// every URL on every address of a site.
//
// Each sweep also counts the TCP segments it cost (OutSegs of
// /proc/net/snmp before and after, both ends on loopback, so the pool's
// replies too): the harness's exchange has more round trips than the bare
// loop's (the job it waits for, the submit, the RTT samples), a floor no
// engine speed removes. "harness, 1 RTT sample" is the same sweep with
// rtt_samples: 1, the exchange nearest the bare loop's a scenario can ask.
//
// Plain program (no Google Benchmark: every figure is one whole sweep); any
// arguments ci/bench passes are ignored. Settings from the environment:
// POOLTEST_SWEEP_NS (default "100,1000,10000"), POOLTEST_SWEEP_RUNS (3),
// POOLTEST_SWEEP_CONCURRENCY (64).
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bench/sweep_baselines.h"
#include "harness/runner/declared_targets.h"
#include "harness/runner/probing_phase.h"
#include "harness/runner/runner.h"
#include "refpool/stratum_server.h"
#include "scenarios/scenario_loader.h"

namespace pooltest::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kRunLimit{120};

std::vector<int> IntsFromEnv(const char* name, std::vector<int> fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == 0) return fallback;
  std::vector<int> out;
  std::stringstream ss(v);
  for (std::string part; std::getline(ss, part, ',');) out.push_back(std::stoi(part));
  return out;
}

// What one measured run sends back on its pipe.
struct Figures {
  double seconds = 0;
  int ok = 0;
  long rss_kb = 0;
  long durable_delay_us = 0;
  long loaded_kb = 0;  // resident once the scenario is loaded, before probing
  bool valid = false;
};

void WriteFigures(int fd, const Figures& f) {
  char line[128];
  int len = std::snprintf(line, sizeof line, "%.6f %d %ld %ld %ld\n", f.seconds, f.ok, f.rss_kb,
                          f.durable_delay_us, f.loaded_kb);
  if (::write(fd, line, len) != len) ::_exit(3);
}

long CurrentRssKb() {
  long pages = 0, resident = 0;
  std::ifstream("/proc/self/statm") >> pages >> resident;
  return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

long PeakRssKb() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// Runs `body` in a child process and reads its figures; invalid when it
// failed or overran kRunLimit (then it is killed).
Figures InChild(const std::function<Figures()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    Figures f = body();
    WriteFigures(fds[1], f);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  const auto until = Clock::now() + kRunLimit;
  char buf[256];
  while (Clock::now() < until) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, n);
  }
  ::close(fds[0]);
  ::kill(pid, SIGKILL);  // a no-op when it has exited
  ::waitpid(pid, nullptr, 0);
  Figures f;
  std::istringstream in(text);
  f.valid =
      static_cast<bool>(in >> f.seconds >> f.ok >> f.rss_kb >> f.durable_delay_us >> f.loaded_kb) &&
      f.seconds > 0;
  return f;
}

// The pool: one stratum server on `n` addresses, until killed. Reports the
// port on `fd` (0 when it could not listen).
[[noreturn]] void Serve(int n, int fd) {
  boost::asio::io_context io;
  StratumServer server(io, StratumBehaviour{});
  uint16_t port = 0;
  for (int i = 0; i < n; ++i) {
    Result<uint16_t> bound = server.Listen(SweepAddress(i), port);
    if (!bound) {
      std::fprintf(stderr, "sweep_bench: %s\n", bound.error().message.c_str());
      port = 0;
      break;
    }
    port = *bound;
  }
  std::string line = std::to_string(port) + "\n";
  if (::write(fd, line.data(), line.size()) < 0) ::_exit(3);
  if (port == 0) ::_exit(1);
  io.run();
  ::_exit(0);
}

// Two sites (the loader wants a primary and a backup), the endpoints split
// between them, each address a channel of its site (of a provider of its
// own, so the loader has nothing to warn about).
std::string ScenarioYaml(int n, uint16_t port, int concurrency, int rtt_samples) {
  std::ostringstream y;
  y << "pooltest: 1\nname: sweep bench\n"
    << "applicant: {legal_name: Bench pool, bin: \"230440012341\"}\nsites:\n";
  const int half = n / 2;
  const struct {
    const char* id;
    const char* settlement;
    int from, to;
  } sites[] = {{"primary", "Astana", 0, half}, {"backup", "Almaty", half, n}};
  for (const auto& site : sites) {
    y << "  - id: " << site.id << "\n    role: " << site.id
      << "\n    settlement: " << site.settlement << "\n    stratum: [{url: \"stratum+tcp://"
      << SweepAddress(site.from) << ":" << port << "\"}]\n    channels:\n";
    for (int i = site.from; i < site.to; ++i)
      y << "      - {provider: ISP " << i << ", addresses: [" << SweepAddress(i) << "]}\n";
  }
  y << "worker: {user: bench.worker, password: x}\n"
    << "vantage_points:\n  - {name: harness, latitude: 51.1694, longitude: 71.4491, local: "
       "true}\n"
    << "thresholds: {concurrency: " << concurrency << ", rtt_samples: " << rtt_samples
    << ", probe_timeout: 5s, run_timeout: 10m}\n";
  return y.str();
}

// The harness's sweep: the phases of `pooltest run` up to judging.
// Loaded here, in the measured process: its memory is the run's.
Figures HarnessSweep(const std::string& scenario_path, const std::string& out_dir) {
  Figures f;
  LoadOutcome loaded = LoadScenarioFile(scenario_path);
  if (!loaded.ok()) {
    for (const Diagnostic& d : loaded.diagnostics)
      std::fprintf(stderr, "sweep_bench: %s\n", FormatDiagnostic(d).c_str());
    return f;
  }
  const Scenario& sc = *loaded.scenario;
  f.loaded_kb = CurrentRssKb();
  Result<EvidenceStore> store = EvidenceStore::Create(out_dir);
  if (!store) {
    std::fprintf(stderr, "sweep_bench: %s\n", store.error().message.c_str());
    return f;
  }
  RunOptions ro;
  ro.concurrency = sc.thresholds.concurrency;
  ro.probe_timeout = sc.thresholds.probe_timeout;
  ro.run_deadline = Clock::now() + kRunLimit;
  ro.vantage = "harness";
  ro.handle_signals = false;
  ro.evidence_dir = out_dir;
  const auto t0 = Clock::now();
  {
    Runner runner(ro, *store);
    if (runner.Execute(PlanResolution(sc))) {
      runner.SetTargets(TargetsFromResolution(sc, store->observations()));
      ExecuteProbing(runner, *store, sc, AddressesFrom(store->observations()), OpenDataSources(sc));
    }
    for (const std::string& e : runner.store_errors())
      std::fprintf(stderr, "sweep_bench: %s\n", e.c_str());
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  for (const Observation& o : store->observations())
    f.ok += o.probe == "stratum.handshake" && o.data.value("authorized", false) == true;
  f.rss_kb = PeakRssKb();
  f.durable_delay_us = store->max_durable_delay().count();
  f.valid = true;
  return f;
}

Figures Timed(const std::function<int()> sweep) {
  Figures f;
  const auto t0 = Clock::now();
  f.ok = sweep();
  f.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  f.rss_kb = PeakRssKb();
  return f;
}

struct Stats {
  double min = 0, median = 0, max = 0;
};

Stats Of(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  return {v.front(), v[v.size() / 2], v.back()};
}

// TCP segments this network namespace has sent, -1 when unreadable.
long TcpOutSegments() {
  std::ifstream snmp("/proc/net/snmp");
  std::vector<std::string> names;
  for (std::string line; std::getline(snmp, line);) {
    if (line.rfind("Tcp:", 0) != 0) continue;
    std::istringstream fields(line.substr(4));
    std::vector<std::string> words;
    for (std::string w; fields >> w;) words.push_back(w);
    if (names.empty()) {
      names = words;
      continue;
    }
    for (size_t i = 0; i < names.size() && i < words.size(); ++i)
      if (names[i] == "OutSegs") return std::stol(words[i]);
  }
  return -1;
}

struct Series {
  std::vector<double> seconds, rss_mb, delay_ms, loaded_mb, segments;
  int failed_runs = 0;
  int min_ok = -1;
};

void Add(Series& s, const Figures& f, long segments) {
  if (!f.valid) {
    ++s.failed_runs;
    return;
  }
  s.seconds.push_back(f.seconds);
  s.rss_mb.push_back(f.rss_kb / 1024.0);
  s.delay_ms.push_back(f.durable_delay_us / 1000.0);
  s.loaded_mb.push_back(f.loaded_kb / 1024.0);
  if (segments >= 0) s.segments.push_back(static_cast<double>(segments));
  s.min_ok = s.min_ok < 0 ? f.ok : std::min(s.min_ok, f.ok);
}

// Endpoints per second at the median time; 0 without a valid run.
double Rate(int n, const Series& s) { return s.seconds.empty() ? 0 : n / Of(s.seconds).median; }

void Print(const char* what, int n, const Series& s) {
  if (s.seconds.empty()) {
    std::printf("  %-24s no valid run (%d failed or over %llds)\n", what, s.failed_runs,
                static_cast<long long>(kRunLimit.count()));
    return;
  }
  Stats t = Of(s.seconds);
  std::printf("  %-24s %8.3f / %8.3f / %8.3f s   %8.0f endpoints/s   %d of %d answered", what,
              t.min, t.median, t.max, Rate(n, s), s.min_ok, n);
  if (!s.segments.empty()) std::printf("   %.1f TCP segments each", Of(s.segments).median / n);
  if (s.failed_runs) std::printf("   (%d runs failed)", s.failed_runs);
  std::printf("\n");
}

int Main() {
  const std::vector<int> ns = IntsFromEnv("POOLTEST_SWEEP_NS", {100, 1000, 10000});
  const int runs = IntsFromEnv("POOLTEST_SWEEP_RUNS", {3}).front();
  const int concurrency = IntsFromEnv("POOLTEST_SWEEP_CONCURRENCY", {64}).front();
  const int max_n = *std::max_element(ns.begin(), ns.end());
  // N listening sockets in the pool's process, the connections in flight in
  // every process.
  rlimit nofile{};
  ::getrlimit(RLIMIT_NOFILE, &nofile);
  nofile.rlim_cur = nofile.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &nofile);
  if (nofile.rlim_cur < static_cast<rlim_t>(max_n) + 1024) {
    std::printf("sweep_bench: RLIMIT_NOFILE hard limit %llu is too low for N = %d\n",
                static_cast<unsigned long long>(nofile.rlim_max), max_n);
    return 1;
  }
  std::string tmpl = (fs::temp_directory_path() / "pooltest-sweep-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return 1;
  const std::string dir = tmpl;

  int fds[2];
  if (::pipe(fds) != 0) return 1;
  pid_t pool = ::fork();
  if (pool == 0) {
    ::close(fds[0]);
    Serve(max_n, fds[1]);
  }
  ::close(fds[1]);
  char buf[32] = {0};
  ssize_t got = ::read(fds[0], buf, sizeof buf - 1);
  ::close(fds[0]);
  const uint16_t port = got > 0 ? static_cast<uint16_t>(std::atoi(buf)) : 0;
  if (port == 0) {
    std::printf("sweep_bench: the stratum server could not listen on %d addresses\n", max_n);
    ::kill(pool, SIGKILL);
    ::waitpid(pool, nullptr, 0);
    return 1;
  }
  Blackbox blackbox = StartBlackbox(dir);

  std::printf(
      "probe sweep: connect + subscribe + authorize + work per endpoint, concurrency %d, %d "
      "runs each (min / median / max); pool on %s..%s:%u\n",
      concurrency, runs, SweepAddress(0).c_str(), SweepAddress(max_n - 1).c_str(), port);
  if (blackbox.pid < 0) std::printf("blackbox_exporter: %s\n", blackbox.error.c_str());
  for (int n : ns) {
    const std::string scenario_path = dir + "/scenario-" + std::to_string(n) + ".yaml";
    const std::string one_rtt_path = dir + "/scenario-" + std::to_string(n) + "-1rtt.yaml";
    std::ofstream(scenario_path) << ScenarioYaml(n, port, concurrency, 5);
    std::ofstream(one_rtt_path) << ScenarioYaml(n, port, concurrency, 1);
    Series harness, one_rtt, bare, bb;
    // Segments sent while `body` ran in its child.
    auto measured = [](Series& s, const std::function<Figures()>& body) {
      const long before = TcpOutSegments();
      Figures f = InChild(body);
      const long after = TcpOutSegments();
      Add(s, f, before >= 0 && after >= before ? after - before : -1);
    };
    for (int r = 0; r < runs; ++r) {
      const std::string out = dir + "/run-" + std::to_string(n) + "-" + std::to_string(r);
      measured(harness, [&] { return HarnessSweep(scenario_path, out); });
      fs::remove_all(out);
      measured(one_rtt, [&] { return HarnessSweep(one_rtt_path, out); });
      fs::remove_all(out);
      measured(bare, [&] { return Timed([&] { return BareSweep(n, port, concurrency); }); });
      if (blackbox.pid > 0)
        measured(bb, [&] {
          return Timed([&] { return BlackboxSweep(blackbox, n, port, concurrency); });
        });
    }
    std::printf("N = %d\n", n);
    Print("harness sweep", n, harness);
    Print("harness, 1 RTT sample", n, one_rtt);
    Print("bare C++ loop", n, bare);
    if (blackbox.pid > 0) Print("blackbox_exporter", n, bb);
    if (!harness.seconds.empty()) {
      Stats rss = Of(harness.rss_mb), delay = Of(harness.delay_ms);
      Stats loaded = Of(harness.loaded_mb);
      std::printf(
          "  harness peak RSS         %8.1f / %8.1f / %8.1f MB   (%.1f MB once the scenario is "
          "loaded)\n",
          rss.min, rss.median, rss.max, loaded.median);
      std::printf(
          "  evidence: worst Append-to-durable delay %.1f / %.1f / %.1f ms (bound %lld ms "
          "on an idle machine)\n",
          delay.min, delay.median, delay.max, static_cast<long long>(kDurableWithin.count()));
    }
    if (Rate(n, bare) > 0)
      std::printf("  ratio harness / bare loop                        %.2f\n",
                  Rate(n, harness) / Rate(n, bare));
    if (Rate(n, bb) > 0)
      std::printf("  ratio harness / blackbox_exporter                %.2f\n",
                  Rate(n, harness) / Rate(n, bb));
    if (Rate(n, bare) > 0 && Rate(n, one_rtt) > 0)
      std::printf("  ratio harness, 1 RTT sample / bare loop          %.2f\n",
                  Rate(n, one_rtt) / Rate(n, bare));
    if (Rate(n, bb) > 0 && Rate(n, one_rtt) > 0)
      std::printf("  ratio harness, 1 RTT sample / blackbox_exporter  %.2f\n",
                  Rate(n, one_rtt) / Rate(n, bb));
    std::fflush(stdout);
  }
  StopBlackbox(blackbox);
  ::kill(pool, SIGKILL);
  ::waitpid(pool, nullptr, 0);
  fs::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace pooltest::bench

int main() { return pooltest::bench::Main(); }
