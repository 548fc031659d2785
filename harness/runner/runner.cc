#include "harness/runner/runner.h"

#include <algorithm>
#include <csignal>
#include <deque>
#include <optional>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "probes/http/browser_pool.h"

namespace pooltest {
namespace {

// A probe that does not honour its deadline must not hold the run hostage:
// after the run deadline plus this grace the runner stops waiting for it.
constexpr std::chrono::seconds kStragglerGrace{3};

size_t BlockingThreads(int concurrency) { return std::clamp(concurrency, 1, 256); }

size_t CpuThreads() { return std::clamp(std::thread::hardware_concurrency(), 1u, 4u); }

Observation NotRun(const PlannedProbe& p, const std::string& vantage, const std::string& why) {
  Observation o;
  o.probe = p.kind;
  o.target = p.label;
  o.vantage = vantage;
  o.started = o.finished = std::chrono::system_clock::now();
  o.status = ProbeStatus::kCancelled;
  o.detail = why;
  return o;
}

}  // namespace

struct Runner::Impl {
  Impl(RunOptions opts, EvidenceStore& s)
      : options(std::move(opts)),
        store(s),
        blocking(BlockingThreads(options.concurrency)),
        cpu(CpuThreads()),
        signals(io),
        hub(std::make_shared<CancelHub>()),
        browsers(std::make_shared<BrowserPool>(options.render_concurrency)) {}

  RunOptions options;
  EvidenceStore& store;
  // One thread runs `io`; HTTP transfers share it through libcurl's multi
  // interface (a service of `io`, curl_multi.h), as many at once as there
  // are workers; so do Chromium renders, whose tabs wait on `io` while the
  // browser's pipe thread reads (probes/http/browser_pool.h). `blocking` is
  // for DNS resolution: a thread per worker, so no probe waits for one and a
  // probe's deadline only counts its own time. `cpu` parses what pools sent (offload.h). Both are
  // declared after `io`, so they are joined before it is destroyed.
  boost::asio::io_context io;
  boost::asio::thread_pool blocking;
  boost::asio::thread_pool cpu;
  boost::asio::signal_set signals;
  std::shared_ptr<CancelHub> hub;
  // Started on the first render, ended (with its process group) in ~Runner
  // before `io` goes, so no tab outlives its executor.
  std::shared_ptr<BrowserPool> browsers;
  std::shared_ptr<const TargetPolicy> targets;
  bool interrupted = false;
  bool deadline_hit = false;
  std::vector<std::string> store_errors;

  void Report(const Status& st) {
    if (!st && (store_errors.empty() || store_errors.back() != st.error().message))
      store_errors.push_back(st.error().message);
  }

  // Ends a phase: once Execute returns, the phase's evidence is on disk. No
  // probe is running, so waiting for the last batch stalls nothing.
  bool Finish(bool ok) {
    Report(store.Flush());
    return ok;
  }

  void Record(Observation o, const std::string& label, size_t* done, size_t total) {
    Report(store.Append(std::move(o)));
    ++*done;
    if (options.on_progress) {
      options.on_progress(ProgressEvent{*done, total, &store.observations().back(), label});
    }
  }
};

Runner::Runner(RunOptions options, EvidenceStore& store)
    : impl_(std::make_unique<Impl>(std::move(options), store)) {
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
  }
}

Runner::~Runner() {
  impl_->signals.cancel();
  impl_->browsers->Shutdown();
  impl_->blocking.join();
  impl_->cpu.join();
}

void Runner::SetTargets(std::shared_ptr<const TargetPolicy> targets) {
  impl_->targets = std::move(targets);
}

bool Runner::Execute(Plan plan) { return Execute(std::move(plan), nullptr); }

