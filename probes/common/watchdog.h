// Enforces a probe's deadline and the run's cancellation on asio I/O: when
// the deadline passes or the hub is cancelled, `abort` runs on the probe's
// executor (typically closing its socket, so pending operations complete with
// an error). The probe then asks timed_out()/cancelled() to record why.
// Destroying the watchdog disarms it.
#pragma once

#include <functional>
#include <memory>

#include <boost/asio/steady_timer.hpp>

#include "probes/common/probe_context.h"

namespace pooltest {

class Watchdog {
 public:
  Watchdog(const ProbeContext& ctx, std::function<void()> abort);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  bool timed_out() const;
  bool cancelled() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
  std::unique_ptr<CancelRegistration> registration_;
};

}  // namespace pooltest
