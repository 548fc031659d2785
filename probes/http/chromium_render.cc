#include "probes/http/chromium_render.h"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "probes/http/browser_pool.h"
#include "probes/http/render_steps.h"
#include "probes/http/tab_session.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::steady_clock;

// How long closing a page's browser context may take.
constexpr std::chrono::milliseconds kDisposeGrace{2000};

// A temporary folder removed when this goes out of scope.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "pooltest-render-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

// A tab slot of the pool, given back however the render ends.
struct TabSlot {
  BrowserPool& pool;
  ~TabSlot() { pool.ReturnTab(); }
};

// The launch flags that are the page's and browser-wide in Chromium: the
// host rules (the variant's, then the target policy's) and the TLS setting.
std::vector<std::string> LaunchFlags(const RenderRequest& req, const TargetPolicy* targets) {
  std::vector<std::string> flags = {"--host-resolver-rules=" +
                                    ResolverRules(targets, req.host_rules)};
  if (!req.verify_tls) flags.push_back("--ignore-certificate-errors");
  return flags;
}

// Keeps the DOM next to the screenshot and names the files kept.
void KeepFiles(const RenderRequest& req, const fs::path& dom_path, const fs::path& png_path,
               RenderResult& r) {
  std::error_code ec;
  if (!r.dom.empty()) {
    std::ofstream out(dom_path, std::ios::binary | std::ios::trunc);
    out.write(r.dom.data(), static_cast<std::streamsize>(r.dom.size()));
  }
  if (!req.out_dir.empty()) {
    if (fs::exists(dom_path, ec)) r.dom_path = dom_path.string();
    if (fs::exists(png_path, ec)) r.screenshot_path = png_path.string();
  }
}

// The outcome once the tab is closed: which way it ended, worded for the lab.
void Conclude(const RenderRequest& req, TabSession::Stop stop, bool browser_failed,
              const std::string& browser_problem, const std::string& problem,
              const std::atomic<bool>& cancelled, RenderResult& r) {
  if (stop == TabSession::Stop::kCancelled || (!problem.empty() && cancelled.load())) {
    r.cancelled = true;
    r.error = "cancelled while Chromium was rendering " + req.url;
  } else if (stop == TabSession::Stop::kDeadline) {
    r.timed_out = true;
    r.error = "Chromium did not finish rendering " + req.url +
              " before the probe deadline; its tab was closed (" + problem + ")";
  } else if (r.document_refused) {
    r.error = Refused(*r.document_refused);
  } else if (browser_failed) {
    // Recorded here, never lost: the pool starts another browser for the
    // pages after this one unless this one was its second failure.
    r.error = "Chromium (pid " + std::to_string(r.pid) + ") failed while rendering " + req.url +
              ": " + browser_problem + " (exit status " + std::to_string(r.exit_code) +
              "); this variant is not rendered";
  } else if (!problem.empty()) {
    r.error = problem;
  } else if (r.dom.empty()) {
    r.error = "Chromium returned an empty DOM for " + req.url;
  } else {
    r.ok = true;
  }
}

