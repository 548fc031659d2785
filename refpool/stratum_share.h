// Share arithmetic of Stratum V1 under Bitcoin rules, so the reference pool
// judges submitted shares for real (a dummy share must be rejected as low
// difficulty, a share that meets the target must be accepted). Contract:
// hex fields are as they travel in mining.notify / mining.submit (version,
// nbits, ntime and nonce are 8 hex digits of a big-endian uint32; prevhash is
// the 32-byte hash with each 4-byte word byte-swapped, as pools send it;
// merkle branch entries are in internal byte order). Malformed input yields
// an Error naming the field, never a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hex.h"
#include "core/result.h"

namespace pooltest {

struct StratumJob {
  std::string job_id;
  std::string prevhash;
  std::string coinb1;
  std::string coinb2;
  std::vector<std::string> merkle_branch;
  std::string version;
  std::string nbits;
  std::string ntime;
};

// Raw bytes of a hex string; nullopt on odd length or a non-hex digit. The
// other direction is HexEncode (core/hex.h).
std::optional<std::string> HexDecode(std::string_view hex);

// SHA-256 applied twice; 32 raw bytes.
std::string Sha256d(std::string_view bytes);

// The 80-byte block header from its parts; merkle_root is 32 raw bytes in
// internal byte order.
Result<std::string> BuildBlockHeader(std::string_view version, std::string_view prevhash,
                                     std::string_view merkle_root, std::string_view ntime,
                                     std::string_view nbits, std::string_view nonce);

// The header a miner hashes for `job` with its extranonces, ntime and nonce:
// coinbase = coinb1 + extranonce1 + extranonce2 + coinb2, merkle root folded
// over the branch.
Result<std::string> BuildShareHeader(const StratumJob& job, std::string_view extranonce1,
                                     std::string_view extranonce2, std::string_view ntime,
                                     std::string_view nonce);

// Difficulty a header hash reaches: the difficulty-1 target
// (0xffff * 2^208) divided by the hash read as a little-endian 256-bit number.
// A share meets difficulty d when HashDifficulty(hash) >= d.
double HashDifficulty(std::string_view hash32);

}  // namespace pooltest
