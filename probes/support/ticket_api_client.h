// Blocking client for a pool's web ticket API as declared in the scenario
// (create, poll, optional lookup by token), for the support campaign, which
// runs one request at a time on its own thread. Every transfer is bounded by
// `timeout` and goes only where `targets` admits (redirects followed hop by
// hop, http_fetch.h); a refused hop fails the request, unsent. Replies matching auto_reply_pattern
// are acknowledgements and do not count as an answer. Never throws.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "core/result.h"
#include "probes/common/target_policy.h"
#include "probes/support/support_request.h"
#include "scenarios/scenario.h"

namespace pooltest {

class TicketApiClient {
 public:
  // Fails when auto_reply_pattern is not a valid regex.
  static Result<TicketApiClient> Create(const TicketApi& api, std::chrono::milliseconds timeout,
                                        std::shared_ptr<const TargetPolicy> targets);

  SendOutcome Open(const SupportMessage& m) const;
  ReplyCheck Poll(const std::string& ticket_id, const std::string& token) const;
  // Finds the ticket opened with this token through the scenario's lookup
  // URL; the id, or nullopt when the pool has no such ticket. Error when the
  // API declares no lookup or cannot be read.
  Result<std::optional<std::string>> Lookup(const std::string& token) const;
  bool has_lookup() const { return !api_.lookup_url.empty(); }

 private:
  TicketApiClient(TicketApi api, std::chrono::milliseconds timeout,
                  std::shared_ptr<const TargetPolicy> targets)
      : api_(std::move(api)), timeout_(timeout), targets_(std::move(targets)) {}
  TicketApi api_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<const TargetPolicy> targets_;
  std::regex auto_;
};

}  // namespace pooltest
