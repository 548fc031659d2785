// Split out of chromium_render.cc: what one render does in its tab.
#include "probes/http/render_steps.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base64.h"
#include "core/data_fields.h"
#include "probes/http/script_switch.h"

namespace pooltest {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kMaxDom = 16 * 1024 * 1024;
// Settling after the load event: done once document.readyState is
// "complete" and no DOM mutation happened for kQuiet, or after kSettleCap.
// Single-page apps build their markup in the load handler or after a few
// fetches, which on a pool's own server take well under a second, so a
// quarter-second quiet window catches the end of that chain; the cap keeps
// pages that never stop changing (live hashrate tickers, clocks) bounded.
constexpr int kQuietMs = 250;
constexpr int kSettleCapMs = 3000;
// Time kept back from the deadline for reading the DOM and the screenshot.
constexpr milliseconds kReserve{1500};

// "a=1; b=2" -> {{"a","1"},{"b","2"}}; empty names are dropped.
std::vector<std::pair<std::string, std::string>> CookiePairs(const std::string& header) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t p = 0; p < header.size();) {
    size_t end = header.find(';', p);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(p, end - p);
    p = end + 1;
    const size_t b = item.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    item.erase(0, b);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    const size_t eq = item.find('=');
    std::string name = item.substr(0, eq);
    if (name.empty()) continue;
    out.emplace_back(std::move(name), eq == std::string::npos ? "" : item.substr(eq + 1));
  }
  return out;
}

