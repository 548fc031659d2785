// Durable record of a run's observations: one JSON object per line in
// DIR/evidence.jsonl, so an interrupted or crashed run keeps everything it
// gathered.
//
// Group commit: Append never touches the disk. It assigns the observation
// its id ("obs-0001", ... in order of arrival), bounds it (BoundObservation)
// and queues its line, data (a copy) and transcript not yet dumped
// (RecordParts); a writer thread dumps them, appends everything queued with one write
// and makes it durable with one fdatasync, while the next batch queues. The writer never waits to
// fill a batch, so an observation is durable at most two write+fdatasync times after it arrives,
// plus however long the writer waits for a CPU: within kDurableWithin on a disk that syncs in under
// half of it, on a machine not starved of CPU. The worst delay of the run is kept
// (max_durable_delay; bench/sweep_bench prints it) so a slow disk or an overloaded machine shows.
//
// Acknowledgement: an observation is acknowledged as durable when durable()
// has reached it or a Flush() called after its Append returned Ok. Nothing
// acknowledged is lost by a crash or kill -9 (the kill test checks it);
// everything written or cited after it (results.json, the act) must come
// after a Flush().
//
// Errors are values: the first failed write or sync (disk full, EIO) stops
// the writer (the file stays a prefix of the run's records, at worst ending
// in one partial line) and is returned once by the next Append and by every
// Flush; the run goes on in memory.
//
// Memory: observations() keeps each record as judged, but without its
// transcript, which is only on disk: checks and reports read `data`, and a
// run's memory is its in-flight probes plus small per-observation facts.
// Append and observations() are for one thread (the runner's io thread);
// the writer is internal.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/observation.h"
#include "core/result.h"

namespace pooltest {

class GroupCommitWriter;

inline constexpr std::chrono::milliseconds kDurableWithin{50};

class EvidenceStore {
 public:
  // Creates DIR if needed and DIR/evidence.jsonl (truncating an old one),
  // and starts the writer.
  static Result<EvidenceStore> Create(const std::string& dir);
  EvidenceStore(EvidenceStore&& other) noexcept;
  EvidenceStore& operator=(EvidenceStore&&) = delete;
  // Writes and syncs what is queued, then stops the writer.
  ~EvidenceStore();

  // Sets o.id, bounds o in place, keeps it (without transcript) and queues
  // its line. Returns the writer's error the first time it is seen.
  Status Append(Observation& o);
  // The same, taking o (the runner's way: no copy of its data is made).
  Status Append(Observation&& o);
  // Blocks until every observation appended before the call is durable, or
  // the writer has failed (then the error, naming the first record lost).
  Status Flush();
  // How many observations (obs-0001 .. obs-durable()) are known durable.
  size_t durable() const;
  // The longest time an observation waited from Append to durable.
  std::chrono::microseconds max_durable_delay() const;

  const std::vector<Observation>& observations() const { return observations_; }
  const std::string& path() const { return path_; }

 private:
  EvidenceStore(std::string path, std::unique_ptr<GroupCommitWriter> writer);
  Error Lost(const std::string& why) const;
  // Append's work; with `callers_copy`, o keeps its transcript and the
  // store a copy of the rest, else the store takes o.
  Status Keep(Observation& o, bool callers_copy);

  std::string path_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::vector<Observation> observations_;
  bool error_reported_ = false;
};

// An evidence file read back. A run killed while its writer was appending
// may leave the file ending in one partial line (no end of line, not a whole
// record): it is left out of `observations` and `torn_tail` says so.
struct EvidenceFile {
  std::vector<Observation> observations;
  std::string torn_tail;  // empty when the file ends in a whole record
};

// Reads an evidence file back, tolerating a torn last line (see above). A
// malformed record anywhere else is an error naming its line.
Result<EvidenceFile> ReadEvidenceFile(const std::string& path);

// The same, strict (for checks re-run offline and for verify): a torn last
// line is an error with the same diagnosis.
Result<std::vector<Observation>> ReadEvidence(const std::string& path);

}  // namespace pooltest