bool Runner::Execute(Plan plan, const std::function<Plan()>& next_wave) {
  Impl& s = *impl_;
  if (s.hub->cancelled()) {
    for (const PlannedProbe& p : plan.probes) {
      size_t done = 0;
      s.Record(NotRun(p, s.options.vantage, "not started: the run was cut short"), p.label, &done,
               plan.probes.size());
    }
    return s.Finish(false);
  }
  s.io.restart();
  using SystemTime = std::chrono::system_clock::time_point;
  // A deque: waves are appended while workers hold references to probes
  // (and to the closures inside them) across their co_awaits.
  std::deque<PlannedProbe> probes(std::make_move_iterator(plan.probes.begin()),
                                  std::make_move_iterator(plan.probes.end()));
  plan.probes.clear();
  // Every probe is queued when its phase or wave starts; each one's
  // deadline counts from when a worker starts it.
  std::deque<SystemTime> queued(probes.size(), std::chrono::system_clock::now());
  std::deque<bool> finished(probes.size(), false), in_wave(probes.size(), false);
  size_t next = 0, done = 0, active_workers = 0, wave_left = 0;
  const size_t concurrency = std::max(1, s.options.concurrency);

  auto add_wave = [&] {
    if (!next_wave || s.hub->cancelled()) return;
    Plan wave = next_wave();
    const SystemTime at = std::chrono::system_clock::now();
    wave_left = wave.probes.size();
    for (PlannedProbe& p : wave.probes) {
      probes.push_back(std::move(p));
      queued.push_back(at);
      finished.push_back(false);
      in_wave.push_back(true);
    }
  };
  add_wave();

  auto stop_everything = [&s] { s.hub->Cancel(); };

  boost::asio::steady_timer run_timer(s.io);
  run_timer.expires_at(s.options.run_deadline);
  run_timer.async_wait([&](const boost::system::error_code& ec) {
    if (ec) return;
    s.deadline_hit = true;
    stop_everything();
  });
  boost::asio::steady_timer straggler_timer(s.io);
  straggler_timer.expires_at(s.options.run_deadline + kStragglerGrace);
  straggler_timer.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) s.io.stop();
  });
  if (s.options.handle_signals) {
    s.signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      s.interrupted = true;
      stop_everything();
    });
  }
  auto end_of_work = [&] {
    run_timer.cancel();
    straggler_timer.cancel();
    s.signals.cancel();
  };

  std::function<boost::asio::awaitable<void>()> worker;
  // Starts workers for the probes not yet taken, up to `concurrency` in all.
  auto spawn_workers = [&] {
    const size_t waiting = probes.size() - next;
    const size_t more =
        std::min(concurrency > active_workers ? concurrency - active_workers : 0, waiting);
    active_workers += more;
    for (size_t w = 0; w < more; ++w) boost::asio::co_spawn(s.io, worker(), boost::asio::detached);
  };
  worker = [&]() -> boost::asio::awaitable<void> {
    while (next < probes.size()) {
      size_t i = next++;
      PlannedProbe& p = probes[i];
      if (s.hub->cancelled()) {
        finished[i] = true;
        s.Record(NotRun(p, s.options.vantage, "not started: the run was cut short"), p.label, &done,
                 probes.size());
      } else {
        ProbeContext ctx{
            .executor = s.io.get_executor(),
            .deadline = std::min(std::chrono::steady_clock::now() +
                                     (p.timeout.count() > 0 ? p.timeout : s.options.probe_timeout),
                                 s.options.run_deadline),
            .vantage = s.options.vantage,
            .cancel = s.hub,
            .blocking = s.blocking.get_executor(),
            .cpu = s.cpu.get_executor(),
            .evidence_dir = s.options.evidence_dir,
            .targets = s.targets,
            .browsers = s.browsers,
        };
        Observation o;
        try {
          o = co_await p.run(ctx);
        } catch (const std::exception& e) {
          o = NotRun(p, s.options.vantage,
                     std::string("probe failed inside the harness: ") + e.what());
          o.status = ProbeStatus::kError;
        }
        o.queued_at = queued[i];
        if (o.probe.empty()) o.probe = p.kind;
        if (o.vantage.empty()) o.vantage = s.options.vantage;
        finished[i] = true;
        s.Record(std::move(o), p.label, &done, probes.size());
        p = PlannedProbe{};  // its coroutine has ended: nothing refers to it
      }
      if (in_wave[i] && --wave_left == 0) {
        add_wave();
        spawn_workers();
      }
    }
    if (--active_workers == 0) end_of_work();
  };

  spawn_workers();
  if (active_workers == 0) end_of_work();
  s.io.run();

  // Only reached with unfinished probes when stragglers ignored the deadline.
  for (size_t i = 0; i < probes.size(); ++i) {
    if (!finished[i]) {
      s.Record(NotRun(probes[i], s.options.vantage,
                      "abandoned: the probe did not stop by the run deadline"),
               probes[i].label, &done, probes.size());
    }
  }
  return s.Finish(!s.hub->cancelled());
}

bool Runner::interrupted() const { return impl_->interrupted; }
bool Runner::deadline_hit() const { return impl_->deadline_hit; }
const std::vector<std::string>& Runner::store_errors() const { return impl_->store_errors; }

}  // namespace pooltest
