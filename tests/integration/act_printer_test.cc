// The run's act printer (harness/runner/act_printer.h): the PDF comes from
// the browser started early, and a browser that was killed or stopped
// answering costs one retry in a Chromium of its own, within the timeout.
// Read back with poppler's pdftotext, not with the code that wrote it.
#include "harness/runner/act_printer.h"

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/command_output.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;
using std::chrono::steady_clock;

class ActPrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pooltest-act-printer-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "act.html")
        << "<!DOCTYPE html><html lang=kk><head><meta charset=utf-8><title>Act</title>"
           "<style>@page{size:A4;margin:20mm}</style></head>"
           "<body><h1>Сынау актісі 42</h1><p>Printed by the warm browser.</p></body></html>";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Html() const { return (dir_ / "act.html").string(); }
  std::string Pdf() const { return (dir_ / "act.pdf").string(); }
  std::string Text() const { return testing::CommandOutput("pdftotext -q " + Pdf() + " -"); }

  fs::path dir_;
};

TEST_F(ActPrinterTest, PrintsInTheBrowserStartedEarly) {
  ActPrinter printer;
  printer.Start();
  ASSERT_GT(printer.pid(), 0);
  const int pid = printer.pid();
  Status st = printer.Print(Html(), Pdf(), seconds(60));
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(printer.fallback_reason(), "");
  EXPECT_EQ(printer.pid(), pid);  // still the warm one
  EXPECT_NE(Text().find("Сынау актісі 42"), std::string::npos) << Text();
  printer.Stop();
  EXPECT_EQ(printer.pid(), 0);
  EXPECT_NE(::kill(pid, 0), 0);  // killed, and reaped
}

TEST_F(ActPrinterTest, AKilledBrowserCostsOneRetryInAChromiumOfItsOwn) {
  ActPrinter printer;
  printer.Start();
  ASSERT_GT(printer.pid(), 0);
  ASSERT_EQ(::kill(-printer.pid(), SIGKILL), 0);
  Status st = printer.Print(Html(), Pdf(), seconds(60));
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_NE(printer.fallback_reason(), "");
  EXPECT_EQ(printer.pid(), 0);  // not trusted again
  EXPECT_NE(Text().find("Сынау актісі 42"), std::string::npos) << Text();
}

TEST_F(ActPrinterTest, AHungBrowserGetsHalfTheTimeoutThenTheRetryPrints) {
  ActPrinter printer;
  printer.Start();
  ASSERT_GT(printer.pid(), 0);
  ASSERT_EQ(::kill(-printer.pid(), SIGSTOP), 0);
  const auto start = steady_clock::now();
  Status st = printer.Print(Html(), Pdf(), seconds(16));
  const auto took = steady_clock::now() - start;
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_NE(printer.fallback_reason().find("deadline"), std::string::npos)
      << printer.fallback_reason();
  EXPECT_GE(took, seconds(8));
  EXPECT_LT(took, seconds(16));
  EXPECT_NE(Text().find("Сынау актісі 42"), std::string::npos) << Text();
}

TEST_F(ActPrinterTest, WithoutStartTheActIsPrintedByAChromiumOfItsOwn) {
  ActPrinter printer;
  Status st = printer.Print(Html(), Pdf(), seconds(60));
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(printer.fallback_reason(), "no browser started");
  EXPECT_NE(Text().find("Сынау актісі 42"), std::string::npos) << Text();
}

}  // namespace
}  // namespace pooltest
