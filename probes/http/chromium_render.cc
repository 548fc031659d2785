#include "probes/http/chromium_render.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include <boost/asio/async_result.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "core/headless_chromium.h"
#include "probes/http/chromium_process.h"
#include "probes/http/devtools_pipe.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
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

// A temporary folder removed when this goes out of scope.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "pooltest-chromium-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

std::optional<std::string> DecodeBase64(const std::string& in) {
  static constexpr signed char kInvalid = -1;
  signed char table[256];
  std::fill(std::begin(table), std::end(table), kInvalid);
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
  std::string out;
  out.reserve(in.size() / 4 * 3);
  unsigned bits = 0;
  int nbits = 0;
  for (const char c : in) {
    if (c == '=') break;
    const signed char v = table[static_cast<unsigned char>(c)];
    if (v == kInvalid) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(static_cast<char>((bits >> nbits) & 0xFF));
    }
  }
  return out;
}

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

// The promise the page evaluates after its load event (see kQuietMs).
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

std::string Str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Every request, in the request stage: before anything is sent.
json CatchAll() { return {{"patterns", {{{"urlPattern", "*"}, {"requestStage", "Request"}}}}}; }

// Workers and out-of-process frames are targets of their own, attached
// paused (waitForDebuggerOnStart) so that their requests are intercepted
// from the first one.
json AutoAttach() {
  return {{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}};
}

// Puts every paused request before the gate, on whichever session it came,
// and intercepts in every target attached to the page.
void Guard(DevToolsPipe& cdp, RequestGate& gate) {
  cdp.OnEvent([&cdp, &gate](const json& m) {
    const std::string method = Str(m, "method");
    const std::string session = Str(m, "sessionId");
    const json params = m.contains("params") && m["params"].is_object() ? m["params"] : json{};
    if (method == "Fetch.requestPaused") {
      const auto [answer, args] = gate.Decide(params);
      cdp.Post(answer, args, session, true);
    } else if (method == "Target.attachedToTarget") {
      const std::string child = Str(params, "sessionId");
      if (child.empty()) return;
      // In order on the child's session: intercept, attach its own
      // children, only then let it run.
      cdp.Post("Fetch.enable", CatchAll(), child);
      cdp.Post("Target.setAutoAttach", AutoAttach(), child);
      cdp.Post("Runtime.runIfWaitingForDebugger", json::object(), child);
    }
  });
}

std::string Refused(const DocumentRefusal& d) {
  return "the page left " + (d.from.empty() ? std::string("its URL") : d.from) + " for " + d.to +
         ", not followed (" + d.refusal.reason + ")";
}

