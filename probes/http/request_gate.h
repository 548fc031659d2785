// The target policy inside Chromium: decides every request a rendered page
// makes, from the DevTools Fetch domain's requestPaused events, before a
// packet leaves. A request to a host:port the policy admits for a page's
// resources goes on (Fetch.continueRequest); anything else is failed as
// BlockedByClient and listed. The main frame's document is the pool's page,
// so it must be admitted as the pool: a navigation of it to an undeclared
// host, or to a ui.allowed_hosts host (a CDN is not the pool), is refused
// and remembered, and the variant counts as not served.
//
// ResolverRules gives the second line of defence, Chromium's
// --host-resolver-rules: names resolve only to the addresses the policy
// knows, every other name (and any literal address the policy does not
// admit) to nothing, so even a request the interception never sees
// (a WebSocket, the browser's own traffic) reaches no undeclared host.
//
// Pure decisions, no I/O; one gate per rendered page; not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "probes/common/target_policy.h"

namespace pooltest {

struct PageRequest {
  std::string url;
  std::string host;
  std::string reason;  // why it was blocked, or how an allowed host was admitted
};

// The main document leaving for a host it may not (a redirect, a script).
struct DocumentRefusal {
  std::string from;  // the document URL it left
  std::string to;    // the URL not loaded
  Refusal refusal;
};

class RequestGate {
 public:
  // At most this many requests of each list are kept; the totals count all.
  static constexpr size_t kMaxListed = 200;

  // `policy` may be null: then nothing is admitted.
  explicit RequestGate(std::shared_ptr<const TargetPolicy> policy) : policy_(std::move(policy)) {}

  // The tab's main frame id (Page.getFrameTree), before the page loads.
  void set_main_frame(std::string id) { main_frame_ = std::move(id); }

  // The answer to one Fetch.requestPaused event's params: the method
  // (Fetch.continueRequest or Fetch.failRequest) and its params.
  std::pair<std::string, nlohmann::json> Decide(const nlohmann::json& paused);

  const std::vector<PageRequest>& blocked() const { return blocked_; }
  const std::vector<PageRequest>& allowed() const { return allowed_; }
  size_t blocked_total() const { return blocked_total_; }
  size_t allowed_total() const { return allowed_total_; }
  const std::optional<DocumentRefusal>& document_refused() const { return document_refused_; }
  // The refusal so far, forgotten: the language controls tried after the
  // page was read (script_switch.h) each get their own.
  std::optional<DocumentRefusal> TakeDocumentRefusal() {
    return std::exchange(document_refused_, {});
  }

 private:
  void Block(const std::string& url, const std::string& host, const std::string& reason);

  std::shared_ptr<const TargetPolicy> policy_;
  std::string main_frame_;
  std::string document_;  // the main frame's last admitted document URL
  std::vector<PageRequest> blocked_, allowed_;
  size_t blocked_total_ = 0, allowed_total_ = 0;
  std::optional<DocumentRefusal> document_refused_;
};

// --host-resolver-rules for a page under `policy`: `first` (the caller's
// own "MAP host address" rules, which win), then each admitted name mapped
// to its address, each admitted literal excluded from mapping, and every
// other host mapped to ~NOTFOUND. Comma-separated, as Chromium reads it.
std::string ResolverRules(const TargetPolicy* policy, const std::vector<std::string>& first);

}  // namespace pooltest
