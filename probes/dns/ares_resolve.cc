#include "probes/dns/ares_resolve.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <mutex>
#include <set>
#include <vector>

namespace pooltest {

namespace {

using std::chrono::steady_clock;

constexpr int kMaxRecords = 64;                       // per query; more than any pool publishes
constexpr std::chrono::milliseconds kPollSlice{100};  // how often cancellation is noticed
constexpr size_t kMaxHexBytes = 512;                  // raw response kept in the transcript

double MsSince(steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(steady_clock::now() - t0).count();
}

std::string SockaddrText(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    return std::string(buf) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "family " + std::to_string(sa->sa_family);
}

const char* RcodeName(int rcode) {
  static const char* const kNames[] = {"NOERROR",  "FORMERR", "SERVFAIL",
                                       "NXDOMAIN", "NOTIMP",  "REFUSED"};
  return rcode >= 0 && rcode < 6 ? kNames[rcode] : nullptr;
}

// The rcode a c-ares status stands for when the response itself is not
// handed back (c-ares drops SERVFAIL/REFUSED answers to try the next server).
const char* RcodeOfStatus(int status) {
  switch (status) {
    case ARES_SUCCESS:
    case ARES_ENODATA:
      return "NOERROR";
    case ARES_EFORMERR:
      return "FORMERR";
    case ARES_ESERVFAIL:
      return "SERVFAIL";
    case ARES_ENOTFOUND:
      return "NXDOMAIN";
    case ARES_ENOTIMP:
      return "NOTIMP";
    case ARES_EREFUSED:
      return "REFUSED";
    default:
      return nullptr;
  }
}

const char* StatusName(int status) {
  switch (status) {
    case ARES_SUCCESS:
      return "ARES_SUCCESS";
    case ARES_ENODATA:
      return "ARES_ENODATA";
    case ARES_EFORMERR:
      return "ARES_EFORMERR";
    case ARES_ESERVFAIL:
      return "ARES_ESERVFAIL";
    case ARES_ENOTFOUND:
      return "ARES_ENOTFOUND";
    case ARES_ENOTIMP:
      return "ARES_ENOTIMP";
    case ARES_EREFUSED:
      return "ARES_EREFUSED";
    case ARES_EBADNAME:
      return "ARES_EBADNAME";
    case ARES_EBADRESP:
      return "ARES_EBADRESP";
    case ARES_ECONNREFUSED:
      return "ARES_ECONNREFUSED";
    case ARES_ETIMEOUT:
      return "ARES_ETIMEOUT";
    case ARES_ECANCELLED:
      return "ARES_ECANCELLED";
    case ARES_EDESTRUCTION:
      return "ARES_EDESTRUCTION";
    default:
      return "ARES_E?";
  }
}

std::string Hex(const unsigned char* p, int n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  const size_t len = std::min(static_cast<size_t>(n), kMaxHexBytes);
  for (size_t i = 0; i < len; ++i) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 15];
  }
  if (static_cast<size_t>(n) > len) out += "...";
  return out;
}

// Watches the channel's sockets (through c-ares' socket function hooks) to
// record which servers were contacted and which one sent each response,
// something c-ares 1.18 does not report.
struct SocketLog {
  // One UDP response as it arrived: c-ares drops SERVFAIL and REFUSED
  // responses (to try the next server) without handing them back.
  struct Response {
    std::string peer;
    int id = -1;
    int qtype = -1;
    int rcode = -1;
    std::string hex;
  };
  std::map<ares_socket_t, std::string> peer_of;
  std::vector<std::string> contacted;
  std::vector<std::string> answered_by;
  std::vector<Response> responses;

  static void Add(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  }
};

