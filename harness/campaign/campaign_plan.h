// Planning a support campaign: over a window (e.g. 7 days from a local hour),
// every local hour slot gets `per_hour` requests per channel, each at a
// random second within its slot, so every hour-of-day x day-of-week cell is
// covered, nights, weekends and public holidays included, and support cannot
// guess when the next one comes. Randomness comes only from the seed: the
// same seed and options give the same plan. Rate limit: two requests on one
// channel are at least `min_gap` apart in the plan; the runner holds the same gap
// between actual sends (campaign_runner.h), also after a resume.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/kz_calendar.h"
#include "core/result.h"

namespace pooltest {

struct CampaignPlanOptions {
  std::chrono::system_clock::time_point start;  // rounded down to the local hour
  int days = 7;
  uint64_t seed = 1;
  int per_hour = 1;                   // requests per channel per hour slot
  std::chrono::seconds min_gap{600};  // between two requests on a channel
  std::vector<std::string> channels;  // scenario support channel names
};

struct PlannedRequest {
  int seq = 0;        // 1-based, in time order
  std::string token;  // goes into the subject; derived from the seed
  std::string channel;
  std::chrono::system_clock::time_point at;
  LocalCell cell;
  std::string holiday;  // the day off's name, empty on ordinary days
};

Result<std::vector<PlannedRequest>> PlanCampaign(const CampaignPlanOptions& options,
                                                 const HolidayCalendar& calendar);

// The calendar years a window touches, for HolidayCalendar::Load.
std::pair<int, int> CampaignYears(std::chrono::system_clock::time_point start, int days);

}  // namespace pooltest
