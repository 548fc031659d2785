// Appends records (whole lines) to a file from its own thread, in batches:
// whatever queued while the previous batch was being written goes out with
// one write() and one fdatasync() (group commit), so the thread that queues
// never waits for the disk and a burst costs one sync, not one per record.
// A record may come in parts (RecordParts): its data and transcript are dumped on the
// writer's thread, off the thread that queues.
// Records are numbered 1, 2, ... in the order queued; durable() is the
// highest number known to be on disk. The first failed write or sync stops
// writing for good: the file is then a prefix of the records queued (at
// worst ending in a partial one) and error() says what failed. Queue and the
// accessors are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/evidence_bounds.h"
#include "core/result.h"

namespace pooltest {

class GroupCommitWriter {
 public:
  // Takes ownership of `fd` (open for writing); `path` names it in errors.
  GroupCommitWriter(int fd, std::string path);
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;
  // Writes what is queued, stops the thread, closes the file.
  ~GroupCommitWriter();

  // Queues one record (its parts joined, newline included); returns its
  // number.
  size_t Queue(RecordParts record);
  // Blocks until every record queued before the call is durable or the
  // writer has failed; returns the failure.
  Status WaitDurable();

  size_t durable() const { return durable_.load(std::memory_order_acquire); }
  // Set once the writer has failed; records from durable() + 1 on are lost.
  std::optional<std::string> error() const;
  std::chrono::microseconds max_delay() const;

 private:
  void Loop();
  // Writes `batch` whole and syncs it; errno text on failure.
  std::optional<std::string> WriteAndSync(const std::string& batch);

  const int fd_;
  const std::string path_;
  mutable std::mutex mu_;
  std::condition_variable work_;      // the writer waits for records or stop
  std::condition_variable done_;      // WaitDurable waits for a batch to finish
  std::vector<RecordParts> pending_;  // records queued, not yet handed to write()
  size_t queued_ = 0;                 // records numbered so far
  std::chrono::steady_clock::time_point oldest_pending_;
  std::optional<std::string> error_;
  std::chrono::microseconds max_delay_{0};
  bool stop_ = false;
  std::atomic<size_t> durable_{0};
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace pooltest
