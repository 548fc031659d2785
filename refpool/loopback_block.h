// A loopback block 127.0.X.0/24 that the reference pool (and whatever talks
// to it: `pooltest demo`, the tests) runs in, so that several pools can run
// at once on the same fixed ports. Everything the pool and the demo scenario
// say is written for the canonical block 127.0.0.0/24; a block rebases it by
// mapping each 127.0.0.Y to 127.0.X.Y and leaving every other address alone.
// Only 127.0.X.0/24 blocks exist here because the reference pool's world
// databases (refpool/data/write-mmdb.pl) place hosts in those blocks only.
//
// ClaimBlock chooses a block by binding what the caller needs there: the
// block asked for, or the first free one of a bounded list of candidates.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pooltest {

class LoopbackBlock {
 public:
  LoopbackBlock() = default;  // the canonical block 127.0.0.0/24
  explicit LoopbackBlock(uint8_t x) : x_(x) {}

  // "127.0.X.0/24". The error says what is wrong: not a /24, not loopback,
  // outside 127.0.0.0/16, host bits set.
  static Result<LoopbackBlock> Parse(std::string_view cidr);

  uint8_t x() const { return x_; }
  std::string cidr() const;           // "127.0.42.0/24"
  std::string Host(uint8_t y) const;  // "127.0.42.11"
  bool operator==(const LoopbackBlock& o) const { return x_ == o.x_; }

  // "127.0.0.Y" -> "127.0.X.Y"; any other address (or text) unchanged.
  std::string RebaseAddress(std::string_view address) const;
  // Every 127.0.0.Y in `text` (a URL, an origin, a whole scenario file)
  // rebased; a longer dotted number containing one (10.127.0.0.1,
  // 127.0.0.1.5, 127.0.0.300) is left alone. Lines and everything else
  // stay as they are, so diagnostics still point at the right place.
  std::string RebaseText(std::string_view text) const;

 private:
  uint8_t x_ = 0;
};

// The blocks tried when none is asked for: 127.0.0.0/24 first (the familiar
// addresses), then a bounded sequence of others.
std::vector<LoopbackBlock> CandidateBlocks();

struct TcpEndpoint {
  std::string address;
  uint16_t port = 0;
};

// Whether every endpoint can be bound and listened on right now (each is
// closed again at once). kInUse: one is taken (EADDRINUSE); kFailed:
// something else went wrong (the detail says what).
struct BindProbe {
  enum class State { kFree, kInUse, kFailed };
  State state = State::kFree;
  std::string detail;  // "127.0.0.11:3333 in use"
};
BindProbe ProbeEndpoints(const std::vector<TcpEndpoint>& endpoints);

// A block held by this process. Cooperating pooltest processes (demo,
// refpool, the tests) first listen on the block's claim endpoint,
// 127.0.X.254:3333, which only one can; the claim lasts until destroyed or
// the process ends, so two of them never choose the same block even while
// one is still loading its scenario. Binding what the pool needs (the probe)
// stays the truth for anything else on the machine.
class BlockClaim {
 public:
  BlockClaim() = default;
  BlockClaim(BlockClaim&& o) noexcept;
  BlockClaim& operator=(BlockClaim&& o) noexcept;
  BlockClaim(const BlockClaim&) = delete;
  BlockClaim& operator=(const BlockClaim&) = delete;
  ~BlockClaim();

  const LoopbackBlock& block() const { return block_; }
  static TcpEndpoint Endpoint(const LoopbackBlock& block) { return {block.Host(254), 3333}; }

 private:
  friend Result<BlockClaim> ClaimBlock(
      const std::optional<LoopbackBlock>&,
      const std::function<std::vector<TcpEndpoint>(const LoopbackBlock&)>&);
  LoopbackBlock block_;
  int fd_ = -1;
};

// Claims the requested block, or else the first candidate not claimed by
// another pooltest process whose `needs` are all free. The error names
// every block tried and why.
Result<BlockClaim> ClaimBlock(
    const std::optional<LoopbackBlock>& requested,
    const std::function<std::vector<TcpEndpoint>(const LoopbackBlock&)>& needs);

}  // namespace pooltest
