#include "probes/common/watchdog.h"

#include <boost/asio/post.hpp>

namespace pooltest {

struct Watchdog::State {
  explicit State(const ProbeContext& ctx) : timer(ctx.executor), executor(ctx.executor) {}
  boost::asio::steady_timer timer;
  boost::asio::any_io_executor executor;
  std::function<void()> abort;
  bool armed = true;
  bool timed_out = false;
  bool cancelled = false;
};

Watchdog::Watchdog(const ProbeContext& ctx, std::function<void()> abort)
    : state_(std::make_shared<State>(ctx)) {
  state_->abort = std::move(abort);
  state_->timer.expires_at(ctx.deadline);
  state_->timer.async_wait([s = state_](const boost::system::error_code& ec) {
    if (ec || !s->armed) return;
    s->timed_out = true;
    s->armed = false;
    s->abort();
  });
  // The hub may call from another thread (signal handling): hop onto the
  // probe's executor before touching its I/O objects.
  std::weak_ptr<State> weak = state_;
  registration_ = std::make_unique<CancelRegistration>(*ctx.cancel, [weak] {
    if (auto s = weak.lock()) {
      boost::asio::post(s->executor, [s] {
        if (!s->armed) return;
        s->cancelled = true;
        s->armed = false;
        s->timer.cancel();
        s->abort();
      });
    }
  });
}

Watchdog::~Watchdog() {
  state_->armed = false;
  state_->timer.cancel();
}

bool Watchdog::timed_out() const { return state_->timed_out; }
bool Watchdog::cancelled() const { return state_->cancelled; }

}  // namespace pooltest
