#include "probes/dns/ares_resolve.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <vector>

#include "probes/dns/ares_answer.h"
#include "probes/dns/ares_socket_log.h"

namespace pooltest {

namespace {

using std::chrono::steady_clock;

constexpr std::chrono::milliseconds kPollSlice{100};  // how often cancellation is noticed

void InitLibraryOnce() {
  // c-ares asks for one library-wide init before any channel; it is the only
  // process-wide state this module touches and is never torn down.
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

struct ChannelGuard {
  ares_channel channel = nullptr;
  ~ChannelGuard() {
    if (channel != nullptr) ares_destroy(channel);
  }
};

// The observation with every data key present, as ares_resolve.h lists them.
Observation StartObservation(const std::string& host) {
  Observation o;
  o.probe = "dns.resolve";
  o.target = host;
  o.started = std::chrono::system_clock::now();
  // Assigned key by key: a braced initializer list builds every pair as a
  // JSON array first, which cost more than the c-ares work it describes.
  o.data["host"] = host;
  o.data["source"] = "dns";
  for (const char* key : {"servers", "contacted", "answered_by", "queries", "records", "addresses"})
    o.data[key] = nlohmann::json::array();
  o.data["rcode"] = nullptr;
  o.data["elapsed_ms"] = 0.0;
  o.data["error"] = nullptr;
  return o;
}

Observation Finish(Observation& o, steady_clock::time_point t0, ProbeStatus status,
                   const std::string& detail, const std::string& error) {
  o.status = status;
  o.detail = detail;
  if (!error.empty()) o.data["error"] = error;
  o.data["elapsed_ms"] =
      std::chrono::duration<double, std::milli>(steady_clock::now() - t0).count();
  o.finished = std::chrono::system_clock::now();
  return o;
}

int TimeoutMs(const DnsSettings& dns) {
  return static_cast<int>(std::max<int64_t>(1, dns.timeout.count()));
}

int Tries(const DnsSettings& dns) { return std::max(1, dns.tries); }

// A channel with the scenario's per-try timeout and tries; an ares status.
int OpenChannel(const DnsSettings& dns, ares_channel* channel) {
  ares_options opts{};
  int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
  opts.timeout = TimeoutMs(dns);
  opts.tries = Tries(dns);
  std::string lookups = "b";
  if (!dns.servers.empty()) {
    // Ask exactly the given servers: no hosts file, no search domains. With
    // every setting given (servers follow below), c-ares does not read
    // /etc/resolv.conf either, so its "rotate" or "sortlist" cannot change
    // which server is asked, and a channel costs no file reads.
    mask |= ARES_OPT_FLAGS | ARES_OPT_LOOKUPS | ARES_OPT_SERVERS | ARES_OPT_DOMAINS |
            ARES_OPT_SORTLIST | ARES_OPT_NDOTS;
    opts.flags = ARES_FLAG_NOSEARCH;
    opts.lookups = lookups.data();
    opts.servers = nullptr;
    opts.nservers = 0;
    opts.domains = nullptr;
    opts.ndomains = 0;
    opts.sortlist = nullptr;
    opts.nsort = 0;
    opts.ndots = 1;
  }
  return ares_init_options(channel, &opts, mask);
}

// The scenario's servers as the channel's, in order; *csv is the list given.
int SetServers(ares_channel channel, const DnsSettings& dns, std::string* csv) {
  for (const DnsServer& s : dns.servers) *csv += (csv->empty() ? "" : ",") + FormatDnsServer(s);
  return ares_set_servers_ports_csv(channel, csv->c_str());
}

std::vector<std::string> ConfiguredServers(ares_channel channel) {
  std::vector<std::string> out;
  ares_addr_port_node* servers = nullptr;
  if (ares_get_servers_ports(channel, &servers) != ARES_SUCCESS) return out;
  for (ares_addr_port_node* s = servers; s != nullptr; s = s->next) {
    char buf[INET6_ADDRSTRLEN] = {0};
    const int port = s->udp_port != 0 ? s->udp_port : 53;
    if (s->family == AF_INET) {
      inet_ntop(AF_INET, &s->addr.addr4, buf, sizeof buf);
      out.push_back(std::string(buf) + ":" + std::to_string(port));
    } else if (s->family == AF_INET6) {
      inet_ntop(AF_INET6, &s->addr.addr6, buf, sizeof buf);
      out.push_back("[" + std::string(buf) + "]:" + std::to_string(port));
    }
  }
  ares_free_data(servers);
  return out;
}

// The system's hosts file answers first when no servers are given, as the
// system resolver would (c-ares' default lookups "fb").
bool LookupHostsFile(ares_channel channel, const std::string& host, Observation& o) {
  std::set<std::string> found;
  nlohmann::json records = nlohmann::json::array();
  for (int family : {AF_INET, AF_INET6}) {
    hostent* he = nullptr;
    if (ares_gethostbyname_file(channel, host.c_str(), family, &he) != ARES_SUCCESS) continue;
    for (char** a = he->h_addr_list; a != nullptr && *a != nullptr; ++a) {
      char text[INET6_ADDRSTRLEN];
      inet_ntop(family, *a, text, sizeof text);
      if (found.insert(text).second)
        records.push_back(
            {{"type", family == AF_INET ? "A" : "AAAA"}, {"address", text}, {"ttl", nullptr}});
    }
    ares_free_hostent(he);
  }
  if (found.empty()) return false;
  o.data["source"] = "hosts_file";
  o.data["records"] = records;
  o.data["addresses"] = std::vector<std::string>(found.begin(), found.end());
  AddTranscript(o, "received", "hosts file: " + o.data["addresses"].dump());
  return true;
}

void StartQueries(ares_channel channel, const std::string& host, const AresSocketLog& log,
                  AresQuery (&queries)[2], Observation& o) {
  queries[0].type = 1;
  queries[0].type_name = "A";
  queries[1].type = 28;
  queries[1].type_name = "AAAA";
  for (AresQuery& q : queries) {
    q.t0 = steady_clock::now();
    q.log = &log;
    AddTranscript(o, "sent",
                  std::string(q.type_name) + " " + host + " to " + o.data["servers"].dump());
    ares_search(channel, host.c_str(), 1 /* IN */, q.type, OnAresAnswer, &q);
  }
}

// The channel's sockets as poll() entries, for what c-ares waits on; the count.
nfds_t PollEntries(ares_channel channel, pollfd (&fds)[ARES_GETSOCK_MAXNUM]) {
  ares_socket_t socks[ARES_GETSOCK_MAXNUM];
  const int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
  nfds_t nfds = 0;
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    short events = 0;
    if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
    if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
    if (events == 0) continue;
    fds[nfds++] = {socks[i], events, 0};
  }
  return nfds;
}

// How long to poll: until c-ares' next retry, at most one slice and never
// past the deadline.
int WaitMs(ares_channel channel, steady_clock::time_point now, steady_clock::time_point deadline) {
  auto slice = std::min<steady_clock::duration>(kPollSlice, deadline - now);
  timeval max_tv{0, static_cast<suseconds_t>(
                        std::chrono::duration_cast<std::chrono::microseconds>(slice).count())};
  timeval tv{};
  timeval* next = ares_timeout(channel, &max_tv, &tv);
  return static_cast<int>(next->tv_sec * 1000 + (next->tv_usec + 999) / 1000);
}

enum class Wait { kAnswered, kTimedOut, kCancelled };

// Drives the channel until both queries are done, the deadline passes or
// `cancelled` is set; then every pending query's callback has run.
Wait WaitForAnswers(ares_channel channel, const AresQuery (&queries)[2],
                    steady_clock::time_point deadline, const std::atomic<bool>& cancelled) {
  while (!(queries[0].done && queries[1].done)) {
    const auto now = steady_clock::now();
    const Wait stop = cancelled.load()  ? Wait::kCancelled
                      : now >= deadline ? Wait::kTimedOut
                                        : Wait::kAnswered;
    if (stop != Wait::kAnswered) {
      ares_cancel(channel);  // every pending query's callback runs with ARES_ECANCELLED
      return stop;
    }
    pollfd fds[ARES_GETSOCK_MAXNUM];
    const nfds_t nfds = PollEntries(channel, fds);
    const int ready = ::poll(fds, nfds, WaitMs(channel, now, deadline));
    if (ready <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // retries and timeouts
      continue;
    }
    for (nfds_t i = 0; i < nfds; ++i) {
      const bool readable = fds[i].revents & (POLLIN | POLLERR | POLLHUP);
      const bool writable = fds[i].revents & POLLOUT;
      if (!readable && !writable) continue;
      ares_process_fd(channel, readable ? fds[i].fd : ARES_SOCKET_BAD,
                      writable ? fds[i].fd : ARES_SOCKET_BAD);
    }
  }
  return Wait::kAnswered;
}

// Every query ended without records: says why, preferring the clearest cause.
Observation FinishWithoutAddresses(Observation& o, steady_clock::time_point t0,
                                   const AresQuery (&queries)[2], const std::string& host,
                                   const DnsSettings& dns, const std::string& asked) {
  const AresQuery* why = &queries[0];
  for (const AresQuery& q : queries)
    if (q.status != ARES_ENODATA && why->status == ARES_ENODATA) why = &q;
  if (!why->rcode.empty()) o.data["rcode"] = why->rcode;
  if (why->rcode != "" && why->rcode != "NOERROR" && why->rcode != "NXDOMAIN") {
    return Finish(o, t0, ProbeStatus::kFailed,
                  "DNS server(s) " + asked + " answered " + why->rcode + " for " + host +
                      "; use a server that resolves this zone (scenario dns.servers)",
                  why->rcode);
  }
  switch (why->status) {
    case ARES_ETIMEOUT:
    case ARES_ECONNREFUSED:
      return Finish(o, t0,
                    why->status == ARES_ETIMEOUT ? ProbeStatus::kTimeout : ProbeStatus::kFailed,
                    "no DNS answer for " + host + " from " + asked + " after " +
                        std::to_string(Tries(dns)) + " tries of " + std::to_string(TimeoutMs(dns)) +
                        " ms; check that the server runs and dns.servers names it",
                    why->status == ARES_ETIMEOUT ? "timeout" : "connection refused");
    case ARES_ENOTFOUND:
      return Finish(o, t0, ProbeStatus::kFailed,
                    host + " does not exist (NXDOMAIN from " + asked +
                        "); correct the name in the scenario or publish it in DNS",
                    "NXDOMAIN");
    case ARES_ENODATA:
      return Finish(
          o, t0, ProbeStatus::kFailed,
          host + " exists but has no A or AAAA records (" + asked + "); publish its addresses",
          "no A or AAAA records");
    default:
      return Finish(o, t0, ProbeStatus::kFailed,
                    "cannot resolve " + host + ": " + ares_strerror(why->status),
                    ares_strerror(why->status));
  }
}

}  // namespace

std::string FormatDnsServer(const DnsServer& server) {
  const bool v6 = server.address.find(':') != std::string::npos;
  return (v6 ? "[" + server.address + "]" : server.address) + ":" + std::to_string(server.port);
}

Observation ResolveWithAres(const std::string& host, const DnsSettings& dns,
                            steady_clock::time_point deadline, const std::atomic<bool>& cancelled) {
  InitLibraryOnce();
  Observation o = StartObservation(host);
  const auto t0 = steady_clock::now();

  ChannelGuard guard;
  int rc = OpenChannel(dns, &guard.channel);
  if (rc != ARES_SUCCESS) {
    guard.channel = nullptr;
    return Finish(o, t0, ProbeStatus::kError,
                  "cannot set up the DNS resolver for " + host + ": " + ares_strerror(rc),
                  ares_strerror(rc));
  }
  ares_channel channel = guard.channel;
  if (!dns.servers.empty()) {
    std::string csv;
    rc = SetServers(channel, dns, &csv);
    if (rc != ARES_SUCCESS) {
      return Finish(
          o, t0, ProbeStatus::kError,
          "bad DNS server list '" + csv + "' (scenario dns.servers): " + ares_strerror(rc),
          ares_strerror(rc));
    }
  }
  o.data["servers"] = ConfiguredServers(channel);
  AresSocketLog log;
  WatchSockets(channel, &log);

  if (dns.servers.empty() && LookupHostsFile(channel, host, o)) {
    return Finish(o, t0, ProbeStatus::kOk,
                  host + " has " + std::to_string(o.data["addresses"].size()) +
                      " address(es) in the hosts file",
                  "");
  }

  AresQuery queries[2];
  StartQueries(channel, host, log, queries, o);
  const Wait wait = WaitForAnswers(channel, queries, deadline, cancelled);
  const std::set<std::string> addresses = RecordAnswers(queries, host, log, o);
  const std::string asked =
      log.contacted.empty() ? o.data["servers"].dump() : nlohmann::json(log.contacted).dump();

  if (!addresses.empty()) {
    o.data["rcode"] = "NOERROR";
    return Finish(o, t0, ProbeStatus::kOk,
                  host + " has " + std::to_string(addresses.size()) + " address(es)", "");
  }
  if (wait == Wait::kCancelled)
    return Finish(o, t0, ProbeStatus::kCancelled, "resolution of " + host + " was cancelled",
                  "cancelled before an answer");
  if (wait == Wait::kTimedOut)
    return Finish(
        o, t0, ProbeStatus::kTimeout,
        "resolution of " + host + " did not finish by the probe deadline (asked " + asked + ")",
        "deadline passed before an answer");
  return FinishWithoutAddresses(o, t0, queries, host, dns, asked);
}

}  // namespace pooltest
