#include "harness/runner/act_printer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "core/base64.h"
#include "core/data_fields.h"
#include "probes/http/tab_session.h"
#include "reports/bounded_process.h"
#include "reports/pdf_printer.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::steady_clock;

// A PDF larger than this is not an act (the demo's is ~1 MB); the chunk
// keeps every DevTools message far below the pipe's limit.
constexpr size_t kMaxPdf = 512u * 1024 * 1024;
constexpr int kChunk = 4 * 1024 * 1024;

// No co_await inside a condition and no temporary in a co_await expression:
// GCC 12.2 miscompiles both (tab_session.h).
std::string Failed(const TabSession& cdp, const std::string& step) {
  return step + ": " +
         (cdp.problem().empty() ? "an answer without the expected fields" : cdp.problem());
}

// A blank tab with page events on: what printing needs before act.html.
boost::asio::awaitable<std::string> OpenTab(TabSession& cdp, ActPrinter::Tab& tab) {
  int id = cdp.Send("Target.createTarget", {{"url", "about:blank"}});
  std::optional<json> target = co_await cdp.Await(id);
  if (!target || StringField(*target, "targetId").empty()) co_return Failed(cdp, "opening a tab");
  tab.target_id = StringField(*target, "targetId");
  id = cdp.Send("Target.attachToTarget", {{"targetId", tab.target_id}, {"flatten", true}});
  std::optional<json> attached = co_await cdp.Await(id);
  if (!attached || StringField(*attached, "sessionId").empty())
    co_return Failed(cdp, "attaching to the tab");
  const std::string s = StringField(*attached, "sessionId");
  cdp.Route(s);
  id = cdp.Send("Page.enable", json::object(), s);
  std::optional<json> ok = co_await cdp.Await(id);
  if (!ok) co_return Failed(cdp, "enabling page events");
  tab.session = s;
  co_return "";
}

boost::asio::awaitable<std::string> PrintInTab(TabSession& cdp, ActPrinter::Tab tab,
                                               std::string url, std::string pdf_path) {
  if (tab.session.empty()) {
    const std::string opened = co_await OpenTab(cdp, tab);
    if (!opened.empty()) co_return opened;
  }
  const std::string s = tab.session;
  cdp.Route(s);
  const std::string load_event = "Page.loadEventFired";
  cdp.Forget(load_event, s);  // about:blank's, should it come late
  int id = cdp.Send("Page.navigate", {{"url", url}}, s);
  std::optional<json> nav = co_await cdp.Await(id);
  if (!nav) co_return Failed(cdp, "loading act.html");
  if (!StringField(*nav, "errorText").empty())
    co_return "loading act.html: " + StringField(*nav, "errorText");
  const bool loaded = co_await cdp.WaitEventUntil(load_event, s, steady_clock::time_point::max());
  if (!loaded) co_return Failed(cdp, "waiting for act.html to load");
  id = cdp.Send("Page.printToPDF",
                {{"displayHeaderFooter", false},
                 {"generateTaggedPDF", true},
                 {"printBackground", true},
                 {"preferCSSPageSize", true},
                 {"transferMode", "ReturnAsStream"}},
                s);
  std::optional<json> printed = co_await cdp.Await(id);
  if (!printed || StringField(*printed, "stream").empty()) co_return Failed(cdp, "printing");
  const std::string stream = StringField(*printed, "stream");
  std::string pdf;
  for (;;) {
    id = cdp.Send("IO.read", {{"handle", stream}, {"size", kChunk}}, s);
    std::optional<json> chunk = co_await cdp.Await(id);
    if (!chunk) co_return Failed(cdp, "reading the printed PDF");
    const std::string data = StringField(*chunk, "data");
    const auto b64 = chunk->find("base64Encoded");
    if (b64 != chunk->end() && b64->is_boolean() && b64->get<bool>()) {
      std::optional<std::string> bytes = DecodeBase64(data);
      if (!bytes) co_return "reading the printed PDF: a chunk that is not base64";
      pdf += *bytes;
    } else {
      pdf += data;
    }
    if (pdf.size() > kMaxPdf) co_return "the printed PDF exceeds 512 MiB";
    const auto eof = chunk->find("eof");
    if (eof != chunk->end() && eof->is_boolean() && eof->get<bool>()) break;
    if (data.empty()) co_return "reading the printed PDF: an empty chunk before its end";
  }
  cdp.Post("IO.close", {{"handle", stream}}, s);
  cdp.Post("Target.closeTarget", {{"targetId", tab.target_id}}, "");
  if (pdf.rfind("%PDF-", 0) != 0) co_return "Chromium's answer is not a PDF";
  std::ofstream out(pdf_path, std::ios::binary | std::ios::trunc);
  out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  out.close();
  if (!out) co_return "cannot write " + pdf_path;
  co_return "";
}