// Everything after the browser started: apply the variant, load, settle,
// read the DOM, take the screenshot, close. Returns "" or the problem.
std::string Drive(DevToolsPipe& cdp, RequestGate& gate, const RenderRequest& req,
                  steady_clock::time_point deadline, const fs::path& png_path, RenderResult& r) {
  auto fail = [&cdp](const std::string& step) {
    if (cdp.problem().empty())
      return step + ": Chromium gave an answer without the expected fields";
    return cdp.stop() == DevToolsPipe::Stop::kNone ? cdp.problem() : step + ": " + cdp.problem();
  };
  auto version = cdp.Call("Browser.getVersion");
  if (!version) return fail("asking the browser its version");
  auto target = cdp.Call("Target.createTarget", {{"url", "about:blank"}});
  if (!target || !target->contains("targetId")) return fail("opening a tab");
  auto attached =
      cdp.Call("Target.attachToTarget", {{"targetId", (*target)["targetId"]}, {"flatten", true}});
  if (!attached || !attached->contains("sessionId") || !(*attached)["sessionId"].is_string())
    return fail("attaching to the tab");
  const std::string s = (*attached)["sessionId"].get<std::string>();

  if (!cdp.Call("Page.enable", json::object(), s)) return fail("enabling page events");
  auto tree = cdp.Call("Page.getFrameTree", json::object(), s);
  if (!tree || !tree->contains("frameTree") ||
      Str((*tree)["frameTree"].value("frame", json{}), "id").empty())
    return fail("reading the tab's main frame");
  gate.set_main_frame(Str((*tree)["frameTree"]["frame"], "id"));
  Guard(cdp, gate);
  if (!cdp.Call("Fetch.enable", CatchAll(), s)) return fail("intercepting the page's requests");
  if (!cdp.Call("Target.setAutoAttach", AutoAttach(), s))
    return fail("intercepting the page's workers and frames");
  if (!cdp.Call("Network.enable", json::object(), s)) return fail("enabling the network domain");
  json extra = json::object();
  for (const auto& [name, value] : req.headers) {
    if (IEquals(name, "Cookie")) {
      // Into the jar rather than as a header: Chromium replaces an extra
      // Cookie header with the jar's, and the page's scripts read the jar.
      for (const auto& [cname, cvalue] : CookiePairs(value)) {
        auto set =
            cdp.Call("Network.setCookie",
                     {{"name", cname}, {"value", cvalue}, {"url", req.url}, {"path", "/"}}, s);
        if (!set) return fail("setting cookie " + cname);
        if (set->contains("success") && (*set)["success"].is_boolean() &&
            !(*set)["success"].get<bool>())
          return "Chromium refused cookie '" + cname + "' for " + req.url;
      }
      continue;
    }
    if (IEquals(name, "Accept-Language")) {
      // navigator.language(s) too, for apps that pick the language in script.
      const std::string ua = version->contains("userAgent") && (*version)["userAgent"].is_string()
                                 ? (*version)["userAgent"].get<std::string>()
                                 : "";
      if (!ua.empty() && !cdp.Call("Emulation.setUserAgentOverride",
                                   {{"userAgent", ua}, {"acceptLanguage", value}}, s))
        return fail("setting Accept-Language");
    }
    extra[name] = value;
  }
  if (!extra.empty() && !cdp.Call("Network.setExtraHTTPHeaders", {{"headers", extra}}, s))
    return fail("setting the request headers");

  cdp.Forget("Page.loadEventFired", s);  // about:blank's, should it come late
  auto nav = cdp.Call("Page.navigate", {{"url", req.url}}, s);
  if (gate.document_refused()) return Refused(*gate.document_refused());
  if (!nav) return fail("loading " + req.url);
  if (nav->contains("errorText") && (*nav)["errorText"].is_string() &&
      !(*nav)["errorText"].get<std::string>().empty())
    return "Chromium could not load " + req.url + ": " + (*nav)["errorText"].get<std::string>();
  const auto load_until = std::min(deadline - kReserve - milliseconds(kSettleCapMs),
                                   steady_clock::now() + req.load_wait);
  if (!cdp.WaitEventUntil("Page.loadEventFired", s, load_until)) {
    if (cdp.stop() != DevToolsPipe::Stop::kNone) return fail("waiting for the page's load event");
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
    auto settled = cdp.Call(
        "Runtime.evaluate",
        {{"expression", SettleScript(cap)}, {"awaitPromise", true}, {"returnByValue", true}}, s);
    if (!settled) return fail("waiting for the page's scripts to settle");
    if (settled->contains("result") && (*settled)["result"].contains("value"))
      cdp.Note("settled: " + (*settled)["result"]["value"].dump());
  }

  // A script that sent the page elsewhere: what is left is not the pool's page.
  if (gate.document_refused()) return Refused(*gate.document_refused());
  auto dom = cdp.Call("Runtime.evaluate",
                      {{"expression",
                        "(document.doctype?new XMLSerializer().serializeToString(document.doctype)+"
                        "'\\n':'')+document.documentElement.outerHTML"},
                       {"returnByValue", true}},
                      s);
  if (!dom) return fail("reading the DOM");
  if (dom->contains("exceptionDetails") || !(*dom)["result"].contains("value") ||
      !(*dom)["result"]["value"].is_string())
    return "the page's DOM could not be serialised for " + req.url;
  r.dom = (*dom)["result"]["value"].get<std::string>();
  if (r.dom.size() > kMaxDom) r.dom.resize(kMaxDom);

  auto shot = cdp.Call("Page.captureScreenshot", {{"format", "png"}}, s);
  if (shot && shot->contains("data") && (*shot)["data"].is_string()) {
    if (auto png = DecodeBase64((*shot)["data"].get<std::string>())) {
      std::ofstream out(png_path, std::ios::binary | std::ios::trunc);
      out.write(png->data(), static_cast<std::streamsize>(png->size()));
    }
  } else if (cdp.stop() != DevToolsPipe::Stop::kNone) {
    return fail("taking the screenshot");
  }
  // No screenshot (a protocol error) is not fatal: the DOM is the evidence
  // that matters for the language; screenshot_path stays empty.
  cdp.Post("Browser.close");
  return "";
}

