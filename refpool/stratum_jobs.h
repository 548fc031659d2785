// The reference pool's work over time, as real pools hand it out: a job
// (mining.notify) with a fresh job id and the current ntime every
// job_interval, on the same previous block (clean_jobs false, so the jobs
// before it stay valid), and every new_block_every-th job on a new previous
// block (clean_jobs true: every earlier job is stale from then on). A book is
// an immutable snapshot shared by every session; StratumWork makes the next
// one. Bounded: at most kMaxValidJobs valid jobs and kRememberedStaleJobs
// stale ids. No I/O, no clock of its own (the caller gives "now").
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "refpool/stratum_share.h"

namespace pooltest {

// Stale ids beyond this many are forgotten: a share on one is "Job not found".
inline constexpr size_t kRememberedStaleJobs = 64;
// However rarely blocks change, at most this many jobs stay valid (older ones
// become stale), so a book stays small.
inline constexpr size_t kMaxValidJobs = 32;

struct StratumJobBook {
  // Jobs a share may still be for, oldest first; the last is the current one.
  std::vector<std::shared_ptr<const StratumJob>> valid;
  // Ids of jobs replaced by a new block, oldest first.
  std::deque<std::string> stale;
  // Whether the current job was announced with clean_jobs true.
  bool clean = true;

  const StratumJob& current() const { return *valid.back(); }
  // The valid job with this id, or null.
  const StratumJob* Find(std::string_view job_id) const;
  bool IsStale(std::string_view job_id) const;
};

class StratumWork {
 public:
  // `extranonce2_size` shapes the coinbase; `new_block_every` >= 1 (1: every
  // job is a new block); `seed` makes the ids and hashes reproducible.
  StratumWork(int extranonce2_size, int new_block_every, uint32_t seed,
              std::chrono::system_clock::time_point now);

  std::shared_ptr<const StratumJobBook> book() const { return book_; }
  // The next job, with `now` as its ntime; returns the new book.
  std::shared_ptr<const StratumJobBook> Next(std::chrono::system_clock::time_point now);

 private:
  StratumJob MakeJob(std::chrono::system_clock::time_point now);
  void NewPrevhash();

  std::mt19937 rng_;
  int extranonce2_size_;
  int new_block_every_;
  uint32_t next_id_;
  int jobs_on_block_ = 0;
  std::string prevhash_;
  std::shared_ptr<const StratumJobBook> book_;
};

}  // namespace pooltest
