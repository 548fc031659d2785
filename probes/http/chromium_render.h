// Renders one page with the system's headless Chromium (Debian `chromium`,
// never downloaded), driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe): in a fresh browser context and tab of the
// run's browser (ProbeContext::browsers, browser_pool.h; without one, a
// browser of its own started and ended for this page), the language
// variant's request headers and cookie applied in that context before the
// page is loaded, a bounded settle time for the page's scripts, then the DOM
// and a PNG screenshot (render_steps.h), then, if asked, the page's
// JavaScript language controls tried (script_switch.h).
// Only declared hosts: every request the page makes passes the run's target
// policy (ctx.targets) before it leaves, through DevTools request
// interception, and names resolve only to the policy's addresses
// (--host-resolver-rules; a browser per distinct rule set, browser_pool.h);
// see request_gate.h. Blocked requests and those to ui.allowed_hosts are
// listed in the result; a main document that leaves for a host the pool may
// not send it to makes the render fail with document_refused set.
// The render is a coroutine on ctx.executor that holds no thread while it
// waits; at most ui.render_concurrency run at once. Every wait is bounded
// by the probe deadline and cancellation; the tab's context is then
// disposed of. A browser that dies or stops answering fails the renders it
// was serving, each saying so, and is killed with its process group; the
// next render starts another (browser_pool.h). Never throws.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "probes/common/probe_context.h"
#include "probes/http/language_controls.h"
#include "probes/http/request_gate.h"

namespace pooltest {

struct RenderRequest {
  std::string url;
  // The language variant's request headers, sent on every request the page
  // makes. "Cookie" pairs go into the browser's cookie jar for the page's
  // host (path "/"), so scripts see them in document.cookie as well;
  // "Accept-Language" also sets navigator.languages; any other header is
  // added as is (Network.setExtraHTTPHeaders).
  std::vector<std::pair<std::string, std::string>> headers;
  // "MAP host ip" rules (--host-resolver-rules) that come before the target
  // policy's own, e.g. the page's host at the address that served it.
  std::vector<std::string> host_rules;
  bool verify_tls = true;  // false adds --ignore-certificate-errors
  // Where the DOM (<stem>.html) and screenshot (<stem>.png) are kept; empty:
  // a temporary folder removed afterwards (the DOM is still returned).
  std::string out_dir;
  std::string file_stem = "page";
  std::string chromium = "chromium";  // executable, looked up in PATH
  // How long to wait for the load event (a stalled image or analytics
  // script can hold it back forever); after that the DOM is read as it is
  // and RenderResult::warning says so.
  std::chrono::milliseconds load_wait{15000};
  // The variant's language (kk, ru, en): once the page is read, its
  // JavaScript language controls for the other languages are tried
  // (script_switch.h). Empty: none are.
  std::string switch_from;
};

struct RenderResult {
  bool ok = false;  // the DOM after the scripts ran was read
  bool timed_out = false;
  bool cancelled = false;
  std::string error;  // why not ok, actionable
  std::string dom;    // serialised DOM after scripts ran
  std::string dom_path;
  std::string screenshot_path;  // empty when no screenshot was written
  // Chromium's exit status (128+signal when it was killed) when it ended with
  // this render (a browser of its own, or one that failed), else -1.
  int exit_code = -1;
  int pid = 0;  // the browser's process (and group) id, 0 if never started
  // Browsers the run had started when this page got its own (1 for the
  // first; more after a restart or for other launch flags), 0 if none.
  int browser_starts = 0;
  std::vector<std::string> argv;  // the command line, for the evidence
  std::string stderr_tail;        // last lines Chromium printed
  std::string warning;            // set when the DOM was read before the load event
  // The protocol exchange in order, bounded, each line starting with
  // "+<ms since the render started> ": "> Method" sent, "< Method ok" or
  // "< Method error: ..." answered, "* Event" received (Network.* events
  // left out), "  settled: ..." how the settle wait ended; no page content.
  std::vector<std::string> protocol_log;
  // Requests the target policy stopped before they left (failed as
  // BlockedByClient), and those that went to ui.allowed_hosts; each list at
  // most RequestGate::kMaxListed long, the totals count all.
  std::vector<PageRequest> blocked_requests, allowed_requests;
  size_t blocked_total = 0, allowed_total = 0;
  // The main document left (a redirect, a script) for a host it may not;
  // ok is false then: the variant is not served by the pool.
  std::optional<DocumentRefusal> document_refused;
  // What each JavaScript language control tried did (RenderRequest::switch_from).
  std::vector<ScriptSwitch> switches;
};

boost::asio::awaitable<RenderResult> RenderWithChromium(ProbeContext ctx, RenderRequest request);

}  // namespace pooltest
