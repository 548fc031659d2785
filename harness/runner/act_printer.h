// Prints a run's act.pdf in a headless Chromium started when the run
// begins (issue 13: the demo spent more time starting a Chromium to print
// than probing). Start spawns the browser (shared_browser.h) and returns at
// once: it boots, and a thread opens a blank tab in it (at most kPrepare),
// while the run probes. Print then loads act.html in that tab and asks Page.printToPDF with what
// `chromium --print-to-pdf
// --no-pdf-header-footer` asks (Chromium's headless command handler: no
// header and footer, tagged, backgrounds, the CSS page size), the PDF read
// back in bounded chunks (IO.read), so the act prints as it did.
//
// Contract: Print is bounded by its timeout. The warm browser gets at most
// half of it; when it did not start, died, stopped answering or did not
// print in that time, it is killed and the act is printed once more by a
// Chromium of its own (PrintPdf, pdf_printer.h) in what is left: a crash or
// hang costs one retry, never the PDF. The error is PrintPdf's when both
// failed. The browser is killed (its group and profile go) by Stop or the
// destructor. Not thread-safe: one run's writer uses it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"
#include "probes/http/shared_browser.h"

namespace pooltest {

class ActPrinter {
 public:
  static constexpr std::chrono::seconds kPrepare{20};

  // The tab opened early: its target and flattened session ("" until open),
  // or why it could not be opened.
  struct Tab {
    std::string target_id, session, problem;
  };

  ActPrinter() = default;
  ~ActPrinter() { Stop(); }
  ActPrinter(const ActPrinter&) = delete;
  ActPrinter& operator=(const ActPrinter&) = delete;

  // Starts the browser and opens its tab in the background (no-op without
  // Chromium on PATH: Print falls back).
  void Start();
  Status Print(const std::string& html_path, const std::string& pdf_path,
               std::chrono::seconds timeout);
  void Stop();

  // For tests: the warm browser's pid (0: none running), and whether the
  // last Print fell back to a Chromium of its own, and why.
  int pid() const { return browser_ ? browser_->pid() : 0; }
  const std::string& fallback_reason() const { return fallback_reason_; }

 private:
  std::unique_ptr<SharedBrowser> browser_;
  // Prints in the tab prepared (or a new one); "" or what went wrong.
  std::string PrintPrepared(const std::string& html_path, const std::string& pdf_path,
                            std::chrono::steady_clock::time_point deadline);

  std::thread prepare_;  // sets tab_ and prepared_ under mu_ when done
  std::mutex mu_;
  std::condition_variable prepared_cv_;
  bool prepared_ = false;
  Tab tab_;
  std::string fallback_reason_;
};

}  // namespace pooltest
