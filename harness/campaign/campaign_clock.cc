#include "harness/campaign/campaign_clock.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

long long ToMs(system_clock::time_point t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}
system_clock::time_point FromMs(long long ms) { return system_clock::time_point{milliseconds{ms}}; }

}  // namespace

CampaignClock::time_point SystemCampaignClock::Now() { return system_clock::now(); }

void SystemCampaignClock::SleepUntil(time_point t) {
  std::this_thread::sleep_until(std::min(t, system_clock::now() + std::chrono::seconds(1)));
}

VirtualCampaignClock::VirtualCampaignClock(time_point start) : ms_(ToMs(start)) {}

CampaignClock::time_point VirtualCampaignClock::Now() { return FromMs(ms_.load()); }

void VirtualCampaignClock::SleepUntil(time_point t) {
  long long want = ToMs(t);
  long long cur = ms_.load();
  while (cur < want && !ms_.compare_exchange_weak(cur, want)) {
  }
}

void VirtualCampaignClock::Set(time_point t) { ms_.store(ToMs(t)); }

Result<FileCampaignClock> FileCampaignClock::Open(const std::string& path, time_point start) {
  if (!Read(path)) {
    Status s = Write(path, start);
    if (!s) return s.error();
  }
  return FileCampaignClock(path);
}

Result<CampaignClock::time_point> FileCampaignClock::Read(const std::string& path) {
  std::ifstream in(path);
  long long ms = 0;
  if (!in || !(in >> ms)) return Error{"clock file " + path + " is missing or unreadable"};
  return FromMs(ms);
}

Status FileCampaignClock::Write(const std::string& path, time_point t) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << ToMs(t) << "\n";
    if (!out) return Error{"cannot write clock file " + tmp};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Error{"cannot rename " + tmp + " to " + path};
  return Ok{};
}

CampaignClock::time_point FileCampaignClock::Now() {
  auto t = Read(path_);
  return t ? *t : system_clock::time_point{};
}

void FileCampaignClock::SleepUntil(time_point t) {
  if (t > Now()) (void)Write(path_, t);
}

}  // namespace pooltest
