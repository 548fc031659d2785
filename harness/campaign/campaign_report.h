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

// The name of the campaign's copy in a run's output folder.
inline constexpr const char* kCampaignCopy = "support-campaign.db";

// Reads a campaign database into observation data: {finished, seed, window
// (start, end, their ms), holidays_in_window, counts, requests[],
// fingerprint, database, copy}. With `copy_dir`, the database is first
// copied there (kCampaignCopy, CampaignStore::Snapshot) and read from the
// copy, whose SHA-256 is recorded (copy: {file, sha256, bytes}): what is
// judged is what the act's manifest covers. Without, the file itself is
// read and hashed. Status kError with an actionable detail when the
// database cannot be read or copied.
Observation LoadCampaignObservation(const std::string& db_path, const std::string& copy_dir = "");

}  // namespace pooltest
