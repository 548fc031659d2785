// R4.5: technical support works around the clock. Only a campaign spread
// over every hour and weekday can show 24/7 service: the verdict comes from
// a finished support campaign (observation "support.campaign", its requests
// with weekday, hour, state and response_ms), judged cell by cell of the
// week grid (hour of day x day of week, Kazakhstan time). It passes only
// when every cell is covered and meets the SLA (no unanswered or refused
// request, 95th percentile within support_sla); it fails when any cell
// fails, and is inconclusive with cells uncovered or no finished campaign
// (the summary then says why: the database cannot be read, or how far the
// campaign got, and the command that continues it). Single requests of the
// run (support.ticket) never show 24/7 service, so an answered one cannot
// turn an unfinished campaign into a pass; a request of the run refused or
// left unanswered past the SLA is a counter-example and fails R4.5 even
// after a passing campaign.
#pragma once

#include "checks/check_input.h"
#include "checks/check_result.h"

namespace pooltest {

CheckResult CheckSupport(const CheckInput& in);

// The week grid of a campaign's requests (JSON objects with weekday 0=Mon..6,
// hour 0..23, state, response_ms): per cell requests, sent, answered,
// unanswered, failed, missed, unknown, median_ms, p95_ms, status
// ("pass", "fail", "uncovered") and why; plus "rows" (one text line per
// weekday: '.' pass, 'X' fail, '?' uncovered), "failing" and "uncovered"
// cell labels ("Sat 03h"). Pure; shared with the campaign report.
nlohmann::json SupportCampaignGrid(const nlohmann::json& requests, double sla_ms);

}  // namespace pooltest
