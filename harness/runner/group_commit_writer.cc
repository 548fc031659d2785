#include "harness/runner/group_commit_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pooltest {

GroupCommitWriter::GroupCommitWriter(int fd, std::string path)
    : fd_(fd), path_(std::move(path)), thread_([this] { Loop(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_.notify_one();
  thread_.join();
  ::close(fd_);
}

size_t GroupCommitWriter::Queue(RecordParts record) {
  std::lock_guard lock(mu_);
  if (pending_.empty()) oldest_pending_ = std::chrono::steady_clock::now();
  // After a failure nothing more is written; the records still get numbers.
  if (!error_) pending_.push_back(std::move(record));
  const size_t number = ++queued_;
  work_.notify_one();
  return number;
}

Status GroupCommitWriter::WaitDurable() {
  std::unique_lock lock(mu_);
  const size_t target = queued_;
  done_.wait(lock, [&] { return error_ || durable_.load() >= target; });
  if (error_) return Error{*error_};
  return Ok{};
}

std::optional<std::string> GroupCommitWriter::error() const {
  std::lock_guard lock(mu_);
  return error_;
}

std::chrono::microseconds GroupCommitWriter::max_delay() const {
  std::lock_guard lock(mu_);
  return max_delay_;
}

std::optional<std::string> GroupCommitWriter::WriteAndSync(const std::string& batch) {
  size_t off = 0;
  while (off < batch.size()) {
    ssize_t n = ::write(fd_, batch.data() + off, batch.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::string(n < 0 ? std::strerror(errno) : "write wrote nothing");
    off += static_cast<size_t>(n);
  }
  while (::fdatasync(fd_) != 0) {
    if (errno != EINTR) return std::string(std::strerror(errno));
  }
  return std::nullopt;
}

void GroupCommitWriter::Loop() {
  std::unique_lock lock(mu_);
  std::vector<RecordParts> records;
  std::string batch;
  for (;;) {
    work_.wait(lock, [&] { return stop_ || !pending_.empty(); });
    if (pending_.empty()) return;  // stopping, and everything is written
    records.clear();
    records.swap(pending_);
    const size_t upto = queued_;
    const auto oldest = oldest_pending_;
    lock.unlock();
    batch.clear();
    for (RecordParts& r : records) batch += std::move(r).Join();
    records.clear();  // the transcripts are freed here, off the queueing thread
    std::optional<std::string> failed = WriteAndSync(batch);
    const auto delay = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - oldest);
    lock.lock();
    if (failed) {
      error_ = "cannot append to '" + path_ + "': " + *failed;
      pending_.clear();
    } else {
      durable_.store(upto, std::memory_order_release);
      if (delay > max_delay_) max_delay_ = delay;
    }
    done_.notify_all();
  }
}

}  // namespace pooltest
