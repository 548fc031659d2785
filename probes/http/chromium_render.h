// Renders one page with the system's headless Chromium (Debian `chromium`,
// never downloaded), driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe): a fresh temporary profile, the network-isolating
// flags of HeadlessChromiumArgs, the language variant's request headers and
// cookie applied before the page is loaded, a bounded settle time for the
// page's scripts, then the DOM and a PNG screenshot, in one browser start.
// The browser runs in its own process group on the blocking executor; it is
// killed (the whole group) when the probe deadline passes or the run is
// cancelled, and every read from it is bounded by the deadline. Never throws.
#pragma once

#include <chrono>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "probes/common/probe_context.h"

namespace pooltest {

struct RenderRequest {
  std::string url;
  // The language variant's request headers, sent on every request the page
  // makes. "Cookie" pairs go into the browser's cookie jar for the page's
  // host (path "/"), so scripts see them in document.cookie as well;
  // "Accept-Language" also sets navigator.languages; any other header is
  // added as is (Network.setExtraHTTPHeaders).
  std::vector<std::pair<std::string, std::string>> headers;
  // "MAP host ip" rules (--host-resolver-rules), e.g. for sub-domains on loopback.
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
};

struct RenderResult {
  bool ok = false;  // the DOM after the scripts ran was read
  bool timed_out = false;
  bool cancelled = false;
  std::string error;  // why not ok, actionable
  std::string dom;    // serialised DOM after scripts ran
  std::string dom_path;
  std::string screenshot_path;    // empty when no screenshot was written
  int exit_code = -1;             // Chromium's exit status (128+signal when it was killed)
  int pid = 0;                    // the browser's process (and group) id, 0 if never started
  std::vector<std::string> argv;  // the command line, for the evidence
  std::string stderr_tail;        // last lines Chromium printed
  std::string warning;            // set when the DOM was read before the load event
  // The protocol exchange in order, bounded, each line starting with
  // "+<ms since the browser started> ": "> Method" sent, "< Method ok" or
  // "< Method error: ..." answered, "* Event" received (Network.* events
  // left out), "  settled: ..." how the settle wait ended; no page content.
  std::vector<std::string> protocol_log;
};

boost::asio::awaitable<RenderResult> RenderWithChromium(ProbeContext ctx, RenderRequest request);

}  // namespace pooltest
