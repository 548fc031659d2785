#include "refpool/refpool_block.h"

namespace pooltest {

RefpoolConfig RebaseRefpoolConfig(const RefpoolConfig& config, const LoopbackBlock& block) {
  RefpoolConfig c = config;
  const auto addresses = [&block](std::vector<std::string>& list) {
    for (std::string& a : list) a = block.RebaseAddress(a);
  };
  for (RefpoolSiteConfig& site : c.sites) {
    addresses(site.addresses);
    addresses(site.down_addresses);
  }
  c.control_address = block.RebaseAddress(c.control_address);
  for (std::string* origin : {&c.ui.redirect_to, &c.ui.switch_redirect_to,
                              &c.support.create_redirect_to, &c.support.poll_redirect_to}) {
    *origin = block.RebaseText(*origin);
  }
  return c;
}

std::vector<TcpEndpoint> RefpoolEndpoints(const RefpoolConfig& config) {
  std::vector<TcpEndpoint> out;
  const auto add = [&out](const std::string& address, uint16_t port) {
    if (port != 0) out.push_back({address, port});
  };
  for (const RefpoolSiteConfig& site : config.sites) {
    // A down address binds nothing now, but the control port may bring it
    // up, so it must be free as well.
    for (const std::string& a : site.addresses) {
      add(a, site.stratum_port);
      add(a, site.http_port);
      if (site.stratum_tls_port) add(a, *site.stratum_tls_port);
    }
  }
  if (!config.control_address.empty()) add(config.control_address, config.control_port);
  return out;
}

std::string PlacedRefpool::Describe() const {
  std::string out = "reference pool on " + block().cidr() + ":";
  const std::vector<std::string> listening = pool->listening();
  for (size_t i = 0; i < listening.size(); ++i) out += (i == 0 ? " " : ", ") + listening[i];
  return out;
}

namespace {

Result<BlockClaim> Claim(const RefpoolConfig& canonical,
                         const std::optional<LoopbackBlock>& requested) {
  return ClaimBlock(requested, [&canonical](const LoopbackBlock& b) {
    return RefpoolEndpoints(RebaseRefpoolConfig(canonical, b));
  });
}

}  // namespace

Result<BlockClaim> ClaimBlockFor(const RefpoolConfig& canonical) {
  return Claim(canonical, std::nullopt);
}

Result<PlacedRefpool> StartRefpoolInBlock(const RefpoolConfig& canonical,
                                          const std::optional<LoopbackBlock>& requested,
                                          RefpoolLog stratum_log) {
  Result<BlockClaim> claim = Claim(canonical, requested);
  if (!claim) return claim.error();
  PlacedRefpool placed;
  placed.claim = std::move(*claim);
  placed.config = RebaseRefpoolConfig(canonical, placed.block());
  auto pool = Refpool::Start(placed.config, std::move(stratum_log));
  if (!pool) return pool.error();
  placed.pool = std::move(*pool);
  return placed;
}

}  // namespace pooltest
