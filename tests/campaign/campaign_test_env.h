// Shared parts of the campaign tests: the reference pool's support desk on
// loopback with a clock the test controls, temp folders, a scenario with the
// desk's ticket API, and running the pooltest binary as a child process.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "refpool/web_server.h"
#include "scenarios/scenario.h"

namespace pooltest {

class TestDesk {
 public:
  TestDesk(SupportBehaviour behaviour, WebServer::Clock clock);
  ~TestDesk();
  uint16_t port() const { return port_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  boost::asio::io_context io_;
  WebServer server_;
  uint16_t port_ = 0;
  std::thread thread_;
};

// A ticket_api channel for the desk, with its lookup URL.
SupportChannel DeskChannel(const std::string& base, bool with_lookup = true);

std::string MakeTempDir(const std::string& tag);

// 2025-06-02 00:00 in Kazakhstan: a Monday.
std::chrono::system_clock::time_point MondayMidnight();

std::string CalendarDir();

// Runs args (args[0]: the program) with stdout into out_file. Returns the
// exit status, or -1 when it died of a signal. kill_after > 0: SIGKILL after
// that long (*killed tells). watch, when set, is called about every
// millisecond while the child runs; a non-zero return is a signal to send
// it (once). A child still running after two minutes is killed.
int RunProcess(const std::vector<std::string>& args, std::chrono::milliseconds kill_after,
               const std::string& out_file, bool* killed,
               const std::function<int()>& watch = nullptr);

std::string ReadTextFile(const std::string& path);

// A complete scenario (YAML) whose support is the desk at `base` (ticket
// API with lookup); `thresholds` is the thresholds mapping. Sites point at
// the default reference pool's addresses; callers may append top-level keys.
// `challenge`: the desk's channel asks challenge questions.
std::string DeskScenarioYaml(const std::string& base,
                             const std::string& thresholds = "{support_sla: 15m}",
                             bool challenge = false);

}  // namespace pooltest
