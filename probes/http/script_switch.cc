#include "probes/http/script_switch.h"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "probes/http/render_steps.h"

// No co_await inside a condition and no temporary in a co_await expression:
// GCC 12.2 miscompiles both (tab_session.h).

namespace pooltest {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Left of the render's deadline for what the page probe does after the
// render (reading the text, following the page's language links) and for
// closing the tab: the page's own evidence never waits on its controls.
constexpr milliseconds kReserve{5000};
// Each control gets at most this long (a reload of the page first, the
// activation, the page it led to loading and settling); one with less than
// kMinSlice left is not tried.
constexpr milliseconds kSlice{5000};
constexpr milliseconds kMinSlice{1500};
// A change in place is over when the DOM was quiet this long after it; a
// control that changed nothing is given kChangeCapMs.
constexpr int kQuietMs = 250;
constexpr int kChangeCapMs = 1500;
constexpr int kSettleCapMs = 1500;
// The DOM after a switch: as large as a page needs, a quarter of the
// page's own bound (render_steps.cc).
constexpr size_t kMaxSwitchDom = 4 * 1024 * 1024;
constexpr int kReadTries = 3;

int MsUntil(steady_clock::time_point t) {
  return static_cast<int>(std::max<long long>(
      0, std::chrono::duration_cast<milliseconds>(t - steady_clock::now()).count()));
}

// The value of `expr` evaluated in the page, or nullopt: `problem` then
// says why (the page navigated away, the script threw, no answer by
// `until`, in which case the page's script is stopped).
boost::asio::awaitable<std::optional<json>> Eval(TabSession& cdp, const std::string& s,
                                                 const std::string& expr, bool await_promise,
                                                 steady_clock::time_point until,
                                                 std::string& problem) {
  const json params = {{"expression", expr},
                       {"awaitPromise", await_promise},
                       {"returnByValue", true},
                       {"userGesture", false},
                       {"timeout", std::max(1, MsUntil(until))}};
  const int id = cdp.Send("Runtime.evaluate", params, s);
  std::optional<json> r = co_await cdp.AwaitUntil(id, until);
  if (!r) {
    problem = cdp.problem();
    if (cdp.stop() == TabSession::Stop::kNone && steady_clock::now() >= until)
      cdp.Post("Runtime.terminateExecution", json::object(), s);
    co_return std::nullopt;
  }
  if (r->contains("exceptionDetails") || !r->contains("result") ||
      !(*r)["result"].contains("value")) {
    problem = "the page's script failed";
    co_return std::nullopt;
  }
  co_return (*r)["result"]["value"];
}

// Loads the page again as the variant first had it: "" or the problem.
boost::asio::awaitable<std::string> Reload(TabSession& cdp, RequestGate& gate,
                                           const RenderRequest& req, const std::string& s,
                                           steady_clock::time_point until) {
  const std::string load_event = "Page.loadEventFired";
  int id = cdp.Send("Network.clearBrowserCookies", json::object(), s);
  std::optional<json> ok = co_await cdp.AwaitUntil(id, until);
  if (!ok) co_return cdp.problem();
  const std::string cookies = co_await ApplyCookies(cdp, req, s);
  if (!cookies.empty()) co_return cookies;
  for (int pass = 0; pass < 2; ++pass) {
    cdp.Forget(load_event, s);
    if (pass == 0)
      id = cdp.Send("Page.navigate", {{"url", req.url}}, s);
    else
      id = cdp.Send("Page.reload", json::object(), s);
    ok = co_await cdp.AwaitUntil(id, until);
    if (!ok) co_return cdp.problem();
    if (gate.document_refused()) co_return Refused(*gate.TakeDocumentRefusal());
    const bool loaded = co_await cdp.WaitEventUntil(load_event, s, until);
    if (!loaded) co_return "the page did not load again in time";
    // What the last control stored in the page's storage, gone; loaded once
    // more only if there was any.
    std::string problem;
    const std::string clear =
        "(function(){var n=0;try{n=localStorage.length+sessionStorage.length;"
        "localStorage.clear();sessionStorage.clear();}catch(e){}return n;})()";
    std::optional<json> stored = co_await Eval(cdp, s, clear, false, until, problem);
    if (!stored) co_return problem;
    if (!stored->is_number() || stored->get<double>() == 0) break;
  }
  std::string problem;
  const std::string settle = SettleScript(std::min(kSettleCapMs, MsUntil(until)));
  std::optional<json> settled = co_await Eval(cdp, s, settle, true, until, problem);
  if (!settled) co_return problem;
  co_return "";
}

// Activates the control for sw.lang and reads where it led, within `until`
// (`own_slice`: a whole kSlice, not cut short by the render's deadline).
boost::asio::awaitable<void> TryControl(TabSession& cdp, RequestGate& gate, const std::string& s,
                                        const std::string& from, steady_clock::time_point until,
                                        bool own_slice, ScriptSwitch& sw) {
  const std::string load_event = "Page.loadEventFired";
  std::string problem;
  const std::string origin = "performance.timeOrigin";
  std::optional<json> before = co_await Eval(cdp, s, origin, false, until, problem);
  if (!before) {
    sw.outcome = "failed";
    sw.detail = "the page could not be read before the control: " + problem;
    co_return;
  }
  cdp.Forget(load_event, s);
  gate.TakeDocumentRefusal();
  const std::string activate = ActivateControlScript(from, sw.lang, kQuietMs, kChangeCapMs);
  const steady_clock::time_point act_until =
      std::min(until, steady_clock::now() + milliseconds(kChangeCapMs + 1000));
  std::optional<json> acted = co_await Eval(cdp, s, activate, true, act_until, problem);
  if (acted && !acted->value("found", false)) {
    sw.outcome = "failed";
    sw.detail = "the control was no longer on the page";
    co_return;
  }
  const bool changed = acted && acted->value("changed", false);
  // A navigation (the evaluation's context destroyed, or one the handler
  // put off) is waited for to its load event.
  const steady_clock::time_point wait_load =
      acted ? std::min(until, steady_clock::now() + milliseconds(kQuietMs)) : until;
  co_await cdp.WaitEventUntil(load_event, s, wait_load);
  for (int tries = 0; tries < kReadTries; ++tries) {
    if (std::optional<DocumentRefusal> refused = gate.TakeDocumentRefusal()) {
      sw.outcome = "refused";
      sw.effect = "navigated";
      sw.final_url = refused->to;
      sw.detail = Refused(*refused);
      sw.refused = std::move(refused);
      co_return;
    }
    if (cdp.stop() != TabSession::Stop::kNone || steady_clock::now() >= until) break;
    const std::string settle = SettleScript(std::min(kSettleCapMs, MsUntil(until)));
    std::optional<json> settled = co_await Eval(cdp, s, settle, true, until, problem);
    std::optional<json> page;
    const std::string read = ReadPageScript(kMaxSwitchDom);
    if (settled) page = co_await Eval(cdp, s, read, false, until, problem);
    if (!page || !page->is_object()) {
      // Navigating again: wait for that load and try once more.
      cdp.Forget(load_event, s);
      co_await cdp.WaitEventUntil(load_event, s, until);
      continue;
    }
    sw.final_url = page->value("href", "");
    sw.status = page->value("status", 0);
    const bool navigated = page->value("origin", 0.0) != before->get<double>();
    sw.effect = navigated ? "navigated" : changed ? "changed_in_place" : "none";
    if (page->contains("too_large")) {
      sw.outcome = "too_large";
      sw.detail = "the page it led to serialises to " + (*page)["too_large"].dump() +
                  " characters, over the bound of " + std::to_string(kMaxSwitchDom);
      co_return;
    }
    sw.outcome = "landed";
    sw.dom = page->value("dom", "");
    co_return;
  }
  // The page had its whole slice and did not settle: its doing (a reload
  // loop, a handler that never returns). Cut by the render's deadline or
  // the browser: the harness's.
  if (cdp.stop() != TabSession::Stop::kNone || (steady_clock::now() >= until && !own_slice)) {
    sw.outcome = "timeout";
    sw.detail = "the page the control led to was not read within the render's deadline" +
                (problem.empty() ? std::string() : " (" + problem + ")");
  } else {
    sw.outcome = "failed";
    sw.detail = "the page did not settle within " + std::to_string(kSlice.count() / 1000) +
                " s of the control (it kept navigating, or its script never returned): " + problem;
  }
}

}  // namespace

