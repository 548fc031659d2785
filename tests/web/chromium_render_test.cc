// Headless Chromium as the harness starts it: the reference pool's
// single-page app rendered into a DOM with text and a PNG screenshot, and a
// page that never loads stopped by the deadline and by cancellation, with
// the browser's whole process group gone afterwards.
#include <signal.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include "probes/http/chromium_render.h"
#include "tests/web/web_test_env.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

// True once no process of the group is left; orphaned renderer processes are
// reaped by init shortly after the kill, hence the bounded wait.
bool GroupGone(int pid) {
  if (pid <= 0) return false;
  for (int i = 0; i < 100; ++i) {
    if (kill(-pid, 0) == -1 && errno == ESRCH) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "pooltest-render-XXXXXX").string();
    if (mkdtemp(t.data())) path = t;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Accepts connections (kernel backlog) and never answers.
struct SilentPeer {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/kk/";
  }
};

TEST(ChromiumRender, SinglePageAppIsRenderedWithDomAndScreenshot) {
  UiBehaviour b;
  b.spa_only = true;
  TestWebServer server(b);
  ASSERT_TRUE(server.ok()) << server.error();
  TempDir dir;
  RenderRequest req;
  req.url = server.url("/en/help");
  req.out_dir = dir.path.string();
  req.file_stem = "en_help";
  auto r = RunProbe<RenderResult>([req](ProbeContext ctx) { return RenderWithChromium(ctx, req); },
                                  std::chrono::seconds(90));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok) << r->error << "\n" << r->stderr_tail;
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_NE(r->dom.find("Frequently asked questions"), std::string::npos)
      << "the script's text is in the rendered DOM";
  EXPECT_EQ(r->dom_path, (dir.path / "en_help.html").string());
  ASSERT_EQ(r->screenshot_path, (dir.path / "en_help.png").string());
  std::ifstream png(r->screenshot_path, std::ios::binary);
  char magic[8] = {};
  png.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  EXPECT_TRUE(GroupGone(r->pid));
}

TEST(ChromiumRender, DeadlineStopsABrowserWaitingForASilentServer) {
  SilentPeer peer;
  RenderRequest req;
  req.url = peer.url();
  const auto start = std::chrono::steady_clock::now();
  auto r = RunProbe<RenderResult>([req](ProbeContext ctx) { return RenderWithChromium(ctx, req); },
                                  std::chrono::seconds(3));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok);
  EXPECT_TRUE(r->timed_out) << r->error;
  EXPECT_NE(r->error.find("before the probe deadline"), std::string::npos) << r->error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_TRUE(GroupGone(r->pid));
}

TEST(ChromiumRender, CancelKillsTheBrowser) {
  SilentPeer peer;
  RenderRequest req;
  req.url = peer.url();
  auto hub = std::make_shared<CancelHub>();
  std::thread canceller([hub] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    hub->Cancel();
  });
  auto r = RunProbe<RenderResult>([req](ProbeContext ctx) { return RenderWithChromium(ctx, req); },
                                  std::chrono::seconds(60), hub);
  canceller.join();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->cancelled) << r->error;
  EXPECT_GT(r->pid, 0) << "the browser was started";
  EXPECT_TRUE(GroupGone(r->pid));
}

}  // namespace
}  // namespace pooltest
