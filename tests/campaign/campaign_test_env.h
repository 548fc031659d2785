// Shared parts of the campaign tests: the reference pool's support desk on
// loopback with a clock the test controls, temp folders, and a scenario with
// the desk's ticket API.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "harness/scenario/scenario.h"
#include "refpool/web_server.h"

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

}  // namespace pooltest