bool IEquals(const std::string& a, const char* b) {
  return a.size() == std::strlen(b) && std::equal(a.begin(), a.end(), b, [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string SettleScript(int cap_ms) {
  return "new Promise(function(done){var quiet=" + std::to_string(kQuietMs) +
         ",cap=" + std::to_string(cap_ms) +
         ",start=performance.now(),last=start;"
         "var mo=new MutationObserver(function(){last=performance.now();});"
         "mo.observe(document,{subtree:true,childList:true,attributes:true,characterData:true});"
         "(function tick(){var now=performance.now();"
         "if((document.readyState==='complete'&&now-last>=quiet)||now-start>=cap){"
         "mo.disconnect();done(document.readyState+(now-start>=cap?' (settle cap reached)':''));}"
         "else setTimeout(tick,50);})();})";
}

namespace {

// Every request, in the request stage: before anything is sent.
json CatchAll() { return {{"patterns", {{{"urlPattern", "*"}, {"requestStage", "Request"}}}}}; }

// Workers and out-of-process frames are targets of their own, attached
// paused (waitForDebuggerOnStart) so that their requests are intercepted
// from the first one.
json AutoAttach() {
  return {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}};
}

// Puts every paused request before the gate, on whichever session of the
// tab it came, and intercepts in every target attached to the page.
void Guard(TabSession& cdp, RequestGate& gate) {
  cdp.OnEvent([&cdp, &gate](const json& m) {
    const std::string method = StringField(m, "method");
    const std::string session = StringField(m, "sessionId");
    const json params = m.contains("params") && m["params"].is_object() ? m["params"] : json{};
    if (method == "Fetch.requestPaused") {
      const auto [answer, args] = gate.Decide(params);
      cdp.Post(answer, args, session, true);
    } else if (method == "Target.attachedToTarget") {
      const std::string child = StringField(params, "sessionId");
      if (child.empty()) return;
      // In order on the child's session: intercept, attach its own
      // children, only then let it run.
      cdp.Post("Fetch.enable", CatchAll(), child);
      cdp.Post("Target.setAutoAttach", AutoAttach(), child);
      cdp.Post("Runtime.runIfWaitingForDebugger", json::object(), child);
    }
  });
}

bool Refused(const std::optional<json>& set) {
  return set && set->contains("success") && (*set)["success"].is_boolean() &&
         !(*set)["success"].get<bool>();
}

std::string ErrorText(const std::optional<json>& nav) {
  return nav && nav->contains("errorText") && (*nav)["errorText"].is_string()
             ? (*nav)["errorText"].get<std::string>()
             : "";
}

}  // namespace

std::string Refused(const DocumentRefusal& d) {
  return "the page left " + (d.from.empty() ? std::string("its URL") : d.from) + " for " + d.to +
         ", not followed (" + d.refusal.reason + ")";
}

// Into the context's jar rather than as a header: Chromium replaces an
// extra Cookie header with the jar's, and the page's scripts read the jar.
boost::asio::awaitable<std::string> ApplyCookies(TabSession& cdp, const RenderRequest& req,
                                                 const std::string& s) {
  for (const auto& [name, value] : req.headers) {
    if (!IEquals(name, "Cookie")) continue;
    for (const auto& [cname, cvalue] : CookiePairs(value)) {
      const int id =
          cdp.Send("Network.setCookie",
                   {{"name", cname}, {"value", cvalue}, {"url", req.url}, {"path", "/"}}, s);
      std::optional<json> set = co_await cdp.Await(id);
      if (!set)
        co_return cdp.problem().empty() ? "setting cookie " + cname + " failed" : cdp.problem();
      if (Refused(set)) co_return "Chromium refused cookie '" + cname + "' for " + req.url;
    }
  }
  co_return "";
}

// No co_await inside a condition and no temporary in a co_await expression:
// GCC 12.2 miscompiles both (tab_session.h, tests/hostile/hostile_wire.h).
boost::asio::awaitable<std::string> DriveTab(TabSession& cdp, RequestGate& gate,
                                             const RenderRequest& req,
                                             steady_clock::time_point deadline,
                                             std::filesystem::path png_path, RenderResult& r,
                                             std::string& context_id) {
  auto fail = [&cdp](const std::string& step) {
    if (cdp.problem().empty())
      return step + ": Chromium gave an answer without the expected fields";
    return cdp.stop() == TabSession::Stop::kNone ? cdp.problem() : step + ": " + cdp.problem();
  };
  int id = cdp.Send("Browser.getVersion");
  std::optional<json> version = co_await cdp.Await(id);
  if (!version) co_return fail("asking the browser its version");
  // A context of its own: what an earlier variant left in cookies or
  // storage is not there.
  id = cdp.Send("Target.createBrowserContext", {{"disposeOnDetach", true}});
  std::optional<json> context = co_await cdp.Await(id);
  if (!context || StringField(*context, "browserContextId").empty())
    co_return fail("creating a browser context");
  context_id = StringField(*context, "browserContextId");
  id = cdp.Send(
      "Target.createTarget",
      {{"url", "about:blank"}, {"browserContextId", context_id}, {"width", 1280}, {"height", 900}});
  std::optional<json> target = co_await cdp.Await(id);
  if (!target || StringField(*target, "targetId").empty()) co_return fail("opening a tab");
  id = cdp.Send("Target.attachToTarget", {{"targetId", (*target)["targetId"]}, {"flatten", true}});
  std::optional<json> attached = co_await cdp.Await(id);
  if (!attached || StringField(*attached, "sessionId").empty())
    co_return fail("attaching to the tab");
  const std::string s = StringField(*attached, "sessionId");
  cdp.Route(s);

  id = cdp.Send("Page.enable", json::object(), s);
  std::optional<json> ok = co_await cdp.Await(id);
  if (!ok) co_return fail("enabling page events");
  id = cdp.Send("Page.getFrameTree", json::object(), s);
  std::optional<json> tree = co_await cdp.Await(id);
  if (!tree || !tree->contains("frameTree") ||
      StringField((*tree)["frameTree"].value("frame", json{}), "id").empty())
    co_return fail("reading the tab's main frame");
  gate.set_main_frame(StringField((*tree)["frameTree"]["frame"], "id"));
  Guard(cdp, gate);
  id = cdp.Send("Fetch.enable", CatchAll(), s);
  ok = co_await cdp.Await(id);
  if (!ok) co_return fail("intercepting the page's requests");
  id = cdp.Send("Target.setAutoAttach", AutoAttach(), s);
  ok = co_await cdp.Await(id);
  if (!ok) co_return fail("intercepting the page's workers and frames");
  id = cdp.Send("Network.enable", json::object(), s);
  ok = co_await cdp.Await(id);
  if (!ok) co_return fail("enabling the network domain");
  const std::string cookies = co_await ApplyCookies(cdp, req, s);
  if (!cookies.empty()) co_return cookies;
  json extra = json::object();
  for (const auto& [name, value] : req.headers) {
    if (IEquals(name, "Cookie")) continue;  // ApplyCookies
    if (IEquals(name, "Accept-Language")) {
      // navigator.language(s) too, for apps that pick the language in script.
      const std::string ua = StringField(*version, "userAgent");
      if (!ua.empty()) {
        id = cdp.Send("Emulation.setUserAgentOverride",
                      {{"userAgent", ua}, {"acceptLanguage", value}}, s);
        ok = co_await cdp.Await(id);
        if (!ok) co_return fail("setting Accept-Language");
      }
    }
    extra[name] = value;
  }
  if (!extra.empty()) {
    id = cdp.Send("Network.setExtraHTTPHeaders", {{"headers", extra}}, s);
    ok = co_await cdp.Await(id);
    if (!ok) co_return fail("setting the request headers");
  }

  const std::string load_event = "Page.loadEventFired";
  cdp.Forget(load_event, s);  // about:blank's, should it come late
  id = cdp.Send("Page.navigate", {{"url", req.url}}, s);
  std::optional<json> nav = co_await cdp.Await(id);
  if (gate.document_refused()) co_return Refused(*gate.document_refused());
  if (!nav) co_return fail("loading " + req.url);
  if (!ErrorText(nav).empty())
    co_return "Chromium could not load " + req.url + ": " + ErrorText(nav);
  const auto load_until = std::min(deadline - kReserve - milliseconds(kSettleCapMs),
                                   steady_clock::now() + req.load_wait);
  const bool loaded = co_await cdp.WaitEventUntil(load_event, s, load_until);
  if (!loaded) {
    if (cdp.stop() != TabSession::Stop::kNone) co_return fail("waiting for the page's load event");
    // Something on the page never finished loading; what the scripts drew
    // so far is still the page a visitor sees.
    r.warning = "the page's load event did not come within " +
                std::to_string(std::chrono::duration_cast<milliseconds>(req.load_wait).count()) +
                " ms (a resource that never finishes loading?); the DOM was read as it was";
    cdp.Note(r.warning);
  }

  const auto left =
      std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now() - kReserve);
  const int cap = static_cast<int>(std::min<long long>(kSettleCapMs, left.count()));
  if (cap > 0) {
    id = cdp.Send(
        "Runtime.evaluate",
        {{"expression", SettleScript(cap)}, {"awaitPromise", true}, {"returnByValue", true}}, s);
    std::optional<json> settled = co_await cdp.Await(id);
    if (!settled) co_return fail("waiting for the page's scripts to settle");
    if (settled->contains("result") && (*settled)["result"].contains("value"))
      cdp.Note("settled: " + (*settled)["result"]["value"].dump());
  }

  // A script that sent the page elsewhere: what is left is not the pool's page.
  if (gate.document_refused()) co_return Refused(*gate.document_refused());
  id = cdp.Send("Runtime.evaluate",
                {{"expression",
                  "(document.doctype?new XMLSerializer().serializeToString(document.doctype)+"
                  "'\\n':'')+document.documentElement.outerHTML"},
                 {"returnByValue", true}},
                s);
  std::optional<json> dom = co_await cdp.Await(id);
  if (!dom) co_return fail("reading the DOM");
  if (dom->contains("exceptionDetails") || !(*dom)["result"].contains("value") ||
      !(*dom)["result"]["value"].is_string())
    co_return "the page's DOM could not be serialised for " + req.url;
  r.dom = (*dom)["result"]["value"].get<std::string>();
  if (r.dom.size() > kMaxDom) r.dom.resize(kMaxDom);

  id = cdp.Send("Page.captureScreenshot", {{"format", "png"}}, s);
  std::optional<json> shot = co_await cdp.Await(id);
  if (shot && shot->contains("data") && (*shot)["data"].is_string()) {
    if (auto png = DecodeBase64((*shot)["data"].get<std::string>())) {
      std::ofstream out(png_path, std::ios::binary | std::ios::trunc);
      out.write(png->data(), static_cast<std::streamsize>(png->size()));
    }
  } else if (cdp.stop() != TabSession::Stop::kNone) {
    co_return fail("taking the screenshot");
  }
  // No screenshot (a protocol error) is not fatal: the DOM is the evidence
  // that matters for the language; screenshot_path stays empty.
  if (!req.switch_from.empty()) {
    co_await SwitchByScript(cdp, gate, req, s, deadline, r.switches);
    // A navigation a control set off after its page was read is not the
    // page's: noted, not taken for the page leaving.
    if (std::optional<DocumentRefusal> late = gate.TakeDocumentRefusal())
      cdp.Note("after the language controls: " + Refused(*late));
  }
  co_return "";
}

}  // namespace pooltest
