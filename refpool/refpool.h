// The bundled reference pool, assembled: one StratumServer and one WebServer
// listening on every configured loopback address, run on a thread of its own
// so a test or `pooltest demo` can start it in-process and stop it again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "refpool/refpool_config.h"

namespace pooltest {

// Receives one log line (no newline), on the pool's thread.
using RefpoolLog = std::function<void(const std::string& line)>;

class Refpool {
 public:
  // Starts listening on every address of every site; fails (naming the
  // address) if any cannot be bound, leaving nothing running. `stratum_log`
  // gets one line per stratum session event, share and new job (empty: none).
  static Result<std::unique_ptr<Refpool>> Start(const RefpoolConfig& config,
                                                RefpoolLog stratum_log = {});
  ~Refpool();  // stops

  void Stop();
  // "address:port" pairs actually listening, for logs.
  std::vector<std::string> listening() const;
  // The control port actually bound, 0 when control is off.
  uint16_t control_port() const;

 private:
  Refpool();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pooltest
