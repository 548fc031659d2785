#include "probes/http/curl_multi.h"

#include <unistd.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/result.h"

namespace pooltest {
namespace {

using Clock = std::chrono::steady_clock;
using boost::asio::posix::stream_descriptor;

// A socket libcurl asked to have watched. The descriptor borrows libcurl's
// file descriptor: it is released (deregistered, never closed) when libcurl
// stops watching it or is about to close it.
struct Watch {
  Watch(const boost::asio::any_io_executor& ex, curl_socket_t s) : descriptor(ex), fd(s) {}
  stream_descriptor descriptor;
  curl_socket_t fd;
  int want = 0;  // CURL_POLL_IN / _OUT / _INOUT, as libcurl last said
  bool reading = false;
  bool writing = false;
  bool released = false;  // waits still pending must not touch libcurl
};

// The multi handle of one execution context. Callbacks from libcurl only
// arm waits and the timer; curl_multi_socket_action is called from Asio
// handlers, never from inside a libcurl callback.
class CurlMulti : public boost::asio::execution_context::service {
 public:
  static inline const boost::asio::execution_context::id id;

  explicit CurlMulti(boost::asio::execution_context& context)
      : boost::asio::execution_context::service(context), multi_(curl_multi_init()) {
    if (!multi_) return;
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlMulti::OnSocket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlMulti::OnTimer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  }
  ~CurlMulti() override {
    if (multi_) curl_multi_cleanup(multi_);
  }

  // Starts `easy`; `done` gets libcurl's result unless Remove comes first.
  // The first transfer's executor (made not to count as work) serves the
  // timer and descriptors: all of them belong to this one context.
  Status Add(const boost::asio::any_io_executor& ex, CURL* easy,
             std::function<void(CURLcode)> done) {
    if (!multi_) return Error{"libcurl could not create a multi handle"};
    if (!executor_) {
      executor_ = boost::asio::prefer(ex, boost::asio::execution::outstanding_work.untracked);
      timer_.emplace(*executor_);
    }
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &CurlMulti::OnClose);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
    transfers_[easy] = std::move(done);
    if (CURLMcode rc = curl_multi_add_handle(multi_, easy); rc != CURLM_OK) {
      transfers_.erase(easy);
      return Error{std::string("libcurl refused the transfer: ") + curl_multi_strerror(rc)};
    }
    return Ok{};
  }

  // Stops `easy` if it is still running; `done` is not called. Idempotent.
  void Remove(CURL* easy) {
    if (transfers_.erase(easy) == 0) return;
    if (multi_) curl_multi_remove_handle(multi_, easy);
  }

 private:
  // The context is going away: its pending handlers (the awaiting
  // coroutines among them) are destroyed, never run. Leave libcurl and Asio
  // tidy before that: no transfer in the multi, no descriptor registered.
  void shutdown() override {
    shut_down_ = true;
    for (auto& [easy, done] : transfers_)
      if (multi_) curl_multi_remove_handle(multi_, easy);
    transfers_.clear();
    if (multi_) curl_multi_cleanup(multi_);  // may close cached connections (OnClose)
    multi_ = nullptr;
    while (!watches_.empty()) Release(watches_.begin()->first);
    timer_.reset();
  }

  static int OnSocket(CURL*, curl_socket_t fd, int what, void* self, void*) {
    auto* me = static_cast<CurlMulti*>(self);
    if (what == CURL_POLL_REMOVE) {
      me->Release(fd);
      return 0;
    }
    if (me->shut_down_ || !me->executor_) return 0;
    auto it = me->watches_.find(fd);
    if (it == me->watches_.end()) {
      auto w = std::make_shared<Watch>(*me->executor_, fd);
      boost::system::error_code ec;
      w->descriptor.assign(fd, ec);
      if (ec) return -1;  // libcurl fails the transfers of this multi
      it = me->watches_.emplace(fd, std::move(w)).first;
    }
    it->second->want = what;
    me->Arm(it->second);
    return 0;
  }

