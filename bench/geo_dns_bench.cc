// Addresses geolocated per second and resolutions per second, each against
// a baseline measured in the same run:
//  - GeoDatabase::Lookup (libmaxminddb lookup, record decoding, Observation
//    with data and transcript) vs raw MMDB_lookup_string on the same file,
//    over a fixed set of pseudo-random IPv4 addresses (lookups only: nothing
//    is sent to them). The file is the real GeoLite2 City when installed
//    (ci/install-deps.sh), else the reference pool's fixture database.
//  - ResolveWithAres (the resolution probe's body: channel set-up, A and
//    AAAA queries, evidence) vs a raw ares_getaddrinfo loop on one reused
//    channel, both asking a dnsmasq this program starts on 127.0.0.1.
// Rates are per wall-clock second (a resolution mostly waits). Every
// resolution is bounded by a 2 s deadline; benchmark time by
// --benchmark_min_time.
#include <ares.h>
#include <maxminddb.h>
#include <poll.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "probes/dns/ares_resolve.h"
#include "probes/geo/geo_lookup.h"
#include "tests/dns/dnsmasq_server.h"

namespace {

using std::chrono::steady_clock;

constexpr int kNames = 64;
constexpr int kAddresses = 4096;

std::vector<std::string> RandomIpv4(int n) {
  std::mt19937 rng(20240301);  // fixed: the same addresses every run
  std::vector<std::string> out;
  while (static_cast<int>(out.size()) < n) {
    const uint32_t a = rng();
    const unsigned b0 = a >> 24;
    if (b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224) continue;
    out.push_back(std::to_string(b0) + "." + std::to_string((a >> 16) & 255) + "." +
                  std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255));
  }
  return out;
}

std::string GeoPath() {
  struct stat st;
  if (stat(POOLTEST_GEOLITE2_CITY, &st) == 0) return POOLTEST_GEOLITE2_CITY;
  return std::string(POOLTEST_DATA_DIR) + "/refpool-geo.mmdb";
}

struct GeoBench {
  std::string path = GeoPath();
  std::vector<std::string> addresses = RandomIpv4(kAddresses);
};

void GeoDatabaseLookup(benchmark::State& state, const GeoBench& g) {
  pooltest::DataSource s;
  s.name = "bench";
  s.path = g.path;
  auto db = pooltest::GeoDatabase::Open(s);
  if (!db) {
    state.SkipWithError(db.error().message.c_str());
    return;
  }
  size_t i = 0, found = 0;
  for (auto _ : state) {
    pooltest::Observation o = db.value()->Lookup(g.addresses[i++ % g.addresses.size()]);
    found += o.data.value("found", false);
    benchmark::DoNotOptimize(o);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["found_share"] = static_cast<double>(found) / std::max<size_t>(1, i);
}

void RawMmdbLookupString(benchmark::State& state, const GeoBench& g) {
  MMDB_s mmdb;
  if (MMDB_open(g.path.c_str(), MMDB_MODE_MMAP, &mmdb) != MMDB_SUCCESS) {
    state.SkipWithError(("cannot open " + g.path).c_str());
    return;
  }
  size_t i = 0, found = 0;
  for (auto _ : state) {
    int gai = 0, err = 0;
    MMDB_lookup_result_s r =
        MMDB_lookup_string(&mmdb, g.addresses[i++ % g.addresses.size()].c_str(), &gai, &err);
    found += r.found_entry;
    benchmark::DoNotOptimize(r);
  }
  MMDB_close(&mmdb);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["found_share"] = static_cast<double>(found) / std::max<size_t>(1, i);
}

struct DnsBench {
  std::unique_ptr<pooltest::testing::DnsmasqServer> server;
  std::vector<std::string> names;
  pooltest::DnsSettings settings;
};

void ProbeResolve(benchmark::State& state, const DnsBench& d) {
  std::atomic<bool> cancelled{false};
  size_t i = 0;
  for (auto _ : state) {
    pooltest::Observation o =
        pooltest::ResolveWithAres(d.names[i++ % d.names.size()], d.settings,
                                  steady_clock::now() + std::chrono::seconds(2), cancelled);
    if (o.status != pooltest::ProbeStatus::kOk) {
      state.SkipWithError(("resolution failed: " + o.detail).c_str());
      break;
    }
    benchmark::DoNotOptimize(o);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

struct GaiDone {
  bool done = false;
  int status = -1;
};

void OnAddrinfo(void* arg, int status, int, ares_addrinfo* res) {
  auto* d = static_cast<GaiDone*>(arg);
  d->done = true;
  d->status = status;
  if (res != nullptr) ares_freeaddrinfo(res);
}

// Waits for one request on `channel`, at most until `deadline`.
bool Drive(ares_channel channel, const GaiDone& done, steady_clock::time_point deadline) {
  while (!done.done) {
    if (steady_clock::now() >= deadline) return false;
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    const int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    pollfd fds[ARES_GETSOCK_MAXNUM];
    nfds_t n = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short ev = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) ev |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) ev |= POLLOUT;
      if (ev != 0) fds[n++] = {socks[i], ev, 0};
    }
    timeval max_tv{0, 100000}, tv{};
    timeval* t = ares_timeout(channel, &max_tv, &tv);
    if (poll(fds, n, static_cast<int>(t->tv_sec * 1000 + t->tv_usec / 1000)) <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      continue;
    }
    for (nfds_t i = 0; i < n; ++i) {
      ares_process_fd(channel,
                      (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) ? fds[i].fd : ARES_SOCKET_BAD,
                      (fds[i].revents & POLLOUT) ? fds[i].fd : ARES_SOCKET_BAD);
    }
  }
  return true;
}

