// Renders one page with the system's headless Chromium (Debian `chromium`,
// never downloaded): a fresh temporary profile, no sandbox/GPU/QUIC/
// background networking, `--dump-dom` for the DOM after scripts ran and
// `--screenshot` for a PNG, in one browser start. The browser runs in its
// own process group on the blocking executor; it is killed (the whole group)
// when the probe deadline passes or the run is cancelled. Never throws.
#pragma once

#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "probes/common/probe_context.h"

namespace pooltest {

struct RenderRequest {
  std::string url;
  std::string accept_language;  // --accept-lang; empty: Chromium's default
  // "MAP host ip" rules (--host-resolver-rules), e.g. for sub-domains on loopback.
  std::vector<std::string> host_rules;
  bool verify_tls = true;  // false adds --ignore-certificate-errors
  // Where the DOM (<stem>.html) and screenshot (<stem>.png) are kept; empty:
  // a temporary folder removed afterwards (the DOM is still returned).
  std::string out_dir;
  std::string file_stem = "page";
  std::string chromium = "chromium";  // executable, looked up in PATH
};

struct RenderResult {
  bool ok = false;
  bool timed_out = false;
  bool cancelled = false;
  std::string error;  // why not ok, actionable
  std::string dom;    // serialised DOM after scripts ran
  std::string dom_path;
  std::string screenshot_path;  // empty when no screenshot was written
  int exit_code = -1;
  int pid = 0;                    // the browser's process (and group) id, 0 if never started
  std::vector<std::string> argv;  // the command line, for the evidence
  std::string stderr_tail;        // last lines Chromium printed
};

boost::asio::awaitable<RenderResult> RenderWithChromium(ProbeContext ctx, RenderRequest request);

}  // namespace pooltest