  static int OnTimer(CURLM*, long timeout_ms, void* self) {
    auto* me = static_cast<CurlMulti*>(self);
    if (me->shut_down_ || !me->timer_) return 0;
    if (timeout_ms < 0) {
      me->timer_->cancel();
      return 0;
    }
    me->timer_->expires_after(std::chrono::milliseconds(timeout_ms));
    me->timer_->async_wait([me](const boost::system::error_code& ec) {
      if (!ec) me->Act(CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  }

  static int OnClose(void* self, curl_socket_t fd) {
    static_cast<CurlMulti*>(self)->Release(fd);  // before the number can be reused
    return close(fd);
  }

  void Arm(const std::shared_ptr<Watch>& w) {
    if (w->want & CURL_POLL_IN)
      Await(w, stream_descriptor::wait_read, &Watch::reading, CURL_CSELECT_IN);
    if (w->want & CURL_POLL_OUT)
      Await(w, stream_descriptor::wait_write, &Watch::writing, CURL_CSELECT_OUT);
  }

  // One wait of each kind at a time; `pending` says one is out.
  void Await(const std::shared_ptr<Watch>& w, stream_descriptor::wait_type type,
             bool Watch::*pending, int event) {
    if ((*w).*pending) return;
    (*w).*pending = true;
    w->descriptor.async_wait(type, [this, w, pending, event](const boost::system::error_code& ec) {
      (*w).*pending = false;
      Ready(w, ec, event);
    });
  }

  void Ready(const std::shared_ptr<Watch>& w, const boost::system::error_code& ec, int event) {
    if (w->released || ec == boost::asio::error::operation_aborted) return;
    Act(w->fd, ec ? CURL_CSELECT_ERR : event);
    if (!w->released) Arm(w);  // libcurl may still want the same
  }

  void Release(curl_socket_t fd) {
    auto it = watches_.find(fd);
    if (it == watches_.end()) return;
    std::shared_ptr<Watch> w = std::move(it->second);
    watches_.erase(it);
    w->released = true;
    w->descriptor.release();  // aborts its waits; the fd stays libcurl's
  }

  void Act(curl_socket_t fd, int events) {
    if (!multi_) return;
    int running = 0;
    curl_multi_socket_action(multi_, fd, events, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL* easy = m->easy_handle;
      const CURLcode code = m->data.result;  // `m` is invalid once the handle leaves
      auto it = transfers_.find(easy);
      if (it == transfers_.end()) continue;
      std::function<void(CURLcode)> done = std::move(it->second);
      transfers_.erase(it);
      curl_multi_remove_handle(multi_, easy);
      done(code);
    }
  }

  CURLM* multi_;
  bool shut_down_ = false;
  std::optional<boost::asio::any_io_executor> executor_;
  std::optional<boost::asio::steady_timer> timer_;  // libcurl's one timeout
  std::map<curl_socket_t, std::shared_ptr<Watch>> watches_;
  std::map<CURL*, std::function<void(CURLcode)>> transfers_;
};

// What ends the wait of one transfer; shared with the hub's action, which
// may run after the coroutine is gone.
struct Wake {
  explicit Wake(const boost::asio::any_io_executor& ex) : timer(ex) {}
  boost::asio::steady_timer timer;  // expires at the deadline
  bool done = false;
  bool cancelled = false;
  CURLcode code = CURLE_OK;
};

CurlRun Ended(CurlRun::End end, CURLcode code = CURLE_OK, std::string error = "") {
  return CurlRun{end, code, std::move(error)};
}

// Takes the transfer out of the multi however the wait ends, also when the
// coroutine frame is destroyed while suspended.
struct Detach {
  CurlMulti& multi;
  CURL* easy;
  ~Detach() { multi.Remove(easy); }
};

}  // namespace

boost::asio::awaitable<CurlRun> RunCurl(CURL* easy, Clock::time_point deadline, CancelHub& cancel) {
  const boost::asio::any_io_executor ex = co_await boost::asio::this_coro::executor;
  // Made before the service is first looked up, so Asio's reactor is older
  // than it: services shut down newest first, and the service's shutdown
  // still deregisters descriptors from the reactor.
  auto wake = std::make_shared<Wake>(ex);
  wake->timer.expires_at(deadline);
  if (cancel.cancelled()) co_return Ended(CurlRun::End::kCancelled);
  if (Clock::now() >= deadline) co_return Ended(CurlRun::End::kDeadline);

  auto& multi =
      boost::asio::use_service<CurlMulti>(boost::asio::query(ex, boost::asio::execution::context));
  Status added = multi.Add(ex, easy, [wake](CURLcode code) {
    wake->done = true;
    wake->code = code;
    wake->timer.cancel();
  });
  if (!added) co_return Ended(CurlRun::End::kNotRun, CURLE_OK, added.error().message);
  Detach detach{multi, easy};
  CancelRegistration registration(cancel, [wake, ex] {
    boost::asio::post(ex, [wake] {
      wake->cancelled = true;
      wake->timer.cancel();
    });
  });
  boost::system::error_code ec;
  if (!wake->done && !wake->cancelled)
    co_await wake->timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  if (wake->done) co_return Ended(CurlRun::End::kDone, wake->code);
  co_return Ended(wake->cancelled ? CurlRun::End::kCancelled : CurlRun::End::kDeadline);
}

}  // namespace pooltest
