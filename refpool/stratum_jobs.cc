#include "refpool/stratum_jobs.h"

#include <algorithm>

#include "core/hex.h"

namespace pooltest {

const StratumJob* StratumJobBook::Find(std::string_view job_id) const {
  for (const auto& j : valid)
    if (j->job_id == job_id) return j.get();
  return nullptr;
}

bool StratumJobBook::IsStale(std::string_view job_id) const {
  return std::find(stale.begin(), stale.end(), job_id) != stale.end();
}

StratumWork::StratumWork(int extranonce2_size, int new_block_every, uint32_t seed,
                         std::chrono::system_clock::time_point now)
    : rng_(seed),
      extranonce2_size_(extranonce2_size),
      new_block_every_(std::max(1, new_block_every)) {
  // A random base makes the ids look like a real pool's; counting up from
  // it keeps them unique over the pool's life.
  next_id_ = rng_() & 0xffffff;
  NewPrevhash();
  auto book = std::make_shared<StratumJobBook>();
  book->valid.push_back(std::make_shared<const StratumJob>(MakeJob(now)));
  jobs_on_block_ = 1;
  book_ = std::move(book);
}

void StratumWork::NewPrevhash() {
  std::string prev;
  for (int i = 0; i < 32; ++i) prev.push_back(static_cast<char>(rng_() & 0xff));
  // Real previous hashes start with zero bytes (shown at the end of each
  // word-swapped stratum word).
  for (int i = 28; i < 32; ++i) prev[i] = 0;
  prevhash_ = HexEncode(prev);
}

// Work that looks like a real pool's: a coinbase with a BIP34 height push,
// room for extranonce1 + extranonce2 inside its script, a pool tag and one
// P2PKH output; the current previous block hash and `now` as ntime.
StratumJob StratumWork::MakeJob(std::chrono::system_clock::time_point now) {
  StratumJob job;
  job.job_id = HexU32(next_id_++);
  job.prevhash = prevhash_;
  const std::string height = "03a0bb0d";  // push 3 bytes: block 900000, little-endian
  const int extranonce_bytes = 4 + extranonce2_size_;
  const std::string tag = "/pooltest-refpool/";
  const int script_len = 4 + 1 + extranonce_bytes + 1 + static_cast<int>(tag.size());
  job.coinb1 =
      "01000000"                                                          // version
      "01"                                                                // one input
      "0000000000000000000000000000000000000000000000000000000000000000"  // null prevout
      "ffffffff" +
      HexEncode(std::string(1, static_cast<char>(script_len))) + height +
      HexEncode(std::string(1, static_cast<char>(extranonce_bytes)));
  job.coinb2 = HexEncode(std::string(1, static_cast<char>(tag.size()))) + HexEncode(tag) +
               "ffffffff"          // sequence
               "01"                // one output
               "40be402500000000"  // 6.25 BTC
               "1976a914" +
               HexEncode(std::string(20, '\x5a')) +
               "88ac"       // P2PKH
               "00000000";  // lock time
  job.version = "20000000";
  job.nbits = "17034219";
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  job.ntime = HexU32(static_cast<uint32_t>(secs.count()));
  return job;
}

std::shared_ptr<const StratumJobBook> StratumWork::Next(std::chrono::system_clock::time_point now) {
  auto book = std::make_shared<StratumJobBook>(*book_);
  if (jobs_on_block_ >= new_block_every_) {
    // A new block: every job so far is stale.
    for (const auto& j : book->valid) book->stale.push_back(j->job_id);
    book->valid.clear();
    NewPrevhash();
    jobs_on_block_ = 0;
    book->clean = true;
  } else {
    book->clean = false;
  }
  book->valid.push_back(std::make_shared<const StratumJob>(MakeJob(now)));
  ++jobs_on_block_;
  if (book->valid.size() > kMaxValidJobs) {
    book->stale.push_back(book->valid.front()->job_id);
    book->valid.erase(book->valid.begin());
  }
  while (book->stale.size() > kRememberedStaleJobs) book->stale.pop_front();
  book_ = std::move(book);
  return book_;
}

}  // namespace pooltest
