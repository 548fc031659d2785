#include "tests/campaign/campaign_test_env.h"

#include <cstdlib>

#include "harness/campaign/kz_calendar.h"

namespace pooltest {

TestDesk::TestDesk(SupportBehaviour behaviour, WebServer::Clock clock)
    : server_(io_, UiBehaviour{}, behaviour, std::move(clock)) {
  auto port = server_.Listen("127.0.0.1", 0);
  if (port) port_ = *port;
  thread_ = std::thread([this] { io_.run(); });
}

TestDesk::~TestDesk() {
  server_.Stop();
  io_.stop();
  thread_.join();
}

SupportChannel DeskChannel(const std::string& base, bool with_lookup) {
  SupportChannel ch;
  ch.name = "desk";
  ch.kind = SupportChannel::Kind::kTicketApi;
  ch.ticket.create_url = base + "/api/support/tickets";
  ch.ticket.create_body = R"({"subject":"{{subject}}","message":"{{message}}"})";
  ch.ticket.ticket_id_pointer = "/id";
  ch.ticket.poll_url = base + "/api/support/tickets/{{ticket_id}}";
  ch.ticket.reply_pointer = "/replies/0/text";
  ch.ticket.auto_reply_pattern = "has been received";
  if (with_lookup) {
    ch.ticket.lookup_url = base + "/api/support/tickets?subject={{token}}";
    ch.ticket.lookup_id_pointer = "/tickets/0/id";
  }
  return ch;
}

std::string MakeTempDir(const std::string& tag) {
  std::string tmpl = "/tmp/pooltest-" + tag + "-XXXXXX";
  char* d = mkdtemp(tmpl.data());
  return d ? std::string(d) : std::string();
}

std::chrono::system_clock::time_point MondayMidnight() {
  return *FromKazakhstanLocal(2025, 6, 2, 0, 0);
}

std::string CalendarDir() { return std::string(POOLTEST_SOURCE_DIR) + "/data/calendars/kz"; }

}  // namespace pooltest
