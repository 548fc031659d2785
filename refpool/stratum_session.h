// One Stratum V1 connection of the reference pool as a pure state machine:
// feed it each received line, send back the lines it returns, in order. No
// I/O here, so the protocol rules (error codes 20-25, share judgement,
// notify-before-authorize-result interleaving) live in one place and hostile
// input can only produce error replies. Never throws.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "refpool/refpool_config.h"
#include "refpool/stratum_share.h"

namespace pooltest {

class StratumSession {
 public:
  // `job` is the work every session is given; `extranonce1` is 8 hex digits
  // unique to this session.
  StratumSession(StratumBehaviour behaviour, std::shared_ptr<const StratumJob> job,
                 std::string extranonce1);

  std::vector<std::string> HandleLine(std::string_view line);

  const std::string& extranonce1() const { return extranonce1_; }

 private:
  void Reply(std::vector<std::string>& out, const nlohmann::json& id, nlohmann::json result);
  void ReplyError(std::vector<std::string>& out, const nlohmann::json& id, int code,
                  const std::string& message);
  // A mining.submit answer: result false with the error.
  void Reject(std::vector<std::string>& out, const nlohmann::json& id, int code,
              const std::string& message);
  void SendWork(std::vector<std::string>& out);
  void Subscribe(std::vector<std::string>& out, const nlohmann::json& id);
  void Authorize(std::vector<std::string>& out, const nlohmann::json& id,
                 const nlohmann::json& params);
  void Submit(std::vector<std::string>& out, const nlohmann::json& id,
              const nlohmann::json& params);

  StratumBehaviour behaviour_;
  std::shared_ptr<const StratumJob> job_;
  std::string extranonce1_;
  bool subscribed_ = false;
  bool work_sent_ = false;
  std::set<std::string> workers_;  // authorized worker names
  std::set<std::string> shares_;   // seen job/extranonce2/ntime/nonce, for duplicates
};

}  // namespace pooltest
