// Durable record of a run's observations: one JSON object per line in
// DIR/evidence.jsonl, appended and flushed to disk as each observation
// arrives, so an interrupted or crashed run keeps everything it gathered.
// Assigns each observation its id ("obs-0001", ...). Not thread-safe: the
// runner calls it from its io thread.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "core/observation.h"
#include "core/result.h"

namespace pooltest {

class EvidenceStore {
 public:
  // Creates DIR if needed and DIR/evidence.jsonl (truncating an old one).
  static Result<EvidenceStore> Create(const std::string& dir);
  EvidenceStore(EvidenceStore&& other) noexcept;
  EvidenceStore& operator=(EvidenceStore&&) = delete;
  ~EvidenceStore();

  // Sets o.id, appends it, flushes and syncs. On a write failure the
  // observation is still kept in memory and the error is returned.
  Status Append(Observation& o);

  const std::vector<Observation>& observations() const { return observations_; }
  const std::string& path() const { return path_; }

 private:
  EvidenceStore(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<Observation> observations_;
};

// Reads an evidence file back (for checks re-run offline and for verify).
Result<std::vector<Observation>> ReadEvidence(const std::string& path);

}  // namespace pooltest
