#include "refpool/loopback_block.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace pooltest {

namespace {

// How many blocks the automatic choice tries: enough for a demo, a refpool
// and every refpool test of a parallel ctest at once, and few enough that
// "none free" is said within a second.
constexpr int kCandidates = 64;

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

Result<LoopbackBlock> LoopbackBlock::Parse(std::string_view cidr) {
  const std::string text(cidr);
  const auto bad = [&](const std::string& why) {
    return Error{"'" + text + "' is not a loopback block: " + why +
                 " (write 127.0.X.0/24, X from 0 to 255, e.g. 127.0.42.0/24)"};
  };
  const size_t slash = text.find('/');
  if (slash == std::string::npos || text.substr(slash) != "/24")
    return bad("it must be a /24 network");
  in_addr addr{};
  if (inet_pton(AF_INET, text.substr(0, slash).c_str(), &addr) != 1)
    return bad("'" + text.substr(0, slash) + "' is not an IPv4 address");
  const uint32_t ip = ntohl(addr.s_addr);
  if ((ip >> 24) != 127) return bad("it is not inside 127.0.0.0/8 (loopback)");
  if (((ip >> 16) & 0xff) != 0) {
    return bad(
        "it is outside 127.0.0.0/16, where the reference pool's databases place no "
        "host");
  }
  if ((ip & 0xff) != 0) return bad("its host part is not 0");
  return LoopbackBlock(static_cast<uint8_t>((ip >> 8) & 0xff));
}

std::string LoopbackBlock::cidr() const { return "127.0." + std::to_string(x_) + ".0/24"; }

std::string LoopbackBlock::Host(uint8_t y) const {
  return "127.0." + std::to_string(x_) + "." + std::to_string(y);
}

std::string LoopbackBlock::RebaseAddress(std::string_view address) const {
  // Only a whole address is rebased: "127.0.0.11:3333" is not one.
  in_addr a{};
  if (inet_pton(AF_INET, std::string(address).c_str(), &a) != 1) return std::string(address);
  return RebaseText(address);
}

std::string LoopbackBlock::RebaseText(std::string_view text) const {
  static constexpr std::string_view kCanonical = "127.0.0.";
  const std::string prefix = "127.0." + std::to_string(x_) + ".";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t at = text.find(kCanonical, i);
    if (at == std::string_view::npos) break;
    size_t end = at + kCanonical.size();
    size_t digits = 0;
    while (end + digits < text.size() && IsDigit(text[end + digits]) && digits < 4) ++digits;
    const bool starts_clean = at == 0 || (!IsDigit(text[at - 1]) && text[at - 1] != '.');
    const bool ends_clean = end + digits == text.size() || text[end + digits] != '.' ||
                            end + digits + 1 == text.size() || !IsDigit(text[end + digits + 1]);
    const bool host_ok =
        digits >= 1 && digits <= 3 && std::stoi(std::string(text.substr(end, digits))) <= 255;
    out.append(text.substr(i, at - i));
    if (starts_clean && ends_clean && host_ok) {
      out += prefix;
    } else {
      out.append(kCanonical);
    }
    i = end;
  }
  out.append(text.substr(i));
  return out;
}

std::vector<LoopbackBlock> CandidateBlocks() {
  std::vector<LoopbackBlock> blocks;
  for (int x = 0; x < kCandidates; ++x) blocks.emplace_back(static_cast<uint8_t>(x));
  return blocks;
}

namespace {

// A listening socket on `e` (SO_REUSEADDR, as the pool's own listeners
// have, so a connection of an earlier pool still in TIME_WAIT does not make
// an address look taken); -1 when it is in use.
Result<int> ListenOn(const TcpEndpoint& e) {
  const std::string where = e.address + ":" + std::to_string(e.port);
  // A pool's config may list IPv6 loopback (::1) next to 127.0.X.Y.
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, e.address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(e.port);
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, e.address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(e.port);
    len = sizeof *v6;
  } else {
    return Error{where + ": not an IP address"};
  }
  const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error{where + ": socket: " + std::strerror(errno)};
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&ss), len) == 0 && ::listen(fd, 1) == 0)
    return fd;
  const int err = errno;
  ::close(fd);
  if (err == EADDRINUSE) return -1;
  return Error{where + ": " + std::strerror(err)};
}

}  // namespace

BindProbe ProbeEndpoints(const std::vector<TcpEndpoint>& endpoints) {
  for (const TcpEndpoint& e : endpoints) {
    Result<int> fd = ListenOn(e);
    if (!fd) return {BindProbe::State::kFailed, fd.error().message};
    if (*fd < 0)
      return {BindProbe::State::kInUse, e.address + ":" + std::to_string(e.port) + " in use"};
    ::close(*fd);
  }
  return {};
}

BlockClaim::BlockClaim(BlockClaim&& o) noexcept : block_(o.block_), fd_(o.fd_) { o.fd_ = -1; }

BlockClaim& BlockClaim::operator=(BlockClaim&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    block_ = o.block_;
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

BlockClaim::~BlockClaim() {
  if (fd_ >= 0) ::close(fd_);
}

Result<BlockClaim> ClaimBlock(
    const std::optional<LoopbackBlock>& requested,
    const std::function<std::vector<TcpEndpoint>(const LoopbackBlock&)>& needs) {
  const std::vector<LoopbackBlock> blocks =
      requested ? std::vector<LoopbackBlock>{*requested} : CandidateBlocks();
  std::string tried;
  for (const LoopbackBlock& block : blocks) {
    BlockClaim claim;
    claim.block_ = block;
    std::string why;
    Result<int> fd = ListenOn(BlockClaim::Endpoint(block));
    if (!fd) return Error{"loopback block " + block.cidr() + ": " + fd.error().message};
    if (*fd < 0) {
      why = "claimed by another pooltest";
    } else {
      claim.fd_ = *fd;
      const BindProbe probe = ProbeEndpoints(needs(block));
      if (probe.state == BindProbe::State::kFailed)
        return Error{"loopback block " + block.cidr() + ": " + probe.detail};
      if (probe.state == BindProbe::State::kFree) return claim;
      why = probe.detail;
    }
    if (requested) {
      return Error{"loopback block " + block.cidr() + " is taken (" + why +
                   "); choose another --addresses or leave it out to choose a free one"};
    }
    tried += (tried.empty() ? "" : ", ") + block.cidr() + " (" + why + ")";
  }
  return Error{"no free loopback block for the reference pool; tried " +
               std::to_string(blocks.size()) + " blocks: " + tried +
               " (stop another pooltest demo or refpool, or whatever listens on these ports)"};
}

}  // namespace pooltest