// The browser's command line: HeadlessChromiumArgs' isolation, a window of
// fixed size, the profile in `profile`, the DevTools pipe, the host rules
// (the variant's, then the target policy's), the TLS setting, and
// about:blank to start from.
std::vector<std::string> ChromiumArgv(const RenderRequest& req, const TargetPolicy* targets,
                                      const fs::path& profile) {
  std::vector<std::string> argv = HeadlessChromiumArgs(req.chromium);
  argv.insert(argv.end(),
              {"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
               "--user-data-dir=" + (profile / "profile").string(), "--remote-debugging-pipe"});
  argv.push_back("--host-resolver-rules=" + ResolverRules(targets, req.host_rules));
  if (!req.verify_tls) argv.push_back("--ignore-certificate-errors");
  argv.push_back("about:blank");
  return argv;
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

RenderResult Render(const RenderRequest& req, const std::shared_ptr<const TargetPolicy>& targets,
                    steady_clock::time_point deadline, const std::atomic<bool>& cancelled) {
  RenderResult r;
  TempDir profile;
  if (profile.path.empty()) {
    r.error = std::string("cannot create a temporary profile folder: ") + std::strerror(errno);
    return r;
  }
  if (cancelled.load() || steady_clock::now() >= deadline) {
    r.cancelled = cancelled.load();
    r.timed_out = !r.cancelled;
    r.error = "no time left to start Chromium for " + req.url;
    return r;
  }
  fs::path out_dir = req.out_dir.empty() ? profile.path / "out" : fs::path(req.out_dir);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    r.error = "cannot create the evidence folder " + out_dir.string() + ": " + ec.message();
    return r;
  }
  const fs::path dom_path = out_dir / (req.file_stem + ".html");
  const fs::path png_path = out_dir / (req.file_stem + ".png");
  fs::remove(png_path, ec);
  fs::remove(dom_path, ec);

  r.argv = ChromiumArgv(req, targets.get(), profile.path);
  ChromiumProcess browser;
  r.error = browser.Start(req.chromium, r.argv, (profile.path / "stderr.txt").string());
  if (!r.error.empty()) return r;
  r.pid = browser.pid();

  DevToolsPipe cdp(browser.pipe_fd(), deadline, cancelled, r.protocol_log);
  RequestGate gate(targets);
  std::string problem;
  try {  // the browser must be stopped below whatever happens here
    problem = Drive(cdp, gate, req, deadline, png_path, r);
  } catch (const std::exception& e) {
    problem = "talking to Chromium about " + req.url + " failed: " + e.what();
  }
  cdp.OnEvent(nullptr);
  r.blocked_requests = gate.blocked();
  r.allowed_requests = gate.allowed();
  r.blocked_total = gate.blocked_total();
  r.allowed_total = gate.allowed_total();
  r.document_refused = gate.document_refused();
  r.exit_code = browser.Stop(problem.empty(), deadline, cancelled);
  r.stderr_tail = browser.StderrTail();
  KeepFiles(req, dom_path, png_path, r);

  if (cdp.stop() == DevToolsPipe::Stop::kCancelled || (!problem.empty() && cancelled.load())) {
    r.cancelled = true;
    r.error = "cancelled while Chromium was rendering " + req.url;
    return r;
  }
  if (cdp.stop() == DevToolsPipe::Stop::kDeadline) {
    r.timed_out = true;
    r.error = "Chromium did not finish rendering " + req.url +
              " before the probe deadline; it was stopped (" + problem + ")";
    return r;
  }
  if (r.document_refused) {
    r.error = Refused(*r.document_refused);
    return r;
  }
  if (!problem.empty()) {
    r.error = problem + " (Chromium exit status " + std::to_string(r.exit_code) + ")";
    return r;
  }
  if (r.dom.empty()) {
    r.error = "Chromium returned an empty DOM for " + req.url;
    return r;
  }
  r.ok = true;
  return r;
}

// Render, with anything thrown (a header that is not UTF-8 cannot be put
// into a protocol message, allocation failure) turned into an error.
RenderResult RenderNoThrow(const RenderRequest& req,
                           const std::shared_ptr<const TargetPolicy>& targets,
                           steady_clock::time_point deadline, const std::atomic<bool>& cancelled) {
  try {
    return Render(req, targets, deadline, cancelled);
  } catch (const std::exception& e) {
    RenderResult res;
    res.error = std::string("rendering ") + req.url + " failed: " + e.what();
    return res;
  }
}

struct InitiateRender {
  template <typename Handler>
  void operator()(Handler handler, boost::asio::any_io_executor blocking, RenderRequest req,
                  std::shared_ptr<const TargetPolicy> targets, steady_clock::time_point deadline,
                  std::shared_ptr<std::atomic<bool>> cancelled) const {
    auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                    boost::asio::execution::outstanding_work.tracked);
    boost::asio::post(blocking, [handler = std::move(handler), home, req = std::move(req),
                                 targets = std::move(targets), deadline, cancelled]() mutable {
      RenderResult res = RenderNoThrow(req, targets, deadline, *cancelled);
      boost::asio::post(home, [handler = std::move(handler), res = std::move(res)]() mutable {
        std::move(handler)(std::move(res));
      });
    });
  }
};

}  // namespace

boost::asio::awaitable<RenderResult> RenderWithChromium(ProbeContext ctx, RenderRequest request) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  CancelRegistration registration(*ctx.cancel, [cancelled] { cancelled->store(true); });
  if (!ctx.blocking) co_return RenderNoThrow(request, ctx.targets, ctx.deadline, *cancelled);
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(RenderResult)>(
      InitiateRender{}, boost::asio::use_awaitable, ctx.blocking, std::move(request), ctx.targets,
      ctx.deadline, cancelled);
}

}  // namespace pooltest
