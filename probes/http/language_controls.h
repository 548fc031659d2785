// Language switch controls that work only through JavaScript: a <select>
// whose option change is handled in script, a <button>, <span> or <li>
// whose click handler sets a cookie or localStorage and reloads, or
// rewrites the page's text in place (Vue or React i18n). What a control is
// (its text, aria-label, title, value or data-lang names kk, ru or en: the
// label table below) and the page scripts that find and activate one, as
// Runtime.evaluate expressions; script_switch.h runs them in a rendered tab.
// Controls that are plain links (an <a> with a real href) or sit in a form
// with an action are left to language_links.h, which follows them without a
// browser. Pure; no I/O.
#pragma once

#include <optional>
#include <string>

#include "probes/http/request_gate.h"

namespace pooltest {

// At most this many controls are activated per rendered page: one per
// other UI language.
inline constexpr size_t kMaxScriptSwitches = 2;

// What activating one control did, for the page probe (page_probe.h's
// script_switches) and R4.6.
struct ScriptSwitch {
  std::string lang;     // the language the control names
  std::string control;  // how it reads, e.g. `<option> "Русский" (value ru) of a <select>`
  std::string action;   // "select" (value set, input and change dispatched) or "click"
  // "landed" (the page was read afterwards), "refused" (the page left for
  // a host it may not), "failed" (the control vanished, the page never
  // settled), "timeout" (no time left in the render's deadline),
  // "too_large" (the page afterwards is over the DOM bound).
  std::string outcome;
  std::string detail;
  std::string effect;  // "navigated", "changed_in_place" or "none"
  std::string final_url;
  int status = 0;   // the document's HTTP status after it (Navigation Timing)
  std::string dom;  // the serialised DOM afterwards, when landed
  std::optional<DocumentRefusal> refused;
};

// The expression listing the page's controls, one per language other than
// `from`: an array of {lang, control, action}.
std::string FindControlsScript(const std::string& from);

// The expression activating the control for `lang` (found as
// FindControlsScript finds it) and waiting for the DOM to go quiet after a
// change (quiet_ms) or up to cap_ms: a promise of {found, changed}; a
// navigation destroys the context first and the evaluation fails.
std::string ActivateControlScript(const std::string& from, const std::string& lang, int quiet_ms,
                                  int cap_ms);

// The expression reading the page after a switch: {href, origin (the
// document's performance.timeOrigin, new with each document), status (its
// HTTP status, Navigation Timing), dom}, or, when the serialised DOM is
// over max_dom characters, too_large (its length) instead of dom.
std::string ReadPageScript(size_t max_dom);

}  // namespace pooltest
