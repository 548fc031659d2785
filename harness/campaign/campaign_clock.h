// What "now" is for a support campaign, and how it waits. The system clock
// runs a real campaign over days; a virtual clock lets a test run a week of
// schedule in seconds: waiting just moves its time forward. FileClock keeps
// the virtual time in a small file, so a campaign process and the support
// desk it talks to (another process) share one notion of now, and a killed
// campaign resumes where its time stood.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "core/result.h"

namespace pooltest {

class CampaignClock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  virtual ~CampaignClock() = default;
  virtual time_point Now() = 0;
  // Waits towards `t`; a virtual clock jumps there, the system clock sleeps
  // at most a second per call so a stop request is noticed (callers loop).
  virtual void SleepUntil(time_point t) = 0;
};

class SystemCampaignClock : public CampaignClock {
 public:
  time_point Now() override;
  void SleepUntil(time_point t) override;
};

// Virtual time held in memory (in-process tests share it with the desk).
class VirtualCampaignClock : public CampaignClock {
 public:
  explicit VirtualCampaignClock(time_point start);
  time_point Now() override;
  void SleepUntil(time_point t) override;
  void Set(time_point t);

 private:
  std::atomic<long long> ms_;
};

// Virtual time held in a file as milliseconds since the Unix epoch; written
// atomically (temporary file + rename) so a reader never sees half a value.
class FileCampaignClock : public CampaignClock {
 public:
  // Creates the file with `start` when it does not exist.
  static Result<FileCampaignClock> Open(const std::string& path, time_point start);
  // Reads a clock file; for the other side (a test's support desk).
  static Result<time_point> Read(const std::string& path);
  static Status Write(const std::string& path, time_point t);

  time_point Now() override;
  void SleepUntil(time_point t) override;

 private:
  explicit FileCampaignClock(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace pooltest
