// The campaign's e-mail channel end to end against real mail servers on
// loopback: aiosmtpd receives over SMTP into a Maildir, dovecot serves it
// over IMAP. The "support desk" is a small responder on the pool's side that
// reads the Maildir and drops an automatic acknowledgement at once and a
// human reply later; the harness side is the real SMTP/IMAP client.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "harness/campaign/campaign_channels.h"
#include "harness/campaign/campaign_runner.h"
#include "probes/support/mail_client.h"
#include "tests/campaign/campaign_test_env.h"
#include "tests/test_targets.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using std::chrono::system_clock;

uint16_t FreePort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

bool PortOpen(uint16_t port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(s);
  return ok;
}

pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char kLab[] = "lab@pooltest.test";
const char kSupport[] = "support@pool.test";

// The pool's side: answers each request in the Maildir.
class Responder {
 public:
  Responder(fs::path maildir, std::chrono::milliseconds human_delay)
      : dir_(std::move(maildir)), delay_(human_delay), thread_([this] { Loop(); }) {}
  ~Responder() {
    stop_ = true;
    thread_.join();
  }
  // Requests seen per token (a request sent twice shows as 2).
  std::map<std::string, int> requests() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  void Drop(const std::string& subject, const std::string& body, bool automatic) {
    static int n = 0;
    const std::string name = "reply-" + std::to_string(getpid()) + "-" + std::to_string(++n);
    std::ofstream out(dir_ / "tmp" / name);
    out << "From: Support <" << kSupport << ">\r\nTo: <" << kLab << ">\r\nSubject: Re: " << subject
        << "\r\nDate: Mon, 02 Jun 2025 10:00:00 +0500\r\n"
        << (automatic ? "Auto-Submitted: auto-replied\r\n" : "") << "\r\n"
        << body << "\r\n";
    out.close();
    fs::rename(dir_ / "tmp" / name, dir_ / "new" / name);
  }
  void Loop() {
    std::set<std::string> done;
    std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> due;
    while (!stop_) {
      for (const char* sub : {"new", "cur"}) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir_ / sub, ec)) {
          // Dovecot moves new/X to cur/X:2,FLAGS: the part before ':' is the message.
          const std::string fname = e.path().filename().string();
          const std::string key = fname.substr(0, fname.find(':'));
          if (done.count(key) || key.rfind("reply-", 0) == 0) continue;
          const std::string raw = Slurp(e.path());
          const size_t m = raw.find("X-Pooltest-Request: ");
          const size_t s = raw.find("Subject: ");
          if (m == std::string::npos || s == std::string::npos) continue;
          done.insert(key);
          const std::string token = raw.substr(m + 20, raw.find_first_of("\r\n", m) - m - 20);
          const std::string subject = raw.substr(s + 9, raw.find_first_of("\r\n", s) - s - 9);
          {
            std::lock_guard lock(mu_);
            ++seen_[token];
          }
          Drop(subject, "Your request has been received. Ticket opened automatically.", true);
          due.emplace_back(std::chrono::steady_clock::now() + delay_, subject);
        }
      }
      for (auto it = due.begin(); it != due.end();) {
        if (std::chrono::steady_clock::now() >= it->first) {
          Drop(it->second, "Hello, this is Aigerim from support: your workers are fine.", false);
          it = due.erase(it);
        } else {
          ++it;
        }
      }
      std::this_thread::sleep_for(20ms);
    }
  }

  fs::path dir_;
  std::chrono::milliseconds delay_;
  std::mutex mu_;
  std::map<std::string, int> seen_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class CampaignEmail : public ::testing::Test {
 protected:
  void SetUp() override {
    // CI installs both servers: missing is a broken setup, never a skip.
    ASSERT_TRUE(fs::exists("/usr/sbin/dovecot"))
        << "dovecot is not installed: run `bash ci/install-deps.sh` (Debian packages "
           "dovecot-imapd, python3-aiosmtpd)";
    ASSERT_TRUE(fs::exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        << "aiosmtpd is not installed: run `bash ci/install-deps.sh` (Debian packages "
           "python3-aiosmtpd, dovecot-imapd)";
    dir_ = MakeTempDir("campaign-mail");
    ASSERT_FALSE(dir_.empty());
    chmod(dir_.c_str(), 0755);
    mail_ = fs::path(dir_) / "mail";
    for (const char* sub : {"", "/cur", "/new", "/tmp"}) {
      fs::create_directories(mail_.string() + sub);
      chmod((mail_.string() + sub).c_str(), 0777);
      // aiosmtpd and dovecot drop to nobody when run as root.
      if (geteuid() == 0) {
        ASSERT_EQ(chown((mail_.string() + sub).c_str(), 65534, 65534), 0);
      }
    }
    smtp_port_ = FreePort();
    imap_port_ = FreePort();
    const std::string conf = dir_ + "/dovecot.conf";
    std::ofstream c(conf);
    c << "protocols = imap\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\n"
      << "base_dir = " << dir_ << "/run\nstate_dir = " << dir_ << "/state\n"
      << "log_path = " << dir_ << "/dovecot.log\n"
      << "mail_location = maildir:" << mail_.string() << "\n"
      << "passdb {\n  driver = static\n  args = nopassword=y\n}\n"
      << "userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=" << dir_
      << "/home\n}\n"
      << "service imap-login {\n  inet_listener imap {\n    port = " << imap_port_
      << "\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}\n"
      << "service anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n";
    c.close();
    dovecot_ = Spawn({"/usr/sbin/dovecot", "-F", "-c", conf}, dir_ + "/dovecot.out");
    smtpd_ = Spawn({"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
                    "127.0.0.1:" + std::to_string(smtp_port_), "-c", "aiosmtpd.handlers.Mailbox",
                    mail_.string()},
                   dir_ + "/smtpd.out");
    const auto guard = std::chrono::steady_clock::now() + 20s;
    while (!(PortOpen(smtp_port_) && PortOpen(imap_port_)) &&
           std::chrono::steady_clock::now() < guard)
      std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(PortOpen(smtp_port_)) << Slurp(dir_ + "/smtpd.out");
    ASSERT_TRUE(PortOpen(imap_port_))
        << Slurp(dir_ + "/dovecot.out") << Slurp(dir_ + "/dovecot.log");
  }
  void TearDown() override {
    for (pid_t p : {dovecot_, smtpd_}) {
      if (p > 0) {
        kill(p, SIGTERM);
        waitpid(p, nullptr, 0);
      }
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  Scenario MailScenario() {
    SupportChannel ch;
    ch.name = "mail";
    ch.kind = SupportChannel::Kind::kEmail;
    ch.email.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp_port_);
    ch.email.imap_url = "imap://127.0.0.1:" + std::to_string(imap_port_) + "/INBOX";
    ch.email.from = kLab;
    ch.email.to = kSupport;
    ch.email.username = "lab";
    ch.email.auto_reply_pattern = "has been received";
    Scenario sc;
    sc.support = {ch};
    return sc;
  }

  std::string dir_;
  fs::path mail_;
  uint16_t smtp_port_ = 0, imap_port_ = 0;
  pid_t dovecot_ = -1, smtpd_ = -1;
};

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             system_clock::now().time_since_epoch())
      .count();
}