// Header fields and the first question's type of one DNS message.
SocketLog::Response ParseResponse(const std::string& peer, const void* data, ares_ssize_t n) {
  const auto* b = static_cast<const unsigned char*>(data);
  SocketLog::Response r;
  r.peer = peer;
  r.id = (b[0] << 8) | b[1];
  r.rcode = b[3] & 0x0F;
  r.hex = Hex(b, static_cast<int>(n));
  if (((b[4] << 8) | b[5]) == 0) return r;
  ares_ssize_t pos = 12;
  while (pos < n && b[pos] != 0 && (b[pos] & 0xC0) == 0) pos += b[pos] + 1;
  if (pos < n && (b[pos] & 0xC0) != 0) ++pos;  // a pointer takes two bytes
  ++pos;
  if (pos + 1 < n) r.qtype = (b[pos] << 8) | b[pos + 1];
  return r;
}

// With its own socket functions installed, c-ares leaves socket options to
// them: it reads until EAGAIN, so the socket must not block.
ares_socket_t HookSocket(int domain, int type, int protocol, void*) {
  return ::socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
}

int HookClose(ares_socket_t fd, void* user) {
  static_cast<SocketLog*>(user)->peer_of.erase(fd);
  return ::close(fd);
}

int HookConnect(ares_socket_t fd, const sockaddr* addr, ares_socklen_t len, void* user) {
  auto* log = static_cast<SocketLog*>(user);
  const std::string peer = SockaddrText(addr);
  log->peer_of[fd] = peer;
  SocketLog::Add(log->contacted, peer);
  return ::connect(fd, addr, len);
}

ares_ssize_t HookRecvfrom(ares_socket_t fd, void* buf, size_t len, int flags, sockaddr* from,
                          ares_socklen_t* from_len, void* user) {
  const ares_ssize_t n = ::recvfrom(fd, buf, len, flags, from, from_len);
  const int saved = errno;  // c-ares reads errno after this returns
  if (n > 0) {
    auto* log = static_cast<SocketLog*>(user);
    std::string peer;
    if (from != nullptr && from_len != nullptr && *from_len > 0) {
      peer = SockaddrText(from);
    } else if (auto it = log->peer_of.find(fd); it != log->peer_of.end()) {
      peer = it->second;
    }
    if (!peer.empty()) {
      SocketLog::Add(log->answered_by, peer);
      // A UDP read is one whole message; TCP reads come in parts.
      if (from != nullptr && n >= 12) log->responses.push_back(ParseResponse(peer, buf, n));
    }
  }
  errno = saved;
  return n;
}

ares_ssize_t HookSendv(ares_socket_t fd, const iovec* iov, int iovcnt, void*) {
  return ::writev(fd, iov, iovcnt);
}

const ares_socket_functions kHooks = {HookSocket, HookClose, HookConnect, HookRecvfrom, HookSendv};

struct Query {
  int type = 0;  // ns_t_a (1) or ns_t_aaaa (28)
  const char* type_name = "";
  steady_clock::time_point t0;
  bool done = false;
  int status = -1;
  int timeouts = 0;
  double elapsed_ms = 0;
  std::string rcode;  // empty when none is known
  std::string canonical_name;
  std::string answered_by;
  std::string raw_hex;
  std::vector<std::pair<std::string, int>> records;  // address, ttl
  const SocketLog* log = nullptr;
};

