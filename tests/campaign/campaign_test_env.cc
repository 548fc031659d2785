#include "tests/campaign/campaign_test_env.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/kz_calendar.h"

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

int RunProcess(const std::vector<std::string>& args, std::chrono::milliseconds kill_after,
               const std::string& out_file, bool* killed, const std::function<int()>& watch) {
  using namespace std::chrono_literals;
  *killed = false;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    FILE* f = std::freopen(out_file.c_str(), "w", stdout);
    (void)f;
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  bool signalled = false;
  const auto hang_guard = std::chrono::steady_clock::now() + 120s;
  const auto kill_at = std::chrono::steady_clock::now() + kill_after;
  while (true) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    const auto now = std::chrono::steady_clock::now();
    if ((kill_after.count() > 0 && now >= kill_at) || now >= hang_guard) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      *killed = true;
      break;
    }
    if (watch && !signalled) {
      if (int sig = watch()) {
        kill(pid, sig);
        signalled = true;
      }
    }
    std::this_thread::sleep_for(1ms);
  }
  if (WIFSIGNALED(status)) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string DeskScenarioYaml(const std::string& base, const std::string& thresholds,
                             bool challenge) {
  std::ostringstream out;
  out << "pooltest: 1\nname: campaign test\n"
         "applicant: {legal_name: Test pool, bin: \"230440012341\"}\n"
         "sites:\n  - id: primary\n    role: primary\n    settlement: Astana\n"
         "    stratum: [{url: \"stratum+tcp://127.0.0.11:3333\"}]\n"
         "  - id: backup\n    role: backup\n    settlement: Almaty\n"
         "    stratum: [{url: \"stratum+tcp://127.0.0.21:3333\"}]\n"
         "worker: {user: w, password: x}\n"
         "support:\n  - name: desk\n    kind: ticket_api\n"
         "    create: {url: \""
      << base
      << "/api/support/tickets\", body: "
         "'{\"subject\":\"{{subject}}\",\"message\":\"{{message}}\"}', "
         "ticket_id: /id}\n"
         "    poll: {url: \""
      << base
      << "/api/support/tickets/{{ticket_id}}\", reply: /replies}\n"
         "    lookup: {url: \""
      << base
      << "/api/support/tickets?subject={{token}}\", ticket_id: /tickets/0/id}\n"
         "    auto_reply_pattern: \"has been received\"\n"
      << (challenge ? "    challenge: true\n" : "") << "thresholds: " << thresholds << "\n";
  return out.str();
}

}  // namespace pooltest
