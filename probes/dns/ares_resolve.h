// Resolves one host name with c-ares to all its A and AAAA records, blocking
// the calling thread (the resolution probe runs it on the blocking executor).
// Keeps what a regulator needs to re-check the answer: the servers
// configured, the ones contacted and the ones that answered, each record with
// its TTL, each query's DNS status, the timings and the raw responses.
//
// Observation (probe "dns.resolve", target = host) data:
//   host, source ("dns" | "hosts_file"), servers ["127.0.0.1:5353", ...]
//   (as configured; the system's when DnsSettings has none), contacted [..],
//   answered_by [..], queries [{type "A"|"AAAA", status (c-ares name, e.g.
//   "ARES_ENOTFOUND"), rcode ("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED",
//   or null when no answer came), records, elapsed_ms}], records [{type,
//   address, ttl}], addresses [sorted, unique], rcode (NOERROR when any query
//   got records, else the first query's), elapsed_ms, error (null on
//   success). Transcript: each query sent, each response (summary and hex).
//
// Statuses: kOk when at least one address was found; kFailed for NXDOMAIN,
// SERVFAIL, REFUSED, empty answers and unusable settings; kTimeout when no
// server answered within its tries or the deadline passed; kCancelled when
// `cancelled` became true. Never throws. Returns at most ~100 ms after the
// deadline or the cancellation.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "core/observation.h"
#include "scenarios/scenario.h"

namespace pooltest {

Observation ResolveWithAres(const std::string& host, const DnsSettings& dns,
                            std::chrono::steady_clock::time_point deadline,
                            const std::atomic<bool>& cancelled);

// "127.0.0.1:5353", "[::1]:53": the form c-ares' server CSV and the evidence use.
std::string FormatDnsServer(const DnsServer& server);

}  // namespace pooltest