void OnAnswer(void* arg, int status, int timeouts, unsigned char* abuf, int alen) {
  auto* q = static_cast<Query*>(arg);
  q->done = true;
  q->status = status;
  q->timeouts = timeouts;
  q->elapsed_ms = MsSince(q->t0);
  // The last response seen for this query: by message id when c-ares hands
  // the answer back, else by question type.
  const SocketLog::Response* seen = nullptr;
  for (const SocketLog::Response& r : q->log->responses) {
    if (abuf != nullptr && alen >= 2 ? r.id == ((abuf[0] << 8) | abuf[1]) : r.qtype == q->type)
      seen = &r;
  }
  if (seen != nullptr) q->answered_by = seen->peer;
  int rcode = -1;
  if (abuf != nullptr && alen >= 12) {
    rcode = abuf[3] & 0x0F;
    q->raw_hex = Hex(abuf, alen);
  } else if (seen != nullptr) {
    rcode = seen->rcode;
    q->raw_hex = seen->hex;
  }
  const char* rc = rcode >= 0 ? RcodeName(rcode) : RcodeOfStatus(status);
  if (rc != nullptr) q->rcode = rc;
  if (rc == nullptr && rcode >= 0) q->rcode = "RCODE" + std::to_string(rcode);
  if (q->answered_by.empty() && q->log->answered_by.size() == 1)
    q->answered_by = q->log->answered_by[0];
  if (status != ARES_SUCCESS || abuf == nullptr) return;

  hostent* he = nullptr;
  char text[INET6_ADDRSTRLEN];
  int n = kMaxRecords;
  int parsed;
  if (q->type == 1) {
    ares_addrttl ttls[kMaxRecords];
    parsed = ares_parse_a_reply(abuf, alen, &he, ttls, &n);
    for (int i = 0; parsed == ARES_SUCCESS && i < n; ++i) {
      inet_ntop(AF_INET, &ttls[i].ipaddr, text, sizeof text);
      q->records.emplace_back(text, ttls[i].ttl);
    }
  } else {
    ares_addr6ttl ttls[kMaxRecords];
    parsed = ares_parse_aaaa_reply(abuf, alen, &he, ttls, &n);
    for (int i = 0; parsed == ARES_SUCCESS && i < n; ++i) {
      inet_ntop(AF_INET6, &ttls[i].ip6addr, text, sizeof text);
      q->records.emplace_back(text, ttls[i].ttl);
    }
  }
  if (he != nullptr) {
    if (he->h_name != nullptr) q->canonical_name = he->h_name;
    ares_free_hostent(he);
  }
  // An answer holding only a CNAME chain parses as "no data".
  if (parsed != ARES_SUCCESS) q->status = parsed;
}

void InitLibraryOnce() {
  // c-ares asks for one library-wide init before any channel; it is the only
  // process-wide state this module touches and is never torn down.
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
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

struct ChannelGuard {
  ares_channel channel = nullptr;
  ~ChannelGuard() {
    if (channel != nullptr) ares_destroy(channel);
  }
};

}  // namespace

std::string FormatDnsServer(const DnsServer& server) {
  const bool v6 = server.address.find(':') != std::string::npos;
  return (v6 ? "[" + server.address + "]" : server.address) + ":" + std::to_string(server.port);
}

