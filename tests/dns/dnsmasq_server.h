// A real DNS server for tests and benchmarks: dnsmasq started on 127.0.0.1
// with a fresh ephemeral port (UDP and TCP), serving the names of a hosts
// file with TTL 60 and nothing else. Names under `local_domain` that the
// hosts file lacks are answered NXDOMAIN by dnsmasq itself; any other name
// has no upstream server, so dnsmasq answers REFUSED. Extra arguments add
// records (e.g. "--txt-record=...") or behaviour. Header-only and free of
// GoogleTest so the DNS benchmark can use it too. Stop() (or destruction)
// sends SIGTERM and reaps the process; ports are never reused, because
// dnsmasq takes over half a second to release one.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace pooltest::testing {

class DnsmasqServer {
 public:
  // `hosts` is the content of the hosts file ("127.0.0.11 pool.test\n...").
  // On failure started() is false and error() says why.
  DnsmasqServer(const std::string& hosts, const std::string& local_domain,
                std::vector<std::string> extra_args = {}) {
    static int serial = 0;  // distinct files per server within one process
    dir_ = "/tmp/pooltest-dnsmasq-" + std::to_string(getpid()) + "-" + std::to_string(++serial);
    hosts_path_ = dir_ + ".hosts";
    std::ofstream(hosts_path_) << hosts;
    // Other tests on the machine take ports too (a hostile-pool run leaves
    // thousands in TIME_WAIT), so a port picked may be gone by the time
    // dnsmasq binds it: try a few.
    for (int attempt = 0; attempt < 20 && pid_ <= 0; ++attempt) {
      port_ = FreePort();
      if (port_ == 0) continue;
      std::vector<std::string> args = {"/usr/sbin/dnsmasq",
                                       "--keep-in-foreground",
                                       "--conf-file=/dev/null",
                                       "--port=" + std::to_string(port_),
                                       "--listen-address=127.0.0.1",
                                       "--bind-interfaces",
                                       "--no-resolv",
                                       "--no-hosts",
                                       "--no-poll",
                                       "--user=root",
                                       "--pid-file",
                                       "--addn-hosts=" + hosts_path_,
                                       "--local-ttl=60",
                                       "--log-facility=/dev/null"};
      if (!local_domain.empty()) args.push_back("--local=/" + local_domain + "/");
      for (const std::string& a : extra_args) args.push_back(a);
      Spawn(args);
      if (pid_ > 0 && !WaitListening()) Stop();
    }
    if (pid_ <= 0 && error_.empty()) error_ = "dnsmasq did not start on a free port";
  }
  ~DnsmasqServer() {
    Stop();
    std::remove(hosts_path_.c_str());
  }
  DnsmasqServer(const DnsmasqServer&) = delete;
  DnsmasqServer& operator=(const DnsmasqServer&) = delete;

  bool started() const { return pid_ > 0; }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {  // 5 s, then kill hard
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // A loopback UDP port nobody listens on (bound, then released): a DNS
  // server there never answers.
  static uint16_t FreePort() {
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    int t = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    uint16_t port = 0;
    // As dnsmasq's own TCP listener does: connections in TIME_WAIT on the
    // port do not stop a listener.
    const int on = 1;
    if (t >= 0) setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (u >= 0 && t >= 0 && bind(u, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        getsockname(u, reinterpret_cast<sockaddr*>(&a), &len) == 0 &&
        bind(t, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      port = ntohs(a.sin_port);
    }
    if (u >= 0) close(u);
    if (t >= 0) close(t);
    return port;
  }

 private:
  void Spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      execv(argv[0], argv.data());
      _exit(127);
    }
    if (pid_ < 0) error_ = "fork failed";
  }

  // dnsmasq is ready once its TCP listener accepts; it exits at once when
  // the port is taken.
  bool WaitListening() {
    for (int i = 0; i < 100; ++i) {  // 5 s
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        error_ = "dnsmasq exited with status " + std::to_string(WEXITSTATUS(status)) +
                 " (is /usr/sbin/dnsmasq installed? ci/install-deps.sh installs it)";
        return false;
      }
      int s = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port_);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      close(s);
      if (ok) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    error_ = "dnsmasq did not listen on 127.0.0.1:" + std::to_string(port_) + " within 5 s";
    return false;
  }

  std::string dir_;
  std::string hosts_path_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  std::string error_;
};

}  // namespace pooltest::testing