void RawAresGetaddrinfo(benchmark::State& state, const DnsBench& d) {
  ares_options opts{};
  std::string lookups = "b";
  opts.flags = ARES_FLAG_NOSEARCH;
  opts.lookups = lookups.data();
  opts.timeout = 2000;
  opts.tries = 1;
  ares_channel channel = nullptr;
  if (ares_init_options(&channel, &opts,
                        ARES_OPT_FLAGS | ARES_OPT_LOOKUPS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES) !=
          ARES_SUCCESS ||
      ares_set_servers_ports_csv(channel, d.server->address().c_str()) != ARES_SUCCESS) {
    state.SkipWithError("c-ares set-up failed");
    if (channel != nullptr) ares_destroy(channel);
    return;
  }
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;
  size_t i = 0;
  for (auto _ : state) {
    GaiDone done;
    ares_getaddrinfo(channel, d.names[i++ % d.names.size()].c_str(), nullptr, &hints, OnAddrinfo,
                     &done);
    if (!Drive(channel, done, steady_clock::now() + std::chrono::seconds(2)) ||
        done.status != ARES_SUCCESS) {
      state.SkipWithError("ares_getaddrinfo failed or timed out");
      break;
    }
  }
  ares_destroy(channel);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// Prints as usual, then each figure and its ratio to its baseline.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  explicit RatioReporter(std::string geo_path)
      : ConsoleReporter(OO_Tabular), geo_path_(std::move(geo_path)) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      auto it = r.counters.find("items_per_second");
      std::string name = r.benchmark_name();
      name = name.substr(0, name.find('/'));  // without "/real_time"
      if (it != r.counters.end() && !r.error_occurred) rate_[name] = it->second.value;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\nGeolocation database: %s\n", geo_path_.c_str());
    Line("geo", "BM_GeoDatabaseLookup", "BM_RawMmdbLookupString", "addresses/s");
    Line("dns", "BM_ProbeResolve", "BM_RawAresGetaddrinfo", "resolutions/s");
  }

 private:
  void Line(const char* what, const std::string& ours, const std::string& base, const char* unit) {
    const double a = rate_.count(ours) ? rate_[ours] : 0, b = rate_.count(base) ? rate_[base] : 0;
    std::printf("geo_dns_bench summary %s: %s %.0f %s vs baseline %s %.0f %s, ratio %.3f\n", what,
                ours.c_str(), a, unit, base.c_str(), b, unit, b > 0 ? a / b : 0.0);
  }
  std::string geo_path_;
  std::map<std::string, double> rate_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  ares_library_init(ARES_LIB_INIT_ALL);
  GeoBench geo;

  DnsBench dns;
  std::string hosts;
  for (int i = 0; i < kNames; ++i) {
    const std::string name = "bench-" + std::to_string(i) + ".test";
    hosts += "127.0.1." + std::to_string(i + 1) + " " + name + "\n";
    hosts += "fd00::" + std::to_string(i + 1) + " " + name + "\n";
    dns.names.push_back(name);
  }
  dns.server = std::make_unique<pooltest::testing::DnsmasqServer>(hosts, "test");
  if (!dns.server->started()) {
    std::fprintf(stderr, "geo_dns_bench: %s\n", dns.server->error().c_str());
    return 1;
  }
  dns.settings.servers.push_back({"127.0.0.1", dns.server->port()});
  dns.settings.timeout = std::chrono::milliseconds(2000);
  dns.settings.tries = 1;

  benchmark::RegisterBenchmark("BM_GeoDatabaseLookup", [&](benchmark::State& s) {
    GeoDatabaseLookup(s, geo);
  })->UseRealTime();
  benchmark::RegisterBenchmark("BM_RawMmdbLookupString", [&](benchmark::State& s) {
    RawMmdbLookupString(s, geo);
  })->UseRealTime();
  benchmark::RegisterBenchmark("BM_ProbeResolve", [&](benchmark::State& s) {
    ProbeResolve(s, dns);
  })->UseRealTime();
  benchmark::RegisterBenchmark("BM_RawAresGetaddrinfo", [&](benchmark::State& s) {
    RawAresGetaddrinfo(s, dns);
  })->UseRealTime();

  RatioReporter reporter(geo.path);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  dns.server->Stop();
  return 0;
}
