// Reads the dns section (resolver addresses with optional ports, a timeout,
// a number of tries in range) and the thresholds (durations, concurrency and
// RTT samples in range, stratum_connections shared or separate, ui_coverage a
// share; a warning when probe_timeout exceeds run_timeout).
#include "scenarios/loader_sections.h"

#include <chrono>
#include <cstdint>
#include <string>

#include "scenarios/duration.h"
#include "scenarios/host_name.h"

namespace pooltest::loader {

namespace {

// "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353" -> address and port.
std::optional<DnsServer> ParseDnsServer(const std::string& s) {
  DnsServer out;
  std::string port;
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.address = s.substr(1, close - 1);
    if (close + 1 < s.size()) {
      if (s[close + 1] != ':') return std::nullopt;
      port = s.substr(close + 2);
      if (port.empty()) return std::nullopt;
    }
    if (!IsIpv6Literal(out.address)) return std::nullopt;
  } else if (IsIpv6Literal(s)) {
    out.address = s;
  } else {
    size_t colon = s.find(':');
    out.address = s.substr(0, colon);
    if (colon != std::string::npos) {
      port = s.substr(colon + 1);
      if (port.empty()) return std::nullopt;
    }
    if (!IsIpv4Literal(out.address)) return std::nullopt;
  }
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    long p = std::stol(port);
    if (!PortInRange(p)) return std::nullopt;
    out.port = static_cast<uint16_t>(p);
  }
  return out;
}

}  // namespace

// ---- dns ----

void ReadDns(const Loader& ld, const Located& v, DnsSettings& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  out.where = ld.ctx.At(v.mark);
  if (auto sv = f.Get("servers")) {
    if (auto items = ReadList(ld.ctx, *sv, true)) {
      for (const Located& item : *items) {
        std::optional<std::string> s = ReadNonEmpty(ld.ctx, item);
        if (!s) continue;
        std::optional<DnsServer> server = ParseDnsServer(*s);
        if (!server) {
          ld.ctx.Error(item.mark,
                       Quote(item.path) + ": " + Quote(*s) + " is not a DNS server address",
                       "write an IP address and an optional port: 127.0.0.1:5353, 192.0.2.53, "
                       "[::1]:5353 or ::1 (port 53 when absent); host names are not allowed");
          continue;
        }
        out.servers.push_back(*server);
      }
    }
  }
  if (auto x = f.Get("timeout")) {
    if (std::optional<std::string> s = ReadNonEmpty(ld.ctx, *x)) {
      std::optional<std::chrono::milliseconds> ms = ParseDuration(*s);
      if (!ms || ms->count() < 1) {
        ld.ctx.Error(x->mark, Quote(x->path) + ": bad duration " + Quote(*s),
                     "write a whole number and a unit, e.g. 500ms or 2s");
      } else {
        out.timeout = *ms;
      }
    }
  }
  if (auto x = f.Get("tries")) {
    if (std::optional<long long> n = ReadInteger(ld.ctx, *x)) {
      if (*n < 1 || *n > 10)
        ld.ctx.Error(x->mark, Quote(x->path) + ": " + std::to_string(*n) + " is out of range",
                     "tries is from 1 to 10");
      else
        out.tries = static_cast<int>(*n);
    }
  }
}

// ---- thresholds ----

void ReadThresholds(const Loader& ld, const Located& v, Thresholds& out) {
  Fields f(ld.ctx, v);
  if (!f.valid()) return;
  struct D {
    const char* key;
    std::chrono::milliseconds* out;
  };
  for (const D& d :
       {D{"probe_timeout", &out.probe_timeout}, D{"run_timeout", &out.run_timeout},
        D{"support_sla", &out.support_sla}, D{"support_probe_window", &out.support_probe_window},
        D{"support_human_reply_min", &out.support_human_reply_min}}) {
    auto x = f.Get(d.key);
    if (!x) continue;
    std::optional<std::string> s = ReadNonEmpty(ld.ctx, *x);
    if (!s) continue;
    std::optional<std::chrono::milliseconds> ms = ParseDuration(*s);
    if (!ms) {
      ld.ctx.Error(x->mark, Quote(x->path) + ": bad duration " + Quote(*s),
                   "write a whole number and a unit (ms, s, m, h, d), e.g. 500ms, 5s, 2m, 1h, "
                   "7d or 1h30m");
      continue;
    }
    *d.out = *ms;
  }
  struct I {
    const char* key;
    long long lo, hi;
    int* out;
  };
  for (const I& i :
       {I{"concurrency", 1, 256, &out.concurrency}, I{"rtt_samples", 1, 50, &out.rtt_samples}}) {
    auto x = f.Get(i.key);
    if (!x) continue;
    std::optional<long long> n = ReadInteger(ld.ctx, *x);
    if (!n) continue;
    if (*n < i.lo || *n > i.hi) {
      ld.ctx.Error(
          x->mark, Quote(x->path) + ": " + std::to_string(*n) + " is out of range",
          std::string(i.key) + " is from " + std::to_string(i.lo) + " to " + std::to_string(i.hi));
      continue;
    }
    *i.out = static_cast<int>(*n);
  }
  if (auto x = f.Get("stratum_connections")) {
    if (auto s = ReadEnum(ld.ctx, *x, {"shared", "separate"}))
      out.stratum_connections =
          *s == "shared" ? StratumConnections::kShared : StratumConnections::kSeparate;
  }
  if (auto x = f.Get("ui_coverage")) {
    if (std::optional<double> d = ReadNumber(ld.ctx, *x)) {
      if (*d < 0 || *d > 1)
        ld.ctx.Error(x->mark, Quote(x->path) + ": " + x->node.Scalar() + " is out of range",
                     "ui_coverage is a share from 0 to 1, e.g. 0.9 for 90%");
      else
        out.ui_coverage = *d;
    }
  }
  if (out.probe_timeout > out.run_timeout)
    ld.ctx.Warning(v.mark, "thresholds.probe_timeout is longer than thresholds.run_timeout",
                   "probes will be cut off by the run deadline");
}

}  // namespace pooltest::loader
