// Runs a planned support campaign to its end: sends each request at its
// planned time through its channel, polls for the first human reply, and
// records every step in the CampaignStore before acting on it (intent before
// a send, outcome after, each reply when seen). On start it settles requests
// left in "sending" by a crash: it looks the token up (ticket API lookup URL;
// our own copy in the mailbox for e-mail) and never sends twice; when that
// cannot be told, the request is "unknown" and is not re-sent. Requests
// whose time passed while the campaign was not running are "missed".
// Rate limit: two requests on one channel go at least min_gap_s apart,
// judged from the send times persisted in the store, so it holds across a
// kill and resume too: requests overdue after a resume are spaced out, and
// one the spacing would push past late_grace is "missed", never sent late
// in a burst.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/campaign/campaign_clock.h"
#include "harness/campaign/campaign_store.h"
#include "probes/support/support_request.h"

namespace pooltest {

// One support channel as the runner uses it.
class CampaignChannel {
 public:
  virtual ~CampaignChannel() = default;
  virtual SendOutcome Send(const SupportMessage& m, std::chrono::system_clock::time_point now) = 0;
  virtual ReplyCheck Check(const std::string& handle, const std::string& token) = 0;
  // After a crash between intent and outcome: was it sent? kSent (with the
  // handle), kFailed (certainly not: send it now), kUnknown (cannot tell).
  // An error means "ask again later".
  virtual Result<SendOutcome> Resolve(const std::string& token) = 0;
};

struct CampaignRunOptions {
  // Stop after this many loop steps (tests); 0: no limit. Bounded anyway.
  long long max_steps = 0;
  const std::atomic<bool>* stop = nullptr;  // set by a signal handler
  // Called on the runner's thread with every request as it stands: once
  // before the first step, after each step (at least once a second on the
  // system clock) and when the run ends (finished or stopped). For
  // watching progress (campaign_metrics.h); must not block for long.
  std::function<void(const CampaignMeta&, const std::vector<RequestRow>&)> progress;
};

struct CampaignRunResult {
  bool finished = false;
  long long steps = 0;
};

Result<CampaignRunResult> RunCampaign(
    CampaignStore& store, std::map<std::string, std::unique_ptr<CampaignChannel>>& channels,
    CampaignClock& clock, const CampaignRunOptions& options);

}  // namespace pooltest
