#include "refpool/stratum_share.h"

#include <cmath>
#include <limits>

#include <openssl/evp.h>

namespace pooltest {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 8 hex digits of a big-endian uint32, written little-endian as the header
// stores it.
Result<std::string> Uint32Field(std::string_view name, std::string_view hex) {
  auto raw = HexDecode(hex);
  if (!raw || raw->size() != 4) {
    return Error{std::string(name) + " must be 8 hex digits, got '" +
                 std::string(hex.substr(0, 32)) + "'"};
  }
  return std::string(raw->rbegin(), raw->rend());
}

}  // namespace

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string Sha256d(std::string_view bytes) {
  unsigned char first[EVP_MAX_MD_SIZE];
  unsigned char second[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), first, &n, EVP_sha256(), nullptr);
  EVP_Digest(first, n, second, &n, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(second), n);
}

Result<std::string> BuildBlockHeader(std::string_view version, std::string_view prevhash,
                                     std::string_view merkle_root, std::string_view ntime,
                                     std::string_view nbits, std::string_view nonce) {
  auto v = Uint32Field("version", version);
  if (!v) return v.error();
  auto prev = HexDecode(prevhash);
  if (!prev || prev->size() != 32) {
    return Error{"prevhash must be 64 hex digits, got '" + std::string(prevhash.substr(0, 80)) +
                 "'"};
  }
  if (merkle_root.size() != 32) return Error{"merkle root must be 32 bytes"};
  auto t = Uint32Field("ntime", ntime);
  if (!t) return t.error();
  auto b = Uint32Field("nbits", nbits);
  if (!b) return b.error();
  auto n = Uint32Field("nonce", nonce);
  if (!n) return n.error();

  std::string header = *v;
  // Pools send prevhash with every 4-byte word reversed; undo it per word.
  for (size_t w = 0; w < 32; w += 4) {
    header.append(prev->rbegin() + (28 - w), prev->rbegin() + (32 - w));
  }
  header.append(merkle_root);
  header += *t;
  header += *b;
  header += *n;
  return header;
}

Result<std::string> BuildShareHeader(const StratumJob& job, std::string_view extranonce1,
                                     std::string_view extranonce2, std::string_view ntime,
                                     std::string_view nonce) {
  auto c1 = HexDecode(job.coinb1);
  auto c2 = HexDecode(job.coinb2);
  if (!c1 || !c2) return Error{"job " + job.job_id + " has a coinbase that is not hex"};
  auto e1 = HexDecode(extranonce1);
  if (!e1) return Error{"extranonce1 is not hex"};
  auto e2 = HexDecode(extranonce2);
  if (!e2) return Error{"extranonce2 is not hex"};
  std::string root = Sha256d(*c1 + *e1 + *e2 + *c2);
  for (const std::string& hex : job.merkle_branch) {
    auto step = HexDecode(hex);
    if (!step || step->size() != 32) {
      return Error{"job " + job.job_id + " has a merkle branch entry that is not 32 bytes"};
    }
    root = Sha256d(root + *step);
  }
  return BuildBlockHeader(job.version, job.prevhash, root, ntime, job.nbits, nonce);
}

double HashDifficulty(std::string_view hash32) {
  long double value = 0;
  for (size_t i = hash32.size(); i-- > 0;) {
    value = value * 256 + static_cast<unsigned char>(hash32[i]);
  }
  if (value == 0) return std::numeric_limits<double>::infinity();
  const long double diff1 = 65535.0L * std::pow(2.0L, 208);
  return static_cast<double>(diff1 / value);
}

}  // namespace pooltest
