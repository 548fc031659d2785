// What a support campaign shows: its progress at a glance (status), its
// results as a week grid with the failing cells (report, text or JSON), and
// the observation "support.campaign" through which `pooltest run` hands the
// finished campaign to the R4.5 check. The report depends only on the
// database's plan and outcomes, never on when it is printed, so a resumed
// campaign's report can be compared byte for byte with an uninterrupted one.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "core/result.h"
#include "harness/campaign/campaign_store.h"

namespace pooltest {

std::string FormatCampaignStatus(const std::string& db_path, const CampaignMeta& meta,
                                 const std::vector<RequestRow>& rows,
                                 std::chrono::system_clock::time_point now);

nlohmann::json CampaignReportJson(const CampaignMeta& meta, const std::vector<RequestRow>& rows);
std::string FormatCampaignReport(const nlohmann::json& report);

// Reads a campaign database into observation data: {finished, seed, window,
// holidays_in_window, counts, requests[]}. Status kError with an actionable
// detail when the database cannot be read.
Observation LoadCampaignObservation(const std::string& db_path);

}  // namespace pooltest
