// Split out of chromium_render.cc: one browser process many tabs share.
#include "probes/http/shared_browser.h"

#include <stdlib.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "core/headless_chromium.h"

namespace pooltest {

namespace fs = std::filesystem;

namespace {

// Where the throwaway profile goes: tmpfs when there is one with room to
// spare, since Chromium creates ~200 files in it at start and removing them
// from a busy disk took 0.35 s of the demo's 2.8 (issue 13); else the
// temporary folder. The browser contexts that pages render in keep their
// cache in memory, so the profile does not grow with the pages.
fs::path ProfileBase() {
  constexpr unsigned long long kRoom = 512ull << 20;
  struct statvfs st {};
  if (::access("/dev/shm", W_OK | X_OK) == 0 && ::statvfs("/dev/shm", &st) == 0 &&
      static_cast<unsigned long long>(st.f_bavail) * st.f_frsize >= kRoom)
    return "/dev/shm";
  return fs::temp_directory_path();
}

}  // namespace

std::string SharedBrowser::Start(const std::string& chromium,
                                 const std::vector<std::string>& flags) {
  std::string tmpl = (ProfileBase() / "pooltest-chromium-XXXXXX").string();
  if (!mkdtemp(tmpl.data()))
    return std::string("cannot create a temporary profile folder: ") + std::strerror(errno);
  profile_ = tmpl;
  argv_ = HeadlessChromiumArgs(chromium);
  // One browser serves many tabs, so what it keeps beside them is trimmed:
  // the GPU process (software only, --disable-gpu) runs in the browser
  // process, and no spare renderer is kept warm for a next navigation (each
  // ~100 MB resident). Nor does each browser context's window get the
  // omnibox popup's WebUI (chrome://omnibox-popup.top-chrome/, and its AI
  // mode page): a headless window never shows it, yet it cost every page
  // variant a second renderer (Target.getTargets listed both as
  // "browser_ui"; all three features must go for that renderer to).
  // Renderers, one per browser context, stay processes of their own, forked
  // from the zygote (--no-zygote, tried, made each a fresh exec: slower and
  // larger; NetworkServiceInProcess is ignored by this Chromium).
  argv_.insert(argv_.end(),
               {"--in-process-gpu",
                "--disable-features=SpareRendererForSitePerProcess,PreloadTopChromeWebUI,"
                "WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"});
  argv_.insert(
      argv_.end(),
      {"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
       "--user-data-dir=" + (fs::path(profile_) / "profile").string(), "--remote-debugging-pipe"});
  argv_.insert(argv_.end(), flags.begin(), flags.end());
  argv_.push_back("--no-startup-window");
  std::vector<std::string> args = argv_;
  std::string error = process_.Start(chromium, args, (fs::path(profile_) / "stderr.txt").string());
  if (!error.empty()) return error;
  pipe_ = std::make_unique<DevToolsPipe>(process_.pipe_fd());
  return "";
}

std::string SharedBrowser::StderrTail() {
  std::lock_guard<std::mutex> lock(mu_);
  return ended_ ? stderr_tail_ : process_.StderrTail();
}

int SharedBrowser::Shutdown() { return End(true); }
int SharedBrowser::Kill() { return End(false); }

int SharedBrowser::End(bool graceful) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ended_) return exit_code_;
  ended_ = true;
  if (process_.pid() > 0) {
    graceful = graceful && pipe_ && !pipe_->stopped();
    if (graceful) pipe_->Send("Browser.close", nlohmann::json::object(), "", nullptr);
    const std::atomic<bool> not_cancelled{false};
    // Stop waits (bounded) for the exit Browser.close asked for, then kills
    // the whole group; the pipe thread writes the close meanwhile.
    exit_code_ = process_.Stop(graceful, std::chrono::steady_clock::now() + std::chrono::seconds(3),
                               not_cancelled);
  }
  if (pipe_) pipe_->Close();
  if (process_.pid() > 0) stderr_tail_ = process_.StderrTail();
  std::error_code ec;
  if (!profile_.empty()) fs::remove_all(profile_, ec);
  return exit_code_;
}

}  // namespace pooltest