boost::asio::awaitable<void> SwitchByScript(TabSession& cdp, RequestGate& gate,
                                            const RenderRequest& req, std::string s,
                                            steady_clock::time_point deadline,
                                            std::vector<ScriptSwitch>& out) {
  const auto end = deadline - kReserve;
  std::string problem;
  const std::string find = FindControlsScript(req.switch_from);
  const steady_clock::time_point find_until =
      std::min(end, steady_clock::now() + milliseconds(1000));
  std::optional<json> found = co_await Eval(cdp, s, find, false, find_until, problem);
  if (!found || !found->is_array()) {
    if (!problem.empty()) cdp.Note("language controls not looked for: " + problem);
    co_return;
  }
  for (const json& c : *found) {
    if (out.size() >= kMaxScriptSwitches) break;
    if (!c.is_object() || !c.contains("lang") || !c["lang"].is_string()) continue;
    ScriptSwitch sw;
    sw.lang = c["lang"].get<std::string>();
    sw.control = c.value("control", "");
    sw.action = c.value("action", "");
    const steady_clock::time_point until = std::min(end, steady_clock::now() + kSlice);
    const bool own_slice = until < end;
    if (cdp.stop() != TabSession::Stop::kNone || until - steady_clock::now() < kMinSlice) {
      sw.outcome = "timeout";
      sw.detail = "no time left in the render's deadline to try it";
      out.push_back(std::move(sw));
      continue;
    }
    // The first control acts on the page as it was read; each later one on
    // the page loaded again.
    std::string reloaded;
    if (!out.empty()) reloaded = co_await Reload(cdp, gate, req, s, until);
    if (!reloaded.empty()) {
      sw.outcome = steady_clock::now() >= until ? "timeout" : "failed";
      sw.detail = "the page could not be loaded again to try this control: " + reloaded;
    } else {
      co_await TryControl(cdp, gate, s, req.switch_from, until, own_slice, sw);
    }
    cdp.Note("language control " + sw.control + " -> " + sw.outcome + " " + sw.effect + " " +
             sw.final_url);
    out.push_back(std::move(sw));
  }
}

}  // namespace pooltest
