// The socket hooks behind AresSocketLog: c-ares calls them for every socket
// of the channel; they do the system call and note the peer.
#include "probes/dns/ares_socket_log.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/hex.h"

namespace pooltest {

namespace {

constexpr size_t kMaxHexBytes = 512;  // raw response kept in the transcript

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

// Header fields and the first question's type of one DNS message.
AresSocketLog::Response ParseResponse(const std::string& peer, const void* data, ares_ssize_t n) {
  const auto* b = static_cast<const unsigned char*>(data);
  AresSocketLog::Response r;
  r.peer = peer;
  r.id = (b[0] << 8) | b[1];
  r.rcode = b[3] & 0x0F;
  r.hex = DnsMessageHex(b, static_cast<size_t>(n));
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
  static_cast<AresSocketLog*>(user)->peer_of.erase(fd);
  return ::close(fd);
}

int HookConnect(ares_socket_t fd, const sockaddr* addr, ares_socklen_t len, void* user) {
  auto* log = static_cast<AresSocketLog*>(user);
  const std::string peer = SockaddrText(addr);
  log->peer_of[fd] = peer;
  AresSocketLog::Add(log->contacted, peer);
  return ::connect(fd, addr, len);
}

ares_ssize_t HookRecvfrom(ares_socket_t fd, void* buf, size_t len, int flags, sockaddr* from,
                          ares_socklen_t* from_len, void* user) {
  const ares_ssize_t n = ::recvfrom(fd, buf, len, flags, from, from_len);
  const int saved = errno;  // c-ares reads errno after this returns
  if (n > 0) {
    auto* log = static_cast<AresSocketLog*>(user);
    std::string peer;
    if (from != nullptr && from_len != nullptr && *from_len > 0) {
      peer = SockaddrText(from);
    } else if (auto it = log->peer_of.find(fd); it != log->peer_of.end()) {
      peer = it->second;
    }
    if (!peer.empty()) {
      AresSocketLog::Add(log->answered_by, peer);
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

}  // namespace

void AresSocketLog::Add(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

void WatchSockets(ares_channel channel, AresSocketLog* log) {
  ares_set_socket_functions(channel, &kHooks, log);
}

std::string DnsMessageHex(const unsigned char* p, size_t n) {
  if (n <= kMaxHexBytes) return HexEncode(p, n);
  return HexEncode(p, kMaxHexBytes) + "...";
}

}  // namespace pooltest
