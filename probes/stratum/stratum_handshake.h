// The protocol side of the Stratum V1 handshake, apart from the I/O: the
// probe feeds StratumHandshake every line it receives; it fills the
// observation's data (subscribed, extranonce1, authorized, job_id,
// difficulty, submit_result, ...: the fields stratum_probe.h lists) and says
// what to send next: mining.authorize after the subscription, answers to the
// pool's own requests, and once authorized with work in hand one share that
// cannot meet the target. Responses are matched by id, notifications by name:
// subscribe, authorize and submit carry first_id, first_id + 1 and
// first_id + 2 (1, 2, 3 unless the caller picks an id the pool cannot guess,
// as a connection whose subscribe is also a timed round trip does).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "probes/stratum/stratum_probe.h"

namespace pooltest {

// The observation data with every key of stratum_probe.h at its "nothing
// happened yet" value: what the handshake starts from.
nlohmann::json StratumInitialData(const StratumTarget& target);

// At most 120 bytes of `s`, quoted as JSON ("..." after a cut), for messages.
std::string StratumExcerpt(std::string_view s);

class StratumHandshake {
 public:
  enum class Step { kContinue, kDone, kNonsense };
  using Clock = std::chrono::steady_clock;

  // `obs` and `target` must outlive the handshake; `start` is when the
  // connection began (for handshake_ms).
  StratumHandshake(Observation& obs, const StratumTarget& target, Clock::time_point start,
                   int64_t first_id = 1)
      : obs_(obs), target_(target), start_(start), first_id_(first_id) {}

  // The first line to send.
  nlohmann::json Subscribe();

  // Handles one received line; appends lines to send to *out. On kNonsense,
  // why() says what was wrong; on kDone, summary() says how it ended.
  Step OnLine(std::string_view line, std::vector<nlohmann::json>* out);

  const std::string& why() const { return why_; }
  const std::string& summary() const { return summary_; }
  int64_t subscribe_id() const { return first_id_; }
  // A line answering mining.subscribe (result or error) has arrived.
  bool subscribe_answered() const { return subscribe_answered_; }
  // The invalid share was sent and answered: the worker is authorized and
  // has work, so InvalidShare can be sent again.
  bool submit_answered() const { return submit_answered_; }
  // A mining.submit of the current job that cannot meet the target (a zero
  // extranonce2, the given nonce as 8 hex digits); only after work arrived.
  nlohmann::json InvalidShare(int64_t id, uint32_t nonce) const;

 private:
  nlohmann::json Request(int64_t id, const char* method, nlohmann::json params) const;
  Step Nonsense(std::string why);
  Step OnServerMessage(const std::string& method, const nlohmann::json& id,
                       const nlohmann::json& msg, std::vector<nlohmann::json>* out);
  Step OnSubscribeResult(const nlohmann::json& msg, std::vector<nlohmann::json>* out);
  Step OnAuthorizeResult(const nlohmann::json& msg);
  Step OnSubmitResult(const nlohmann::json& msg);
  void MaybeSubmit(std::vector<nlohmann::json>* out);

  Observation& obs_;
  const StratumTarget& target_;
  Clock::time_point start_;
  int64_t first_id_;
  bool subscribe_answered_ = false;
  bool submit_answered_ = false;
  std::string job_ntime_;
  bool submitted_ = false;
  std::string why_;
  std::string summary_;
};

}  // namespace pooltest
