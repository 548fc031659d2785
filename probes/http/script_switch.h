// Trying a rendered page's JavaScript language controls (language_controls.h)
// in its tab, after the page itself was read: per other UI language, the
// best control naming it is activated (a <select>'s value set and change
// dispatched, or a click, never as a user gesture, so the page's popups stay
// blocked), then a bounded wait for a navigation or for the DOM to go quiet,
// and the page read: where it is, its HTTP status and its DOM. Between two
// controls the page is loaded again in the variant's state (cookies reset to
// the variant's, its storage cleared). Every request still goes through the
// tab's request gate; a document the gate refuses is that control's
// outcome. At most kMaxScriptSwitches controls, each within a slice of the
// render's deadline; a page that reloads forever, blocks its thread or
// grows its DOM past the bound yields an outcome saying so, never a hang.
// Observes only: whether a switch counts is R4.6's to say.
#pragma once

#include <chrono>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "probes/http/chromium_render.h"
#include "probes/http/language_controls.h"
#include "probes/http/request_gate.h"
#include "probes/http/tab_session.h"

namespace pooltest {

// `session`: the tab's; `deadline`: the render's, of which the end is left
// for closing up.
boost::asio::awaitable<void> SwitchByScript(TabSession& cdp, RequestGate& gate,
                                            const RenderRequest& req, std::string session,
                                            std::chrono::steady_clock::time_point deadline,
                                            std::vector<ScriptSwitch>& out);

}  // namespace pooltest
