// A support campaign's progress as Prometheus metrics (text exposition
// format 0.0.4), for a monitoring system to watch a week-long campaign:
//   pooltest_campaign_cells{state="settled|pending|missed"}      gauge
//   pooltest_campaign_requests{state="<store state>"}            gauge
//   pooltest_campaign_answered{channel}                          gauge
//   pooltest_campaign_first_reply_median_seconds{channel}        gauge
//   pooltest_campaign_last_send_timestamp_seconds{channel}       gauge
//   pooltest_campaign_finished, pooltest_campaign_window_{start,end}_timestamp_seconds
// A cell is one planned request (one channel in one hour slot of the
// window); the three cell states are disjoint and add up to the plan.
// Every metric has its HELP and TYPE line; label values are escaped (\\, \",
// \n) and made valid UTF-8. A per-channel sample with no data yet (no reply,
// no send) is left out rather than written as NaN. Pure: depends only on
// its arguments (times are the campaign clock's), so it is tested without
// a network. README.md ("Watching a support campaign") documents them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "harness/campaign/campaign_store.h"

namespace pooltest {

// The content type of what CampaignMetricsText returns.
inline constexpr const char* kPrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";

std::string CampaignMetricsText(const CampaignMeta& meta, const std::vector<RequestRow>& rows);

// A label value in the text format: backslash, double quote and line feed
// escaped; invalid UTF-8 replaced.
std::string EscapePrometheusLabel(std::string_view value);

// Writes `text` for node-exporter's textfile collector: into a temporary
// file beside `path`, then renamed over it, so a scrape never sees half a
// file. The error names the file.
Status WriteMetricsTextfile(const std::string& path, const std::string& text);

}  // namespace pooltest
