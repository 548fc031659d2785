// The reference pool started in a loopback block (loopback_block.h): its
// config, written for 127.0.0.0/24, rebased into the block asked for or the
// first free one, so a demo, a `pooltest refpool` and the tests can each
// run a pool on the same ports at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "refpool/loopback_block.h"
#include "refpool/refpool.h"
#include "refpool/refpool_config.h"

namespace pooltest {

// Every 127.0.0.Y in the config moved into `block`: the sites' addresses and
// down addresses, the control address, and the origins the behaviour
// switches send clients to (redirect_to, switch_redirect_to, ...), so a
// hostile pool's "elsewhere" stays as far from the pool as it was.
RefpoolConfig RebaseRefpoolConfig(const RefpoolConfig& config, const LoopbackBlock& block);

// Every address:port the pool binds with a fixed port (port 0 is always
// free and is left out).
std::vector<TcpEndpoint> RefpoolEndpoints(const RefpoolConfig& config);

struct PlacedRefpool {
  BlockClaim claim;  // held as long as the pool runs
  std::unique_ptr<Refpool> pool;
  RefpoolConfig config;  // as started: rebased into the block

  const LoopbackBlock& block() const { return claim.block(); }
  // "reference pool on 127.0.42.0/24: stratum 127.0.42.11:3333, ..."
  std::string Describe() const;
};

// `canonical` is written for 127.0.0.0/24; `requested` unset: the first free
// candidate block. The error names the blocks tried.
Result<PlacedRefpool> StartRefpoolInBlock(const RefpoolConfig& canonical,
                                          const std::optional<LoopbackBlock>& requested,
                                          RefpoolLog stratum_log = {});

// For a caller holding a claim of its own (a test that rebases its scenario
// before it starts pools): claims a block free for `canonical`'s endpoints.
Result<BlockClaim> ClaimBlockFor(const RefpoolConfig& canonical);

}  // namespace pooltest
