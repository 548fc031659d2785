// What binds a support campaign to the pool it judges (R4.5): the
// fingerprint a campaign records when it starts (the applicant's BIN, every
// support channel's endpoints, the scenario file's SHA-256), and the
// comparison `pooltest run` makes before taking the campaign's verdict:
// every difference from the scenario being judged, and a window too old
// (or later than the run). A campaign that differs shows another pool's
// desk, or this pool's desk as it was declared then, so R4.5 never takes its
// verdict from it. Pure functions of their arguments.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "scenarios/scenario.h"

namespace pooltest {

// {applicant_bin, scenario_sha256, channels: [{name, kind, ...endpoints}]}:
// ticket_api channels with create_url, create_method, poll_url, lookup_url;
// email channels with smtp_url, imap_url (host and mailbox folder), to (the
// desk's address), from (the lab's mailbox) and username.
nlohmann::json SupportCampaignFingerprint(const Scenario& scenario);

// Each way `recorded` (a fingerprint as above, from the campaign database)
// differs from the scenario's, as a catalogue part naming both sides
// (R4.5.binding.field: "the campaign tested ticket API 'desk' create URL
// https://a/… but the scenario declares https://b/…"), so the act says it
// in each part's language. A missing or malformed fingerprint is one
// difference (R4.5.binding.no_fingerprint). Empty: they match.
std::vector<nlohmann::json> CampaignFingerprintDifferences(const nlohmann::json& recorded,
                                                           const Scenario& scenario);

// Why a campaign whose window ended at `window_end` is no evidence for a
// run at `run_time` under `max_age`: older than the limit, or ending after
// the run (a campaign on a clock ahead of the run's), as a part. Null when
// it is recent enough; `run_time` at the epoch (unknown) skips the check.
nlohmann::json CampaignAgeProblem(std::chrono::system_clock::time_point window_end,
                                  std::chrono::system_clock::time_point run_time,
                                  std::chrono::milliseconds max_age);

// Everything that keeps a finished campaign's observation (support.campaign:
// data.fingerprint, data.window.end_ms; the run's time is when the
// observation was made) from being evidence for `scenario`: the
// fingerprint's differences, then the age problem (parts). Empty: it is
// bound.
std::vector<nlohmann::json> CampaignBindingProblems(const Observation& campaign,
                                                    const Scenario& scenario);

}  // namespace pooltest
