// The loopback block: parsing --addresses, rebasing addresses, config and
// the demo scenario's text, and choosing a free block by binding (a real
// listener on loopback takes a block; the choice moves on).
#include "refpool/loopback_block.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <fstream>
#include <sstream>

#include "refpool/refpool_block.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {
namespace {

TEST(LoopbackBlock, ParsesA24InsideLoopback) {
  auto b = LoopbackBlock::Parse("127.0.42.0/24");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->x(), 42);
  EXPECT_EQ(b->cidr(), "127.0.42.0/24");
  EXPECT_EQ(b->Host(11), "127.0.42.11");
  EXPECT_EQ(LoopbackBlock::Parse("127.0.0.0/24")->x(), 0);
  EXPECT_EQ(LoopbackBlock::Parse("127.0.255.0/24")->x(), 255);
}

TEST(LoopbackBlock, RefusesWhatIsNotALoopback24WithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"127.0.42.0", "must be a /24"},
      {"127.0.42.0/16", "must be a /24"},
      {"127.0.42.0/24x", "must be a /24"},
      {"127.0.300.0/24", "not an IPv4 address"},
      {"banana/24", "not an IPv4 address"},
      {"", "must be a /24"},
      {"10.0.42.0/24", "not inside 127.0.0.0/8"},
      {"192.168.1.0/24", "not inside 127.0.0.0/8"},
      {"127.1.42.0/24", "outside 127.0.0.0/16"},
      {"127.0.42.1/24", "host part is not 0"},
  };
  for (const auto& [text, why] : cases) {
    auto b = LoopbackBlock::Parse(text);
    ASSERT_FALSE(b) << text;
    EXPECT_NE(b.error().message.find(why), std::string::npos) << text << ": " << b.error().message;
    EXPECT_NE(b.error().message.find("127.0.X.0/24"), std::string::npos) << b.error().message;
  }
}

