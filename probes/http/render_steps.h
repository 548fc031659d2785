// The steps of one render in a tab of a shared browser (browser_pool.h):
// a fresh browser context (cookies, storage and cache of its own, as a fresh
// profile), a tab in it attached with flatten, every request of the tab and
// of the workers and frames attached under it put before the request gate
// (request_gate.h) from the first one, the language variant's cookies and
// headers applied in that context, the page loaded, settled (bounded), then
// the DOM and a PNG screenshot. Returns "" or the problem, worded for the
// lab; r gets the DOM, the warning and the protocol notes. `context_id` is
// set as soon as the context exists, so that the caller disposes of it
// (closing its tab) whatever happened after. With req.switch_from set, the
// page's JavaScript language controls are then tried (script_switch.h) and
// r.switches says what each did; the DOM and screenshot stay the page's.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>

#include "probes/http/chromium_render.h"
#include "probes/http/request_gate.h"
#include "probes/http/tab_session.h"

namespace pooltest {

boost::asio::awaitable<std::string> DriveTab(TabSession& cdp, RequestGate& gate,
                                             const RenderRequest& req,
                                             std::chrono::steady_clock::time_point deadline,
                                             std::filesystem::path png_path, RenderResult& r,
                                             std::string& context_id);

// The message of a refused main document.
std::string Refused(const DocumentRefusal& d);

// The variant's Cookie pairs set in the tab's context for req.url (path
// "/"): "" or the problem.
boost::asio::awaitable<std::string> ApplyCookies(TabSession& cdp, const RenderRequest& req,
                                                 const std::string& session);

// A promise the page evaluates to wait for its scripts: resolved once
// document.readyState is "complete" and the DOM was quiet for a quarter of
// a second, or after cap_ms.
std::string SettleScript(int cap_ms);

}  // namespace pooltest
