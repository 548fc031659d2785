// Share arithmetic against real Bitcoin blocks 0 and 1: if these hashes come
// out right, the reference pool judges shares the way real pools do.
#include "refpool/stratum_share.h"

#include <string>

#include <gtest/gtest.h>

namespace pooltest {
namespace {

std::string Reversed(std::string s) { return std::string(s.rbegin(), s.rend()); }

const char kGenesisCoinbase[] =
    "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff"
    "001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e"
    "6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a010000004341"
    "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e5"
    "1ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";

TEST(StratumShare, HexRoundTripAndRejects) {
  EXPECT_EQ(HexEncode(*HexDecode("00ffA0")), "00ffa0");
  EXPECT_FALSE(HexDecode("abc").has_value());
  EXPECT_FALSE(HexDecode("zz").has_value());
  EXPECT_EQ(HexDecode("")->size(), 0u);
}

TEST(StratumShare, GenesisBlockFromCoinbaseSplitAroundExtranonce) {
  // Split the genesis coinbase as a pool would: coinb1 | extranonce1 (4
  // bytes) | extranonce2 (4 bytes) | coinb2.
  const std::string cb = kGenesisCoinbase;
  StratumJob job;
  job.job_id = "genesis";
  job.coinb1 = cb.substr(0, 100);
  const std::string en1 = cb.substr(100, 8);
  const std::string en2 = cb.substr(108, 8);
  job.coinb2 = cb.substr(116);
  job.prevhash = std::string(64, '0');
  job.version = "00000001";
  job.nbits = "1d00ffff";
  job.ntime = "495fab29";

  EXPECT_EQ(HexEncode(Reversed(Sha256d(*HexDecode(cb)))),
            "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
  auto header = BuildShareHeader(job, en1, en2, "495fab29", "7c2bac1d");
  ASSERT_TRUE(header.ok()) << header.error().message;
  ASSERT_EQ(header->size(), 80u);
  std::string hash = Sha256d(*header);
  EXPECT_EQ(HexEncode(Reversed(hash)),
            "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
  EXPECT_GT(HashDifficulty(hash), 1.0);

  // One nonce off and the header no longer meets difficulty 1.
  auto bad = BuildShareHeader(job, en1, en2, "495fab29", "7c2bac1e");
  ASSERT_TRUE(bad.ok());
  EXPECT_LT(HashDifficulty(Sha256d(*bad)), 1.0);
}

TEST(StratumShare, Block1WithWordSwappedPrevhash) {
  // Block 1's previous hash (the genesis hash) as pools send it in
  // mining.notify: internal byte order with every 4-byte word reversed.
  const std::string prevhash = "0a8ce26f72b3f1b646a2a6c14ff763ae65831e939c085ae10019d66800000000";
  const std::string root =
      Reversed(*HexDecode("0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098"));
  auto header = BuildBlockHeader("00000001", prevhash, root, "4966bc61", "1d00ffff", "9962e301");
  ASSERT_TRUE(header.ok()) << header.error().message;
  std::string hash = Sha256d(*header);
  EXPECT_EQ(HexEncode(Reversed(hash)),
            "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");
  EXPECT_NEAR(HashDifficulty(hash), 1.9452, 0.0001);
}

TEST(StratumShare, MalformedFieldsAreErrorsNamingTheField) {
  StratumJob job;
  job.job_id = "j";
  job.coinb1 = "00";
  job.coinb2 = "00";
  job.prevhash = std::string(64, '0');
  job.version = "20000000";
  job.nbits = "1d00ffff";
  job.ntime = "495fab29";
  auto r = BuildShareHeader(job, "00000000", "00000000", "495fab29", "xyz");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nonce"), std::string::npos);
  job.prevhash = "00";
  r = BuildShareHeader(job, "00000000", "00000000", "495fab29", "00000000");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("prevhash"), std::string::npos);
  job.prevhash = std::string(64, '0');
  job.merkle_branch = {"abcd"};
  r = BuildShareHeader(job, "00000000", "00000000", "495fab29", "00000000");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("merkle"), std::string::npos);
  EXPECT_FALSE(BuildShareHeader(job, "0g", "00", "495fab29", "00000000").ok());
}

}  // namespace
}  // namespace pooltest