Observation ResolveWithAres(const std::string& host, const DnsSettings& dns,
                            steady_clock::time_point deadline, const std::atomic<bool>& cancelled) {
  InitLibraryOnce();
  Observation o;
  o.probe = "dns.resolve";
  o.target = host;
  o.started = std::chrono::system_clock::now();
  const auto t0 = steady_clock::now();
  // Assigned key by key: a braced initializer list builds every pair as a
  // JSON array first, which cost more than the c-ares work it describes.
  o.data["host"] = host;
  o.data["source"] = "dns";
  for (const char* key : {"servers", "contacted", "answered_by", "queries", "records", "addresses"})
    o.data[key] = nlohmann::json::array();
  o.data["rcode"] = nullptr;
  o.data["elapsed_ms"] = 0.0;
  o.data["error"] = nullptr;
  auto finish = [&](ProbeStatus status, const std::string& detail, const std::string& error) {
    o.status = status;
    o.detail = detail;
    if (!error.empty()) o.data["error"] = error;
    o.data["elapsed_ms"] = MsSince(t0);
    o.finished = std::chrono::system_clock::now();
    return o;
  };

  ares_options opts{};
  int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
  opts.timeout = static_cast<int>(std::max<int64_t>(1, dns.timeout.count()));
  opts.tries = std::max(1, dns.tries);
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
  ChannelGuard guard;
  int rc = ares_init_options(&guard.channel, &opts, mask);
  if (rc != ARES_SUCCESS) {
    guard.channel = nullptr;
    return finish(ProbeStatus::kError,
                  "cannot set up the DNS resolver for " + host + ": " + ares_strerror(rc),
                  ares_strerror(rc));
  }
  ares_channel channel = guard.channel;
  if (!dns.servers.empty()) {
    std::string csv;
    for (const DnsServer& s : dns.servers) csv += (csv.empty() ? "" : ",") + FormatDnsServer(s);
    rc = ares_set_servers_ports_csv(channel, csv.c_str());
    if (rc != ARES_SUCCESS) {
      return finish(
          ProbeStatus::kError,
          "bad DNS server list '" + csv + "' (scenario dns.servers): " + ares_strerror(rc),
          ares_strerror(rc));
    }
  }
  o.data["servers"] = ConfiguredServers(channel);
  SocketLog log;
  ares_set_socket_functions(channel, &kHooks, &log);

  if (dns.servers.empty() && LookupHostsFile(channel, host, o)) {
    return finish(ProbeStatus::kOk,
                  host + " has " + std::to_string(o.data["addresses"].size()) +
                      " address(es) in the hosts file",
                  "");
  }

  Query queries[2];
  queries[0].type = 1;
  queries[0].type_name = "A";
  queries[1].type = 28;
  queries[1].type_name = "AAAA";
  for (Query& q : queries) {
    q.t0 = steady_clock::now();
    q.log = &log;
    AddTranscript(o, "sent",
                  std::string(q.type_name) + " " + host + " to " + o.data["servers"].dump());
    ares_search(channel, host.c_str(), 1 /* IN */, q.type, OnAnswer, &q);
  }

  bool timed_out = false, was_cancelled = false;
  while (!(queries[0].done && queries[1].done)) {
    const auto now = steady_clock::now();
    if (cancelled.load()) {
      was_cancelled = true;
    } else if (now >= deadline) {
      timed_out = true;
    }
    if (was_cancelled || timed_out) {
      ares_cancel(channel);  // every pending query's callback runs with ARES_ECANCELLED
      break;
    }
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    const int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    pollfd fds[ARES_GETSOCK_MAXNUM];
    nfds_t nfds = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
      if (events == 0) continue;
      fds[nfds++] = {socks[i], events, 0};
    }
    auto slice = std::min<steady_clock::duration>(kPollSlice, deadline - now);
    timeval max_tv{0, static_cast<suseconds_t>(
                          std::chrono::duration_cast<std::chrono::microseconds>(slice).count())};
    timeval tv{};
    timeval* next = ares_timeout(channel, &max_tv, &tv);
    const int wait_ms = static_cast<int>(next->tv_sec * 1000 + (next->tv_usec + 999) / 1000);
    const int ready = ::poll(fds, nfds, wait_ms);
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

  std::set<std::string> addresses;
  nlohmann::json records = nlohmann::json::array();
  nlohmann::json qjson = nlohmann::json::array();
  for (const Query& q : queries) {
    nlohmann::json recs = nlohmann::json::array();
    std::string summary;
    for (const auto& [addr, ttl] : q.records) {
      nlohmann::json rec = nlohmann::json::object();
      rec["address"] = addr;
      rec["ttl"] = ttl;
      recs.push_back(rec);
      rec["type"] = q.type_name;
      records.push_back(std::move(rec));
      addresses.insert(addr);
      summary += (summary.empty() ? "" : ", ") + addr + " ttl " + std::to_string(ttl);
    }
    nlohmann::json qj = nlohmann::json::object();
    qj["type"] = q.type_name;
    qj["status"] = StatusName(q.status);
    qj["rcode"] = q.rcode.empty() ? nlohmann::json() : nlohmann::json(q.rcode);
    qj["answered_by"] = q.answered_by.empty() ? nlohmann::json() : nlohmann::json(q.answered_by);
    qj["canonical_name"] =
        q.canonical_name.empty() ? nlohmann::json() : nlohmann::json(q.canonical_name);
    qj["timeouts"] = q.timeouts;
    qj["records"] = std::move(recs);
    qj["elapsed_ms"] = q.elapsed_ms;
    qjson.push_back(std::move(qj));
    std::string text = std::string(q.type_name) + " " + host;
    if (!q.answered_by.empty()) text += " from " + q.answered_by;
    text += ": " + std::string(StatusName(q.status));
    if (!q.rcode.empty()) text += " rcode " + q.rcode;
    if (!summary.empty()) text += "; " + summary;
    if (!q.raw_hex.empty()) text += "; raw " + q.raw_hex;
    AddTranscript(o, q.status == ARES_ECANCELLED ? "event" : "received", text);
  }
  o.data["queries"] = std::move(qjson);
  o.data["records"] = std::move(records);
  o.data["addresses"] = std::vector<std::string>(addresses.begin(), addresses.end());
  o.data["contacted"] = log.contacted;
  o.data["answered_by"] = log.answered_by;
  nlohmann::json responses = nlohmann::json::array();
  for (const SocketLog::Response& r : log.responses) {
    const char* name = RcodeName(r.rcode);
    nlohmann::json response = nlohmann::json::object();
    response["from"] = r.peer;
    response["type"] = r.qtype == 1 ? "A" : r.qtype == 28 ? "AAAA" : "?";
    response["rcode"] = name != nullptr ? name : "RCODE" + std::to_string(r.rcode);
    responses.push_back(std::move(response));
  }
  o.data["responses"] = std::move(responses);
  const std::string asked =
      log.contacted.empty() ? o.data["servers"].dump() : nlohmann::json(log.contacted).dump();

  if (!addresses.empty()) {
    o.data["rcode"] = "NOERROR";
    return finish(ProbeStatus::kOk,
                  host + " has " + std::to_string(addresses.size()) + " address(es)", "");
  }
  if (was_cancelled)
    return finish(ProbeStatus::kCancelled, "resolution of " + host + " was cancelled",
                  "cancelled before an answer");
  if (timed_out)
    return finish(
        ProbeStatus::kTimeout,
        "resolution of " + host + " did not finish by the probe deadline (asked " + asked + ")",
        "deadline passed before an answer");
  // Every query ended without records: say why, preferring the clearest cause.
  const Query* why = &queries[0];
  for (const Query& q : queries)
    if (q.status != ARES_ENODATA && why->status == ARES_ENODATA) why = &q;
  if (!why->rcode.empty()) o.data["rcode"] = why->rcode;
  if (why->rcode != "" && why->rcode != "NOERROR" && why->rcode != "NXDOMAIN") {
    return finish(ProbeStatus::kFailed,
                  "DNS server(s) " + asked + " answered " + why->rcode + " for " + host +
                      "; use a server that resolves this zone (scenario dns.servers)",
                  why->rcode);
  }
  switch (why->status) {
    case ARES_ETIMEOUT:
    case ARES_ECONNREFUSED:
      return finish(why->status == ARES_ETIMEOUT ? ProbeStatus::kTimeout : ProbeStatus::kFailed,
                    "no DNS answer for " + host + " from " + asked + " after " +
                        std::to_string(opts.tries) + " tries of " + std::to_string(opts.timeout) +
                        " ms; check that the server runs and dns.servers names it",
                    why->status == ARES_ETIMEOUT ? "timeout" : "connection refused");
    case ARES_ENOTFOUND:
      return finish(ProbeStatus::kFailed,
                    host + " does not exist (NXDOMAIN from " + asked +
                        "); correct the name in the scenario or publish it in DNS",
                    "NXDOMAIN");
    case ARES_ENODATA:
      return finish(
          ProbeStatus::kFailed,
          host + " exists but has no A or AAAA records (" + asked + "); publish its addresses",
          "no A or AAAA records");
    default:
      return finish(ProbeStatus::kFailed,
                    "cannot resolve " + host + ": " + ares_strerror(why->status),
                    ares_strerror(why->status));
  }
}

}  // namespace pooltest
