// One Stratum V1 connection of the reference pool as a pure state machine:
// feed it each received line, send back the lines it returns, in order. No
// I/O here, so the protocol rules (error codes 20-25, share judgement,
// notify-before-authorize-result interleaving, which jobs a share may be
// for) live in one place and hostile input can only produce error replies.
// New work reaches it through NewWork; what happened (subscribe, authorize,
// each share's verdict) is kept as log lines for TakeLog. Never throws.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "refpool/refpool_config.h"
#include "refpool/stratum_jobs.h"
#include "refpool/stratum_share.h"

namespace pooltest {

class StratumSession {
 public:
  // `jobs` is the pool's work as of now; `extranonce1` is 8 hex digits
  // unique to this session.
  StratumSession(StratumBehaviour behaviour, std::shared_ptr<const StratumJobBook> jobs,
                 std::string extranonce1);

  std::vector<std::string> HandleLine(std::string_view line);
  // The pool's new work: shares are judged against it from now on, and a
  // session that has had work gets the new job's mining.notify (returned).
  std::vector<std::string> NewWork(std::shared_ptr<const StratumJobBook> jobs);
  // Log lines of what happened since the last call ("authorize alice.rig1
  // ok", "share accepted job 0001a2b3 worker alice", "share rejected job ...:
  // Stale share (21)"), without time or session: the caller adds those.
  std::vector<std::string> TakeLog();

  const std::string& extranonce1() const { return extranonce1_; }
  int shares_accepted() const { return shares_accepted_; }
  int shares_rejected() const { return shares_rejected_; }

 private:
  void Reply(std::vector<std::string>& out, const nlohmann::json& id, nlohmann::json result);
  void ReplyError(std::vector<std::string>& out, const nlohmann::json& id, int code,
                  const std::string& message);
  // A share's judgement: code 0 accepted, else the Stratum error code.
  struct ShareVerdict {
    int code = 0;
    std::string message;
  };
  ShareVerdict Judge(const nlohmann::json& params);
  void SendWork(std::vector<std::string>& out);
  std::string NotifyLine(bool clean) const;
  void Subscribe(std::vector<std::string>& out, const nlohmann::json& id);
  void Authorize(std::vector<std::string>& out, const nlohmann::json& id,
                 const nlohmann::json& params);
  void Submit(std::vector<std::string>& out, const nlohmann::json& id,
              const nlohmann::json& params);

  StratumBehaviour behaviour_;
  std::shared_ptr<const StratumJobBook> jobs_;
  std::string extranonce1_;
  bool subscribed_ = false;
  bool work_sent_ = false;
  std::set<std::string> workers_;  // authorized worker names
  std::set<std::string> shares_;   // seen job/extranonce2/ntime/nonce, for duplicates
  std::vector<std::string> log_;
  int shares_accepted_ = 0;
  int shares_rejected_ = 0;
};

}  // namespace pooltest