TEST(LoopbackBlock, RebasesOnlyTheCanonicalBlocksAddresses) {
  const LoopbackBlock b(42);
  EXPECT_EQ(b.RebaseAddress("127.0.0.11"), "127.0.42.11");
  EXPECT_EQ(b.RebaseAddress("127.0.0.1"), "127.0.42.1");
  EXPECT_EQ(b.RebaseAddress("127.0.3.1"), "127.0.3.1");
  EXPECT_EQ(b.RebaseAddress("::1"), "::1");
  EXPECT_EQ(b.RebaseAddress("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(b.RebaseAddress("127.0.0.11:3333"), "127.0.0.11:3333");  // not an address
  EXPECT_EQ(b.RebaseText("http://127.0.0.2:8080"), "http://127.0.42.2:8080");
  EXPECT_EQ(b.RebaseText("a 127.0.0.11, [127.0.0.12] 127.0.0.99."),
            "a 127.0.42.11, [127.0.42.12] 127.0.42.99.");
  // Longer dotted numbers that merely contain 127.0.0.Y are left alone.
  for (const char* same : {"10.127.0.0.1", "1127.0.0.1", "127.0.0.1.5", "127.0.0.300",
                           "127.0.0.1234", "127.0.0.", "127.0.0.x"}) {
    EXPECT_EQ(b.RebaseText(same), same);
  }
  EXPECT_EQ(LoopbackBlock().RebaseText("127.0.0.11"), "127.0.0.11");
}

// The demo's scenario rewritten into a block: every address in it is in the
// block, nothing else moved (same lines), and it still loads.
TEST(LoopbackBlock, RebasesTheDemoScenario) {
  const std::string path = std::string(POOLTEST_SOURCE_DIR) + "/scenarios/demo.yaml";
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  ASSERT_NE(text.find("127.0.0.11"), std::string::npos);
  const std::string rebased = LoopbackBlock(42).RebaseText(text);
  for (char d = '0'; d <= '9'; ++d)  // no address left in 127.0.0.0/24
    EXPECT_EQ(rebased.find(std::string("127.0.0.") + d), std::string::npos) << d;
  EXPECT_NE(rebased.find("stratum+tcp://127.0.42.11:3333"), std::string::npos);
  EXPECT_NE(rebased.find("addresses: [127.0.42.22]"), std::string::npos);
  EXPECT_NE(rebased.find("base_url: http://127.0.42.11:8080"), std::string::npos);
  EXPECT_EQ(std::count(rebased.begin(), rebased.end(), '\n'),
            std::count(text.begin(), text.end(), '\n'));
  LoadOptions options;
  options.variables["POOLTEST_DATA"] = POOLTEST_DATA_DIR;
  LoadOutcome o =
      ParseScenario(rebased, path, std::string(POOLTEST_SOURCE_DIR) + "/scenarios", options);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o.scenario->sites[1].channels[1].addresses, std::vector<std::string>{"127.0.42.22"});
}

TEST(RefpoolBlock, RebasesEveryAddressAndOriginOfTheConfig) {
  RefpoolConfig c = DefaultRefpoolConfig();
  c.sites[0].down_addresses = {"127.0.0.12"};
  c.control_address = "127.0.0.1";
  c.ui.redirect_to = "http://127.0.0.2:8080";
  c.ui.switch_redirect_to = "http://127.0.0.99:8080";
  c.support.create_redirect_to = "http://127.0.0.2:8080";
  c.support.poll_redirect_to = "http://127.0.0.3:8080";
  const RefpoolConfig r = RebaseRefpoolConfig(c, LoopbackBlock(7));
  EXPECT_EQ(r.sites[0].addresses, (std::vector<std::string>{"127.0.7.11", "127.0.7.12"}));
  EXPECT_EQ(r.sites[1].addresses, (std::vector<std::string>{"127.0.7.21", "127.0.7.22"}));
  EXPECT_EQ(r.sites[0].down_addresses, std::vector<std::string>{"127.0.7.12"});
  EXPECT_EQ(r.control_address, "127.0.7.1");
  EXPECT_EQ(r.ui.redirect_to, "http://127.0.7.2:8080");
  EXPECT_EQ(r.ui.switch_redirect_to, "http://127.0.7.99:8080");
  EXPECT_EQ(r.support.create_redirect_to, "http://127.0.7.2:8080");
  EXPECT_EQ(r.support.poll_redirect_to, "http://127.0.7.3:8080");
  // Stratum and web on each of the four addresses; control on port 0 is
  // always free and not probed.
  EXPECT_EQ(RefpoolEndpoints(r).size(), 8u);
}

// A listener of someone else's in a block: that block is "in use", the
// choice moves to the next, and asking for the taken block is an error
// naming the address.
TEST(RefpoolBlock, ChoosesAnotherBlockWhenOneIsTaken) {
  namespace asio = boost::asio;
  RefpoolConfig canonical = DefaultRefpoolConfig();
  // Ports of our own, free for sure, so the test does not depend on what
  // else runs on 3333/8080.
  asio::io_context io;
  asio::ip::tcp::acceptor squatter(io);
  uint16_t port = 0;
  LoopbackBlock taken;
  for (const LoopbackBlock& b : CandidateBlocks()) {
    boost::system::error_code ec;
    squatter = asio::ip::tcp::acceptor(io);
    squatter.open(asio::ip::tcp::v4(), ec);
    if (!ec) squatter.bind({asio::ip::make_address(b.Host(11)), 0}, ec);
    if (!ec) squatter.listen(1, ec);
    if (!ec) {
      port = squatter.local_endpoint().port();
      taken = b;
      break;
    }
  }
  ASSERT_NE(port, 0);
  for (RefpoolSiteConfig& s : canonical.sites) {
    s.stratum_port = port;
    s.http_port = 0;
  }
  BindProbe probe = ProbeEndpoints(RefpoolEndpoints(RebaseRefpoolConfig(canonical, taken)));
  EXPECT_EQ(probe.state, BindProbe::State::kInUse);
  EXPECT_EQ(probe.detail, taken.Host(11) + ":" + std::to_string(port) + " in use");

  auto refused = StartRefpoolInBlock(canonical, taken);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find(taken.cidr() + " is taken (" + taken.Host(11) + ":" +
                                         std::to_string(port) + " in use)"),
            std::string::npos)
      << refused.error().message;

  auto placed = StartRefpoolInBlock(canonical, std::nullopt);
  ASSERT_TRUE(placed) << placed.error().message;
  EXPECT_NE(placed->block().x(), taken.x());
  EXPECT_EQ(placed->config.sites[0].addresses[0], placed->block().Host(11));
  const std::string said = placed->Describe();
  EXPECT_EQ(said.rfind("reference pool on " + placed->block().cidr() + ": stratum " +
                           placed->block().Host(11) + ":" + std::to_string(port),
                       0),
            0u)
      << said;
}