// Runs one coroutine of `browser`'s (made by `make` from its TabSession)
// to its end on this thread; "" or what went wrong.
template <typename Make>
std::string RunInBrowser(SharedBrowser& browser, steady_clock::time_point deadline, Make make) {
  boost::asio::io_context io;
  const std::atomic<bool> not_cancelled{false};
  std::vector<std::string> log;
  std::string problem = "Chromium did not answer";
  {
    TabSession tab(browser.pipe(), io.get_executor(), deadline, not_cancelled, log);
    boost::asio::co_spawn(io, make(tab), [&problem](std::exception_ptr e, std::string p) {
      problem = e ? "talking to Chromium failed" : std::move(p);
    });
    io.run();
  }
  return problem;
}

}  // namespace

void ActPrinter::Start() {
  if (browser_) return;
  const std::string chromium = FindOnPath({"chromium", "chromium-browser", "google-chrome"});
  if (chromium.empty()) return;
  auto browser = std::make_unique<SharedBrowser>();
  if (!browser->Start(chromium, {}).empty()) return;
  browser_ = std::move(browser);
  // The tab too, while the run probes: Print finds it open.
  prepare_ = std::thread([this, deadline = steady_clock::now() + kPrepare] {
    Tab tab;
    tab.problem =
        RunInBrowser(*browser_, deadline, [&tab](TabSession& cdp) { return OpenTab(cdp, tab); });
    std::lock_guard<std::mutex> lock(mu_);
    tab_ = std::move(tab);
    prepared_ = true;
    prepared_cv_.notify_all();
  });
}

Status ActPrinter::Print(const std::string& html_path, const std::string& pdf_path,
                         std::chrono::seconds timeout) {
  const auto start = steady_clock::now();
  fallback_reason_.clear();
  std::error_code ec;
  if (!browser_) {
    fallback_reason_ = "no browser started";
  } else if (browser_->failed()) {
    fallback_reason_ = "the browser failed: " + browser_->pipe().problem();
  } else {
    // The preparation counts against the warm half of the timeout too.
    bool prepared = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      prepared = prepared_cv_.wait_until(lock, start + timeout / 2, [this] { return prepared_; });
    }
    if (!prepared) {
      fallback_reason_ = "opening a tab: deadline";
    } else {
      if (prepare_.joinable()) prepare_.join();
      fallback_reason_ = PrintPrepared(html_path, pdf_path, start + timeout / 2);
    }
    if (fallback_reason_.empty()) {
      if (fs::file_size(pdf_path, ec) > 0) return Ok{};
      fallback_reason_ = "no PDF written";
    }
  }
  // One retry, in a Chromium of its own: the warm one is not trusted again.
  Stop();
  const auto left =
      std::chrono::duration_cast<std::chrono::seconds>(timeout - (steady_clock::now() - start));
  return PrintPdf(html_path, pdf_path, std::max(left, std::chrono::seconds(1)));
}

std::string ActPrinter::PrintPrepared(const std::string& html_path, const std::string& pdf_path,
                                      steady_clock::time_point deadline) {
  std::error_code ec;
  fs::remove(pdf_path, ec);
  // A tab that could not be opened early is opened now (within the time).
  const Tab tab = tab_.problem.empty() ? tab_ : Tab{};
  const std::string url = "file://" + fs::absolute(html_path).string();
  return RunInBrowser(*browser_, deadline,
                      [&](TabSession& cdp) { return PrintInTab(cdp, tab, url, pdf_path); });
}

void ActPrinter::Stop() {
  if (browser_) browser_->Kill();  // a preparation still waiting ends with the pipe
  if (prepare_.joinable()) prepare_.join();
  browser_.reset();
  tab_ = Tab{};
  prepared_ = false;
}

}  // namespace pooltest
