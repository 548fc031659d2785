#include "probes/http/chromium_render.h"

#include "harness/core/headless_chromium.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <boost/asio/async_result.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

extern char** environ;

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kMaxDom = 16 * 1024 * 1024;
constexpr size_t kStderrTail = 2000;
// One protocol message; a full-page PNG in base64 plus the DOM stay far below.
constexpr size_t kMaxMessage = 64 * 1024 * 1024;
constexpr size_t kMaxLog = 300;
// How often a wait for Chromium looks at the cancel flag.
constexpr milliseconds kPollSlice{50};
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
// How long a browser gets to exit after Browser.close before it is killed.
constexpr milliseconds kCloseGrace{2000};

std::string ReadFile(const fs::path& p, size_t cap) {
  std::ifstream in(p, std::ios::binary);
  std::string s;
  if (!in) return s;
  s.resize(cap);
  in.read(s.data(), static_cast<std::streamsize>(cap));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

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

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
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

// The DevTools protocol over one end of a socket pair that Chromium has as
// fd 3 (it reads) and fd 4 (it writes): NUL-terminated JSON messages. A
// socket rather than two pipes so that writing to a browser that died is an
// error (MSG_NOSIGNAL), not a SIGPIPE for the whole harness. Every wait is a
// poll() bounded by the deadline and sliced to notice cancellation.
class DevToolsPipe {
 public:
  enum class Stop { kNone, kDeadline, kCancelled, kClosed, kBroken };

  DevToolsPipe(int fd, steady_clock::time_point deadline, const std::atomic<bool>& cancelled,
               std::vector<std::string>& log)
      : fd_(fd), deadline_(deadline), cancelled_(cancelled), log_(log) {}

  Stop stop() const { return stop_; }
  const std::string& problem() const { return problem_; }

  // Sends `method` (to `session` if given) and waits for its answer:
  // the result object, or nullopt with problem() set (a protocol error
  // answer, the deadline, cancellation, or the browser gone).
  std::optional<json> Call(const std::string& method, json params = json::object(),
                           const std::string& session = "") {
    if (stop_ != Stop::kNone) return std::nullopt;
    const int id = ++last_id_;
    json msg = {{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (!session.empty()) msg["sessionId"] = session;
    Log("> " + method);
    if (!Send(msg.dump() + '\0')) return std::nullopt;
    for (;;) {
      std::optional<json> m = Next();
      if (!m) return std::nullopt;
      if (!m->contains("id") || !(*m)["id"].is_number_integer() || (*m)["id"].get<int>() != id)
        continue;
      if (m->contains("error")) {
        const json& e = (*m)["error"];
        problem_ =
            method + " failed: " +
            (e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>()
                                                               : e.dump());
        Log("< " + method + " error: " + problem_.substr(0, 200));
        return std::nullopt;
      }
      Log("< " + method + " ok");
      return m->contains("result") ? (*m)["result"] : json::object();
    }
  }

  // Sends without waiting for an answer (Browser.close: the browser may
  // exit before it answers; the caller waits for the process instead).
  void Post(const std::string& method) {
    if (stop_ != Stop::kNone) return;
    Log("> " + method);
    Send(json{{"id", ++last_id_}, {"method", method}, {"params", json::object()}}.dump() + '\0');
  }

  // Forgets that `method` arrived on `session`, to wait for the next one.
  void Forget(const std::string& method, const std::string& session) {
    seen_.erase(session + "|" + method);
  }

  // Adds a line of the caller's to the log (what the settling found).
  void Note(const std::string& line) { Log("  " + line); }

  // Waits until `method` arrived on `session` (now or earlier).
  bool WaitEvent(const std::string& method, const std::string& session) {
    while (!seen_.count(session + "|" + method)) {
      if (!Next()) return false;
    }
    return true;
  }

  // The same, giving up at `until` without stopping the session: then
  // false with stop() still kNone.
  bool WaitEventUntil(const std::string& method, const std::string& session,
                      steady_clock::time_point until) {
    soft_deadline_ = until;
    const bool arrived = WaitEvent(method, session);
    soft_deadline_ = steady_clock::time_point::max();
    return arrived;
  }

 private:
  void Log(const std::string& line) {
    if (log_.size() < kMaxLog) {
      const auto ms =
          std::chrono::duration_cast<milliseconds>(steady_clock::now() - start_).count();
      log_.push_back("+" + std::to_string(ms) + "ms " + line);
    } else if (log_.size() == kMaxLog) {
      log_.push_back("... (log truncated)");
    }
  }

  // Poll timeout for the next slice, or false with stop_ set.
  bool Slice(int& timeout_ms) {
    if (cancelled_.load()) {
      stop_ = Stop::kCancelled;
      problem_ = "cancelled";
      return false;
    }
    const auto now = steady_clock::now();
    if (now >= deadline_) {
      stop_ = Stop::kDeadline;
      problem_ = "deadline";
      return false;
    }
    if (now >= soft_deadline_) return false;
    const auto until = std::min(deadline_, soft_deadline_);
    timeout_ms = static_cast<int>(std::min<long long>(
        kPollSlice.count(), std::chrono::duration_cast<milliseconds>(until - now).count() + 1));
    return true;
  }

  bool Send(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      int timeout_ms = 0;
      if (!Slice(timeout_ms)) return false;
      pollfd p{fd_, POLLOUT, 0};
      const int n = ::poll(&p, 1, timeout_ms);
      if (n < 0 && errno != EINTR) return Broken("poll");
      if (n <= 0) continue;
      const ssize_t w =
          ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
        stop_ = Stop::kClosed;
        problem_ = "Chromium closed the DevTools pipe";
        return false;
      }
      done += static_cast<size_t>(w);
    }
    return true;
  }

  bool Broken(const char* what) {
    stop_ = Stop::kBroken;
    problem_ = std::string(what) + " on the DevTools pipe: " + std::strerror(errno);
    return false;
  }

  // The next message (events are noted in seen_ and logged), or nullopt.
  std::optional<json> Next() {
    for (;;) {
      const size_t nul = in_.find('\0');
      if (nul != std::string::npos) {
        json m = json::parse(in_.begin(), in_.begin() + static_cast<long>(nul), nullptr, false);
        in_.erase(0, nul + 1);
        if (m.is_discarded() || !m.is_object()) {
          Log("< (a message that is not JSON)");
          continue;
        }
        if (m.contains("method") && m["method"].is_string()) {
          const std::string method = m["method"].get<std::string>();
          const std::string session = m.contains("sessionId") && m["sessionId"].is_string()
                                          ? m["sessionId"].get<std::string>()
                                          : "";
          // Network.* events are many and say nothing the DOM does not.
          if (method.rfind("Network.", 0) != 0) Log("* " + method);
          if (seen_.size() < 10000) seen_.insert(session + "|" + method);
        }
        return m;
      }
      if (in_.size() > kMaxMessage) {
        stop_ = Stop::kBroken;
        problem_ = "a DevTools message larger than " + std::to_string(kMaxMessage >> 20) + " MiB";
        return std::nullopt;
      }
      int timeout_ms = 0;
      if (!Slice(timeout_ms)) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      const int n = ::poll(&p, 1, timeout_ms);
      if (n < 0 && errno != EINTR) {
        Broken("poll");
        return std::nullopt;
      }
      if (n <= 0) continue;
      char buf[1 << 16];
      const ssize_t r = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (r < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
        Broken("recv");
        return std::nullopt;
      }
      if (r == 0) {
        stop_ = Stop::kClosed;
        problem_ = "Chromium closed the DevTools pipe (it exited)";
        return std::nullopt;
      }
      in_.append(buf, static_cast<size_t>(r));
    }
  }

  int fd_;
  steady_clock::time_point deadline_;
  steady_clock::time_point soft_deadline_ = steady_clock::time_point::max();
  const std::atomic<bool>& cancelled_;
  std::vector<std::string>& log_;
  std::string in_;
  std::set<std::string> seen_;
  steady_clock::time_point start_ = steady_clock::now();
  int last_id_ = 0;
  Stop stop_ = Stop::kNone;
  std::string problem_;
};

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

// Everything after the browser started: apply the variant, load, settle,
// read the DOM, take the screenshot, close. Returns "" or the problem.
std::string Drive(DevToolsPipe& cdp, const RenderRequest& req, steady_clock::time_point deadline,
                  const fs::path& png_path, RenderResult& r) {
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

RenderResult Render(const RenderRequest& req, steady_clock::time_point deadline,
                    const std::atomic<bool>& cancelled) {
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
  const fs::path err_path = profile.path / "stderr.txt";
  fs::remove(png_path, ec);
  fs::remove(dom_path, ec);

  r.argv = HeadlessChromiumArgs(req.chromium);
  r.argv.insert(
      r.argv.end(),
      {"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
       "--user-data-dir=" + (profile.path / "profile").string(), "--remote-debugging-pipe"});
  if (!req.host_rules.empty()) {
    std::string rules;
    for (const std::string& h : req.host_rules) rules += (rules.empty() ? "" : ", ") + h;
    r.argv.push_back("--host-resolver-rules=" + rules);
  }
  if (!req.verify_tls) r.argv.push_back("--ignore-certificate-errors");
  r.argv.push_back("about:blank");

  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    r.error = std::string("cannot create the DevTools pipe: ") + std::strerror(errno);
    return r;
  }
  Fd ours(sv[0]);
  // Above 4, so the dup2 onto 3 and 4 below never is a no-op that would keep
  // close-on-exec set.
  Fd theirs(::fcntl(sv[1], F_DUPFD_CLOEXEC, 10));
  ::close(sv[1]);
  if (theirs.fd < 0) {
    r.error = std::string("cannot create the DevTools pipe: ") + std::strerror(errno);
    return r;
  }

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, theirs.fd, 3);
  posix_spawn_file_actions_adddup2(&fa, theirs.fd, 4);
  // The browser must not inherit the harness's sockets (listeners, probe
  // connections): its helpers can outlive it.
  posix_spawn_file_actions_addclosefrom_np(&fa, 5);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so renderer and zygote children die with it.
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  std::vector<char*> argv;
  for (std::string& a : r.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, req.chromium.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    r.error = "cannot start '" + req.chromium + "': " + std::strerror(rc) +
              " (install Debian's chromium package: bash ci/install-deps.sh)";
    return r;
  }
  r.pid = pid;
  ::close(theirs.fd);
  theirs.fd = -1;

  DevToolsPipe cdp(ours.fd, deadline, cancelled, r.protocol_log);
  std::string problem;
  try {  // the browser must be stopped below whatever happens here
    problem = Drive(cdp, req, deadline, png_path, r);
  } catch (const std::exception& e) {
    problem = "talking to Chromium about " + req.url + " failed: " + e.what();
  }

  // Wait for the exit Browser.close asked for, bounded; then the group goes.
  int status = 0;
  bool exited = false;
  const auto grace = std::min(deadline, steady_clock::now() + kCloseGrace);
  while (problem.empty() && !cancelled.load()) {
    const pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) {
      exited = w == pid;
      break;
    }
    if (steady_clock::now() >= grace) break;
    std::this_thread::sleep_for(milliseconds(25));
  }
  // Also the stragglers of the group (a renderer that outlived the browser).
  kill(-pid, SIGKILL);
  if (!exited)
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

  std::string err = ReadFile(err_path, 1 << 20);
  r.stderr_tail = err.size() > kStderrTail ? err.substr(err.size() - kStderrTail) : err;
  if (!r.dom.empty()) {
    std::ofstream out(dom_path, std::ios::binary | std::ios::trunc);
    out.write(r.dom.data(), static_cast<std::streamsize>(r.dom.size()));
  }
  if (!req.out_dir.empty()) {
    if (fs::exists(dom_path, ec)) r.dom_path = dom_path.string();
    if (fs::exists(png_path, ec)) r.screenshot_path = png_path.string();
  }
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
RenderResult RenderNoThrow(const RenderRequest& req, steady_clock::time_point deadline,
                           const std::atomic<bool>& cancelled) {
  try {
    return Render(req, deadline, cancelled);
  } catch (const std::exception& e) {
    RenderResult res;
    res.error = std::string("rendering ") + req.url + " failed: " + e.what();
    return res;
  }
}

struct InitiateRender {
  template <typename Handler>
  void operator()(Handler handler, boost::asio::any_io_executor blocking, RenderRequest req,
                  steady_clock::time_point deadline,
                  std::shared_ptr<std::atomic<bool>> cancelled) const {
    auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                    boost::asio::execution::outstanding_work.tracked);
    boost::asio::post(blocking, [handler = std::move(handler), home, req = std::move(req), deadline,
                                 cancelled]() mutable {
      RenderResult res = RenderNoThrow(req, deadline, *cancelled);
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
  if (!ctx.blocking) co_return RenderNoThrow(request, ctx.deadline, *cancelled);
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(RenderResult)>(
      InitiateRender{}, boost::asio::use_awaitable, ctx.blocking, std::move(request), ctx.deadline,
      cancelled);
}

}  // namespace pooltest