// A pool's config may listen on IPv6 loopback too; a name is no address.
TEST(RefpoolBlock, ProbesIpv6LoopbackAndRefusesWhatIsNoAddress) {
  EXPECT_EQ(ProbeEndpoints({{"::1", 0}, {"127.0.0.1", 0}}).state, BindProbe::State::kFree);
  const BindProbe bad = ProbeEndpoints({{"pool.example", 3333}});
  EXPECT_EQ(bad.state, BindProbe::State::kFailed);
  EXPECT_EQ(bad.detail, "pool.example:3333: not an IP address");
}

// Two claims in one go never get the same block, and a released one is
// free again.
TEST(RefpoolBlock, AClaimHoldsItsBlockAgainstOtherPooltests) {
  auto first = ClaimBlockFor(DefaultRefpoolConfig());
  ASSERT_TRUE(first) << first.error().message;
  auto second = ClaimBlockFor(DefaultRefpoolConfig());
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(first->block().x(), second->block().x());
  auto again = StartRefpoolInBlock(DefaultRefpoolConfig(), first->block());
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("claimed by another pooltest"), std::string::npos)
      << again.error().message;
  const LoopbackBlock released = first->block();
  *first = BlockClaim();
  auto reclaimed =
      ClaimBlock(released, [](const LoopbackBlock&) { return std::vector<TcpEndpoint>{}; });
  EXPECT_TRUE(reclaimed) << reclaimed.error().message;
}

// Every candidate taken: a bounded number of tries, then one error that
// names what was tried.
TEST(RefpoolBlock, SaysWhatItTriedWhenNoBlockIsFree) {
  namespace asio = boost::asio;
  asio::io_context io;
  std::vector<asio::ip::tcp::acceptor> squatters;
  uint16_t port = 0;
  for (const LoopbackBlock& b : CandidateBlocks()) {
    squatters.emplace_back(io);
    boost::system::error_code ec;
    squatters.back().open(asio::ip::tcp::v4(), ec);
    if (!ec) squatters.back().bind({asio::ip::make_address(b.Host(11)), port}, ec);
    if (!ec) squatters.back().listen(1, ec);
    ASSERT_FALSE(ec) << b.Host(11) << ":" << port << ": " << ec.message();
    if (port == 0) port = squatters.back().local_endpoint().port();
  }
  RefpoolConfig canonical = DefaultRefpoolConfig();
  for (RefpoolSiteConfig& s : canonical.sites) {
    s.stratum_port = port;
    s.http_port = 0;
  }
  auto none = StartRefpoolInBlock(canonical, std::nullopt);
  ASSERT_FALSE(none);
  const std::string& m = none.error().message;
  EXPECT_NE(m.find("no free loopback block"), std::string::npos) << m;
  EXPECT_NE(m.find("tried " + std::to_string(CandidateBlocks().size()) + " blocks"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("127.0.0.0/24 ("), std::string::npos) << m;
  EXPECT_NE(m.find(CandidateBlocks().back().cidr()), std::string::npos) << m;
}

}  // namespace
}  // namespace pooltest
