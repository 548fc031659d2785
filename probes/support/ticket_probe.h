// Support ticket probe: opens one test ticket through a pool's web ticket API
// (as declared in the scenario) and polls it until the first human reply
// (replies matching the auto-reply pattern are acknowledgements, recorded but
// not counted) or until `wait` runs out. Observation data: created, ticket_id,
// token, replies [{text, seen_ms, auto}], first_human_reply_ms (null if none
// within the wait), polls, create_hops and served_by (http_fetch.h), and
// refused {kind, from, to, host, reason, harness_fault} when the target
// policy stopped the create or a poll (a redirect off the declared hosts).
#pragma once

#include <chrono>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "scenarios/scenario.h"

namespace pooltest {

struct TicketTarget {
  SupportChannel channel;  // kind kTicketApi
  std::string token;       // unique string put into the subject, to match replies
  std::chrono::milliseconds wait{30000};
  std::chrono::milliseconds poll_interval{250};
};

boost::asio::awaitable<Observation> ProbeSupportTicket(ProbeContext ctx, TicketTarget target);

}  // namespace pooltest
