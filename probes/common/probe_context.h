// What every probe is given by the runner: the executor to run on, its
// deadline, the vantage point it runs from, the run's cancellation hub, and
// the target policy that says where it may connect.
// A probe must finish (with whatever evidence it has, status kTimeout or
// kCancelled) by its deadline or promptly after the hub is cancelled.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "probes/common/cancel_hub.h"
#include "probes/common/target_policy.h"

namespace pooltest {

class BrowserPool;  // probes/http/browser_pool.h

struct ProbeContext {
  boost::asio::any_io_executor executor;
  std::chrono::steady_clock::time_point deadline;
  std::string vantage;
  std::shared_ptr<CancelHub> cancel;  // never null
  // Where blocking work (c-ares resolution) runs so the io thread stays
  // free; a probe co_awaits it and resumes on `executor`. HTTP does not use
  // it: PerformHttp runs on `executor`'s io_context through libcurl's multi
  // interface (probes/http/curl_multi.h); nor do Chromium renders, whose
  // tabs wait on `executor` (probes/http/tab_session.h).
  boost::asio::any_io_executor blocking;
  // Where CPU-heavy work on what a pool sent runs (offload.h), so a costly
  // page cannot hold the io thread and with it every deadline; null: inline.
  boost::asio::any_io_executor cpu;
  // The run's output folder, for probes that keep evidence files (rendered
  // pages, screenshots) next to evidence.jsonl; empty: keep none.
  std::string evidence_dir;
  // Where the probe may connect (target_policy.h). Null admits nothing: a
  // probe given no policy reaches no one.
  std::shared_ptr<const TargetPolicy> targets;
  // The run's headless Chromium, shared by every page render of the run
  // (ui.render_concurrency tabs at once); null: each render starts its own.
  std::shared_ptr<BrowserPool> browsers;
};

}  // namespace pooltest
