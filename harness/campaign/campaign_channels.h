// The scenario's support channels as the campaign runner uses them: the web
// ticket API and e-mail (SMTP + IMAP), over the blocking clients of
// probes/support.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "core/result.h"
#include "harness/campaign/campaign_runner.h"
#include "probes/common/target_policy.h"
#include "scenarios/scenario.h"

namespace pooltest {

// One channel per scenario support channel, by name. E-mail passwords come
// from the channel's password_env. Every request goes only where `targets`
// admits (the scenario's declared hosts, as the campaign resolved them).
Result<std::map<std::string, std::unique_ptr<CampaignChannel>>> MakeCampaignChannels(
    const Scenario& scenario, std::chrono::milliseconds timeout,
    std::shared_ptr<const TargetPolicy> targets);

}  // namespace pooltest
