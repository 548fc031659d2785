#include "harness/runner/act_printer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "core/base64.h"
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

std::string Str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// No co_await inside a condition and no temporary in a co_await expression:
// GCC 12.2 miscompiles both (tab_session.h).
boost::asio::awaitable<std::string> PrintInTab(TabSession& cdp, std::string url,
                                               std::string pdf_path) {
  auto fail = [&cdp](const std::string& step) {
    return step + ": " +
           (cdp.problem().empty() ? "an answer without the expected fields" : cdp.problem());
  };
  int id = cdp.Send("Target.createTarget", {{"url", "about:blank"}});
  std::optional<json> target = co_await cdp.Await(id);
  if (!target || Str(*target, "targetId").empty()) co_return fail("opening a tab");
  const std::string target_id = Str(*target, "targetId");
  id = cdp.Send("Target.attachToTarget", {{"targetId", target_id}, {"flatten", true}});
  std::optional<json> attached = co_await cdp.Await(id);
  if (!attached || Str(*attached, "sessionId").empty()) co_return fail("attaching to the tab");
  const std::string s = Str(*attached, "sessionId");
  cdp.Route(s);
  id = cdp.Send("Page.enable", json::object(), s);
  std::optional<json> ok = co_await cdp.Await(id);
  if (!ok) co_return fail("enabling page events");
  const std::string load_event = "Page.loadEventFired";
  cdp.Forget(load_event, s);  // about:blank's, should it come late
  id = cdp.Send("Page.navigate", {{"url", url}}, s);
  std::optional<json> nav = co_await cdp.Await(id);
  if (!nav) co_return fail("loading act.html");
  if (!Str(*nav, "errorText").empty()) co_return "loading act.html: " + Str(*nav, "errorText");
  const bool loaded = co_await cdp.WaitEventUntil(load_event, s, steady_clock::time_point::max());
  if (!loaded) co_return fail("waiting for act.html to load");
  id = cdp.Send("Page.printToPDF",
                {{"displayHeaderFooter", false},
                 {"generateTaggedPDF", true},
                 {"printBackground", true},
                 {"preferCSSPageSize", true},
                 {"transferMode", "ReturnAsStream"}},
                s);
  std::optional<json> printed = co_await cdp.Await(id);
  if (!printed || Str(*printed, "stream").empty()) co_return fail("printing");
  const std::string stream = Str(*printed, "stream");
  std::string pdf;
  for (;;) {
    id = cdp.Send("IO.read", {{"handle", stream}, {"size", kChunk}}, s);
    std::optional<json> chunk = co_await cdp.Await(id);
    if (!chunk) co_return fail("reading the printed PDF");
    const std::string data = Str(*chunk, "data");
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
  cdp.Post("Target.closeTarget", {{"targetId", target_id}}, "");
  if (pdf.rfind("%PDF-", 0) != 0) co_return "Chromium's answer is not a PDF";
  std::ofstream out(pdf_path, std::ios::binary | std::ios::trunc);
  out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  out.close();
  if (!out) co_return "cannot write " + pdf_path;
  co_return "";
}

// Prints in `browser`; "" or what went wrong.
std::string PrintWarm(SharedBrowser& browser, const std::string& html_path,
                      const std::string& pdf_path, steady_clock::time_point deadline) {
  boost::asio::io_context io;
  const std::atomic<bool> not_cancelled{false};
  std::vector<std::string> log;
  std::string problem = "the print did not finish";
  {
    TabSession tab(browser.pipe(), io.get_executor(), deadline, not_cancelled, log);
    boost::asio::co_spawn(io,
                          PrintInTab(tab, "file://" + fs::absolute(html_path).string(), pdf_path),
                          [&problem](std::exception_ptr e, std::string p) {
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
  if (browser->Start(chromium, {}).empty()) browser_ = std::move(browser);
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
    fs::remove(pdf_path, ec);
    fallback_reason_ = PrintWarm(*browser_, html_path, pdf_path, start + timeout / 2);
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

void ActPrinter::Stop() {
  if (browser_) browser_->Kill();
  browser_.reset();
}

}  // namespace pooltest