boost::asio::awaitable<RenderResult> RenderIn(BrowserPool& pool, const ProbeContext& ctx,
                                              const RenderRequest& req,
                                              const std::atomic<bool>& cancelled) {
  RenderResult r;
  TempDir scratch;
  if (cancelled.load() || steady_clock::now() >= ctx.deadline) {
    r.cancelled = cancelled.load();
    r.timed_out = !r.cancelled;
    r.error = "no time left to start Chromium for " + req.url;
    co_return r;
  }
  if (req.out_dir.empty() && scratch.path.empty()) {
    r.error = std::string("cannot create a temporary folder: ") + std::strerror(errno);
    co_return r;
  }
  const fs::path out_dir = req.out_dir.empty() ? scratch.path : fs::path(req.out_dir);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    r.error = "cannot create the evidence folder " + out_dir.string() + ": " + ec.message();
    co_return r;
  }
  const fs::path dom_path = out_dir / (req.file_stem + ".html");
  const fs::path png_path = out_dir / (req.file_stem + ".png");
  fs::remove(png_path, ec);
  fs::remove(dom_path, ec);

  const bool got_tab = co_await pool.TakeTab(ctx.executor, ctx.deadline, cancelled);
  if (!got_tab) {
    r.cancelled = cancelled.load();
    r.timed_out = !r.cancelled;
    r.error = "no tab of the run's Chromium came free for " + req.url +
              (r.cancelled ? " before the run was cancelled" : " before the probe deadline") +
              " (ui.render_concurrency " + std::to_string(pool.max_tabs()) + ")";
    co_return r;
  }
  TabSlot slot{pool};
  BrowserPool::Lease lease = pool.Acquire(req.chromium, LaunchFlags(req, ctx.targets.get()));
  r.browser_starts = lease.starts;
  if (!lease.browser) {
    r.error = lease.error;
    co_return r;
  }
  std::shared_ptr<SharedBrowser> browser = lease.browser;
  r.pid = browser->pid();
  r.argv = browser->argv();

  RequestGate gate(ctx.targets);
  std::string problem, context_id;
  TabSession::Stop stop = TabSession::Stop::kNone;
  {
    TabSession tab(browser->pipe(), ctx.executor, ctx.deadline, cancelled, r.protocol_log);
    try {
      problem = co_await DriveTab(tab, gate, req, ctx.deadline, png_path, r, context_id);
    } catch (const std::exception& e) {
      problem = "talking to Chromium about " + req.url + " failed: " + e.what();
    }
    tab.OnEvent(nullptr);
    stop = tab.stop();
  }
  // Closes the tab and whatever the page left in its context, whichever way
  // the render ended.
  // Waited for (bounded, even after the deadline or cancellation) so the
  // tab's renderer is on its way out before the slot goes to the next page.
  if (!context_id.empty()) {
    const std::atomic<bool> not_cancelled{false};
    std::vector<std::string> closing_log;
    TabSession closer(browser->pipe(), ctx.executor, steady_clock::now() + kDisposeGrace,
                      not_cancelled, closing_log);
    const int id =
        closer.Send("Target.disposeBrowserContext", {{"browserContextId", context_id}}, "");
    co_await closer.Await(id);
  }
  r.blocked_requests = gate.blocked();
  r.allowed_requests = gate.allowed();
  r.blocked_total = gate.blocked_total();
  r.allowed_total = gate.allowed_total();
  r.document_refused = gate.document_refused();
  const bool failed = browser->failed();
  const std::string browser_problem = browser->pipe().problem();
  r.exit_code = pool.Release(browser);
  KeepFiles(req, dom_path, png_path, r);
  Conclude(req, stop, failed && stop != TabSession::Stop::kCancelled, browser_problem, problem,
           cancelled, r);
  if (!r.ok) r.stderr_tail = browser->StderrTail();
  co_return r;
}

}  // namespace

boost::asio::awaitable<RenderResult> RenderWithChromium(ProbeContext ctx, RenderRequest request) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  CancelRegistration registration(*ctx.cancel, [cancelled] { cancelled->store(true); });
  std::shared_ptr<BrowserPool> pool = ctx.browsers;
  const bool own = !pool;
  if (own) pool = std::make_shared<BrowserPool>(1);
  RenderResult r;
  try {
    r = co_await RenderIn(*pool, ctx, request, *cancelled);
  } catch (const std::exception& e) {
    // A header that is not UTF-8 cannot be put into a protocol message.
    r = RenderResult{};
    r.error = std::string("rendering ") + request.url + " failed: " + e.what();
  }
  if (own) {
    // A browser of its own ends with the page: asked to close when the
    // page was read, else killed.
    const int status = pool->Shutdown(r.ok);
    if (r.exit_code < 0) r.exit_code = status;
  }
  co_return r;
}

}  // namespace pooltest