TEST_F(CampaignEmail, SendsOverSmtpReadsRepliesOverImapSkippingAcknowledgements) {
  Responder desk(mail_, 800ms);
  Scenario sc = MailScenario();
  CampaignMeta m;
  m.poll_ms = 200;
  m.sla_ms = 10000;
  m.reply_wait_ms = 20000;
  m.late_grace_ms = 5000;
  m.min_gap_s = 0;  // three requests 200 ms apart in real time: no rate limit here
  std::vector<RequestRow> rows;
  const long long t0 = NowMs();
  for (int i = 1; i <= 3; ++i) {
    RequestRow r;
    r.seq = i;
    r.token = "PT-mailtest-" + std::to_string(i);
    r.channel = "mail";
    r.planned_ms = t0 + 200 * i;
    rows.push_back(r);
  }
  auto store = CampaignStore::Create(dir_ + "/c.db", m, rows);
  ASSERT_TRUE(store) << store.error().message;
  auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
  ASSERT_TRUE(channels) << channels.error().message;
  SystemCampaignClock clock;
  auto res = RunCampaign(*store, *channels, clock, {});
  ASSERT_TRUE(res) << res.error().message;
  ASSERT_TRUE(res->finished);
  auto final_rows = store->Requests();
  ASSERT_TRUE(final_rows);
  const std::vector<RequestRow> done_rows = final_rows.value();
  for (const RequestRow& r : done_rows) {
    EXPECT_EQ(r.state, "answered") << r.token << ": " << r.detail << Slurp(dir_ + "/dovecot.log");
    // The acknowledgement came at once; only the human reply counts (its
    // text is the responder's human answer, not the acknowledgement).
    EXPECT_GT(r.response_ms, 0) << r.token;
    EXPECT_GE(r.auto_replies, 1) << r.token;
    EXPECT_NE(r.reply_excerpt.find("Aigerim"), std::string::npos);
    EXPECT_EQ(r.sends, 1);
  }
  auto seen = desk.requests();
  EXPECT_EQ(seen.size(), 3u);
  for (const auto& [token, n] : seen) EXPECT_EQ(n, 1) << token;
}

