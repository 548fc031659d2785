#include "harness/campaign/campaign_plan.h"

#include <algorithm>
#include <cstdio>

namespace pooltest {
namespace {

using std::chrono::system_clock;

// splitmix64: a small, well-mixed generator whose sequence is the same on
// every platform and library version (std distributions are not).
struct SplitMix {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

}  // namespace

std::pair<int, int> CampaignYears(system_clock::time_point start, int days) {
  auto a = KazakhstanCell(start);
  auto b = KazakhstanCell(start + std::chrono::hours(24 * std::max(days, 1)));
  if (!a || !b) return {0, 0};
  return {std::stoi(a->date.substr(0, 4)), std::stoi(b->date.substr(0, 4))};
}

Result<std::vector<PlannedRequest>> PlanCampaign(const CampaignPlanOptions& o,
                                                 const HolidayCalendar& calendar) {
  if (o.days < 1 || o.days > 60)
    return Error{"campaign window of " + std::to_string(o.days) + " days: use 1 to 60 days"};
  if (o.per_hour < 1 || o.per_hour > 6)
    return Error{"requests per hour must be 1 to 6 (rate limit)"};
  if (o.channels.empty())
    return Error{"the scenario declares no support channel; add a ticket_api or email channel"};
  const auto slot_len = std::chrono::seconds(3600 / o.per_hour);
  if (o.min_gap >= slot_len)
    return Error{"the minimum gap between requests (" + std::to_string(o.min_gap.count()) +
                 " s) leaves no room in a slot of " + std::to_string(slot_len.count()) +
                 " s; lower it or the requests per hour"};
  auto first = KazakhstanHourStart(o.start);
  if (!first) return first.error();
  SplitMix rng{o.seed};
  std::vector<PlannedRequest> out;
  const int slots = o.days * 24 * o.per_hour;
  for (int s = 0; s < slots; ++s) {
    const auto slot_start = *first + slot_len * s;
    for (const std::string& ch : o.channels) {
      // A random second in [0, slot - gap): consecutive requests on this
      // channel are then at least `gap` apart.
      const auto room = static_cast<uint64_t>((slot_len - o.min_gap).count());
      const auto offset = std::chrono::seconds(static_cast<long long>(rng.Next() % room));
      PlannedRequest r;
      r.channel = ch;
      r.at = slot_start + offset;
      auto cell = KazakhstanCell(r.at);
      if (!cell) return cell.error();
      r.cell = *cell;
      if (const DayOff* d = calendar.Find(r.cell.date)) r.holiday = d->name;
      out.push_back(std::move(r));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PlannedRequest& a, const PlannedRequest& b) { return a.at < b.at; });
  SplitMix tokens{o.seed ^ 0x5bd1e995ULL};
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].seq = static_cast<int>(i) + 1;
    char buf[40];
    std::snprintf(buf, sizeof buf, "PT-%012llx-%04zu",
                  static_cast<unsigned long long>(tokens.Next() & 0xffffffffffffULL), i + 1);
    out[i].token = buf;
  }
  return out;
}

}  // namespace pooltest