TEST_F(CampaignEmail, InterruptedSendIsSettledFromTheMailboxNotSentTwice) {
  Responder desk(mail_, 100ms);
  Scenario sc = MailScenario();
  auto client = MailClient::Create(sc.support[0].email, "", 10s, TestTargets());
  ASSERT_TRUE(client);
  // Request 1 went out just before the crash; request 2 never did.
  const SupportMessage m1 = MakeSupportMessage("PT-crash-1");
  ASSERT_EQ(client->Send(m1, system_clock::now()).kind, SendOutcome::Kind::kSent);
  CampaignMeta m;
  m.poll_ms = 200;
  m.sla_ms = 10000;
  m.reply_wait_ms = 20000;
  m.min_gap_s = 0;  // both were due at once (a test shortcut): no rate limit here
  std::vector<RequestRow> rows;
  for (int i = 1; i <= 2; ++i) {
    RequestRow r;
    r.seq = i;
    r.token = "PT-crash-" + std::to_string(i);
    r.channel = "mail";
    r.planned_ms = NowMs() - 100;
    r.state = "sending";  // intent written, outcome not
    r.intent_ms = r.planned_ms;
    rows.push_back(r);
  }
  auto store = CampaignStore::Create(dir_ + "/c.db", m, rows);
  ASSERT_TRUE(store);
  auto channels = MakeCampaignChannels(sc, 10s, TestTargets());
  ASSERT_TRUE(channels);
  SystemCampaignClock clock;
  auto res = RunCampaign(*store, *channels, clock, {});
  ASSERT_TRUE(res && res->finished);
  auto final_rows = store->Requests();
  ASSERT_TRUE(final_rows);
  const std::vector<RequestRow> done_rows = final_rows.value();
  for (const RequestRow& r : done_rows) {
    EXPECT_EQ(r.state, "answered") << r.token << ": " << r.detail;
    EXPECT_EQ(r.sends, 1);
  }
  auto seen = desk.requests();
  EXPECT_EQ(seen["PT-crash-1"], 1);  // found in the mailbox, not re-sent
  EXPECT_EQ(seen["PT-crash-2"], 1);  // not found, so sent once
}

}  // namespace
}  // namespace pooltest
