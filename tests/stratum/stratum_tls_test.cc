// stratum+ssl end to end on loopback: the handshake probe against the
// reference pool's TLS listener with throwaway certificates (openssl CLI),
// every way verification can refuse, TLS-level misbehaviour (a silent
// server, a plain port), and R4.4 judging a TLS-failing channel.
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "checks/channels_check.h"
#include "probes/stratum/stratum_probe.h"
#include "refpool/refpool.h"
#include "tests/stratum/stratum_test_support.h"
#include "tests/web/test_certificates.h"

namespace pooltest {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using std::chrono::milliseconds;
using testing::MakeContext;
using testing::RunProbe;
using testing::TestCertificates;

// A reference-pool StratumServer with a TLS listener on 127.0.0.1, port 0,
// served from its own thread.
class TlsPool {
 public:
  TlsPool(const TestCertificates::Issued& cert, const std::string& address = "127.0.0.1")
      : server_(io_, StratumBehaviour{}), guard_(io_.get_executor()) {
    auto port = server_.ListenTls(address, 0, cert.certificate, cert.key);
    if (!port) {
      ADD_FAILURE() << port.error().message;
    } else {
      port_ = *port;
    }
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TlsPool() {
    asio::post(io_, [this] { server_.Stop(); });
    guard_.reset();
    thread_.join();
  }
  uint16_t port() const { return port_; }

 private:
  asio::io_context io_;
  StratumServer server_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  uint16_t port_ = 0;
  std::thread thread_;
};

StratumTarget TlsTarget(const std::string& host, const std::string& address, uint16_t port,
                        const std::string& ca_file) {
  StratumTarget t;
  t.site = "primary";
  t.channel = "ch1";
  t.url = "stratum+ssl://" + host + ":" + std::to_string(port);
  t.address = address;
  t.port = port;
  t.tls = true;
  t.user = "pooltest.worker1";
  t.password = "x";
  t.tls_ca_file = ca_file;
  return t;
}

Observation Probe(const StratumTarget& t, milliseconds budget = milliseconds(10000)) {
  asio::io_context io;
  return RunProbe(io, ProbeStratumHandshake(MakeContext(io, budget), t));
}

// The fingerprint as the openssl CLI computes it: "AB:CD:...".
std::string CliFingerprint(const std::string& pem) {
  std::string cmd = "openssl x509 -in " + pem + " -noout -fingerprint -sha256 2>/dev/null";
  std::FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "";
  char buf[256] = {};
  std::string out = std::fgets(buf, sizeof buf, p) ? buf : "";
  pclose(p);
  size_t eq = out.find('=');
  if (eq == std::string::npos) return "";
  out = out.substr(eq + 1);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class StratumTls : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certs_.ok()) << certs_.error();
    good_ = certs_.Issue("good", "localhost", "DNS:localhost,DNS:pool.test,IP:127.0.0.1");
    ASSERT_TRUE(good_) << certs_.error();
  }
  TestCertificates certs_;
  std::optional<TestCertificates::Issued> good_;
};

TEST_F(StratumTls, HandshakeOverTlsWithTheTestCaTrusted) {
  TlsPool pool(*good_);
  Observation o = Probe(TlsTarget("localhost", "127.0.0.1", pool.port(), certs_.ca_file()));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail << "\n" << o.data.dump(1);
  // The stratum exchange is the same as over TCP.
  EXPECT_EQ(o.data["subscribed"], true);
  EXPECT_EQ(o.data["authorized"], true);
  EXPECT_EQ(o.data["notify_received"], true);
  EXPECT_EQ(o.data["submit_result"], false);
  EXPECT_EQ(o.data["tls"], true);
  EXPECT_TRUE(o.data["tls_error"].is_null());
  EXPECT_EQ(o.data["server_name"], "localhost");
  const json& th = o.data["tls_handshake"];
  EXPECT_EQ(th["verify"], true);
  EXPECT_EQ(th["verified"], true);
  EXPECT_EQ(th["verify_result"], "ok");
  EXPECT_EQ(th["ca_file"], certs_.ca_file());
  EXPECT_EQ(th["version"].get<std::string>().rfind("TLSv1.", 0), 0u) << th["version"];
  EXPECT_FALSE(th["cipher"].get<std::string>().empty());
  const json& cert = th["certificate"];
  EXPECT_EQ(cert["subject"], "CN=localhost");
  EXPECT_EQ(cert["issuer"], "CN=pooltest-test-ca");
  EXPECT_EQ(cert["san"], json::array({"DNS:localhost", "DNS:pool.test", "IP:127.0.0.1"}));
  EXPECT_EQ(cert["sha256"], CliFingerprint(good_->certificate));
  EXPECT_EQ(cert["sha256"].get<std::string>().size(), 95u);  // 32 bytes as XX:XX:...
  EXPECT_LT(cert["not_before"].get<std::string>(), cert["not_after"].get<std::string>());
  EXPECT_EQ(cert["not_after"].get<std::string>().back(), 'Z');
}

TEST_F(StratumTls, AnIpLiteralIsVerifiedAgainstTheIpSan) {
  TlsPool pool(*good_);
  Observation o = Probe(TlsTarget("127.0.0.1", "127.0.0.1", pool.port(), certs_.ca_file()));
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["tls_handshake"]["verified"], true);

  // 127.0.0.2 is not among the certificate's IP addresses.
  TlsPool other(*good_, "127.0.0.2");
  o = Probe(TlsTarget("127.0.0.2", "127.0.0.2", other.port(), certs_.ca_file()));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["tls_error"], "IP address mismatch");
}

TEST_F(StratumTls, AnUntrustedCaIsRefused) {
  TlsPool pool(*good_);
  // The system trust store does not know the throwaway CA...
  Observation o = Probe(TlsTarget("localhost", "127.0.0.1", pool.port(), ""));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["tls_error"], "unable to get local issuer certificate");
  EXPECT_EQ(o.data["tls_handshake"]["verified"], false);
  // ... the refused certificate is still described, and nothing was sent.
  EXPECT_EQ(o.data["tls_handshake"]["certificate"]["subject"], "CN=localhost");
  EXPECT_EQ(o.data["subscribed"], nullptr);
  for (const auto& rec : o.transcript) EXPECT_NE(rec["dir"], "sent") << rec.dump();
  EXPECT_NE(o.detail.find("tls_ca_file"), std::string::npos) << o.detail;

  // ... nor does another CA the lab trusts.
  TestCertificates other("another-ca");
  ASSERT_TRUE(other.ok()) << other.error();
  o = Probe(TlsTarget("localhost", "127.0.0.1", pool.port(), other.ca_file()));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["tls_error"], "unable to get local issuer certificate");
}

TEST_F(StratumTls, AnExpiredCertificateIsRefused) {
  auto expired = certs_.Issue("expired", "localhost", "DNS:localhost,IP:127.0.0.1", -1);
  ASSERT_TRUE(expired) << certs_.error();
  TlsPool pool(*expired);
  Observation o = Probe(TlsTarget("localhost", "127.0.0.1", pool.port(), certs_.ca_file()));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["tls_error"], "certificate has expired");
  EXPECT_NE(o.detail.find("certificate has expired"), std::string::npos) << o.detail;
  EXPECT_LT(o.data["tls_handshake"]["certificate"]["not_after"].get<std::string>(),
            o.data["tls_handshake"]["certificate"]["not_before"].get<std::string>());
}

TEST_F(StratumTls, AWrongHostNameIsRefused) {
  TlsPool pool(*good_);
  Observation o = Probe(TlsTarget("wrong.example", "127.0.0.1", pool.port(), certs_.ca_file()));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_EQ(o.data["tls_error"], "hostname mismatch");
  EXPECT_EQ(o.data["server_name"], "wrong.example");
}

TEST_F(StratumTls, VerificationOffIsRecordedAndTheHandshakeRuns) {
  TlsPool pool(*good_);
  StratumTarget t = TlsTarget("wrong.example", "127.0.0.1", pool.port(), "");
  t.verify_tls = false;
  Observation o = Probe(t);
  ASSERT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["authorized"], true);
  EXPECT_TRUE(o.data["tls_error"].is_null());
  EXPECT_EQ(o.data["tls_handshake"]["verify"], false);
  EXPECT_EQ(o.data["tls_handshake"]["verified"], false);
  // What verification would have said is kept.
  EXPECT_EQ(o.data["tls_handshake"]["verify_result"], "unable to get local issuer certificate");
}

TEST_F(StratumTls, AnUnreadableCaFileIsAHarnessError) {
  StratumTarget t = TlsTarget("localhost", "127.0.0.1", 1, certs_.dir() + "/missing.pem");
  Observation o = Probe(t);
  EXPECT_EQ(o.status, ProbeStatus::kError) << o.detail;
  EXPECT_NE(o.detail.find("missing.pem"), std::string::npos) << o.detail;
  EXPECT_EQ(o.data["connected"], false);
}

// Accepts TCP connections and never says a word (nor reads).
struct SilentServer {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
  std::vector<std::shared_ptr<asio::ip::tcp::socket>> held;
  std::thread thread;
  SilentServer() {
    Accept();
    thread = std::thread([this] { io.run(); });
  }
  ~SilentServer() {
    asio::post(io, [this] {
      boost::system::error_code ec;
      acceptor.close(ec);
      for (auto& s : held) s->close(ec);
    });
    thread.join();
  }
  void Accept() {
    auto s = std::make_shared<asio::ip::tcp::socket>(io);
    acceptor.async_accept(*s, [this, s](const boost::system::error_code& ec) {
      if (ec) return;
      held.push_back(s);
      Accept();
    });
  }
  uint16_t port() const { return acceptor.local_endpoint().port(); }
};

TEST_F(StratumTls, AServerThatNeverCompletesTlsEndsAtTheDeadline) {
  SilentServer silent;
  auto t0 = std::chrono::steady_clock::now();
  Observation o = Probe(TlsTarget("localhost", "127.0.0.1", silent.port(), certs_.ca_file()),
                        milliseconds(1500));
  EXPECT_EQ(o.status, ProbeStatus::kTimeout) << o.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30));
  EXPECT_EQ(o.data["connected"], true);
  EXPECT_EQ(o.data["tls_error"], "no TLS handshake before the deadline");
  EXPECT_NE(o.detail.find("TLS handshake"), std::string::npos) << o.detail;
}

TEST_F(StratumTls, CancellationStopsTheTlsHandshake) {
  SilentServer silent;
  asio::io_context io;
  auto hub = std::make_shared<CancelHub>();
  asio::steady_timer cancel_at(io, milliseconds(200));
  cancel_at.async_wait([hub](const boost::system::error_code&) { hub->Cancel(); });
  Observation o =
      RunProbe(io, ProbeStratumHandshake(MakeContext(io, milliseconds(60000), hub),
                                         TlsTarget("localhost", "127.0.0.1", silent.port(), "")));
  EXPECT_EQ(o.status, ProbeStatus::kCancelled) << o.detail;
}

// A plain stratum port, as many pools run one: answers whatever it gets with
// a JSON-RPC parse error line.
asio::awaitable<void> PlainPool(asio::ip::tcp::acceptor& acceptor) {
  boost::system::error_code ec;
  asio::ip::tcp::socket s(acceptor.get_executor());
  co_await acceptor.async_accept(s, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  char chunk[4096];
  co_await s.async_read_some(asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  const std::string reply = "{\"id\":null,\"result\":null,\"error\":[20,\"Parse error\",null]}\n";
  co_await asio::async_write(s, asio::buffer(reply), asio::redirect_error(asio::use_awaitable, ec));
}

TEST_F(StratumTls, APlainTcpPortOnAStratumSslUrlIsAClearError) {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  asio::co_spawn(io, PlainPool(acceptor), asio::detached);
  StratumTarget t =
      TlsTarget("localhost", "127.0.0.1", acceptor.local_endpoint().port(), certs_.ca_file());
  Observation o = RunProbe(io, ProbeStratumHandshake(MakeContext(io, milliseconds(10000)), t));
  EXPECT_EQ(o.status, ProbeStatus::kFailed) << o.detail;
  EXPECT_NE(o.data["tls_error"].get<std::string>().find("did not answer in TLS"), std::string::npos)
      << o.data["tls_error"];
  EXPECT_NE(o.detail.find("stratum+tcp://"), std::string::npos) << o.detail;
}

// The reference pool as configured from YAML: a site with stratum_tls_port
// (0: a free port) serves stratum+ssl beside its plain port.
TEST_F(StratumTls, RefpoolConfigStartsATlsListener) {
  const std::string path = certs_.dir() + "/refpool.yaml";
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fprintf(f,
               "sites:\n"
               "  - id: primary\n"
               "    addresses: [127.0.0.1]\n"
               "    stratum_port: 0\n"
               "    http_port: 0\n"
               "    stratum_tls_port: 0\n"
               "stratum_tls:\n"
               "  certificate: %s\n"
               "  key: %s\n",
               good_->certificate.c_str(), good_->key.c_str());
  std::fclose(f);
  Result<RefpoolConfig> config = LoadRefpoolConfig(path);
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_TRUE(config->sites.at(0).stratum_tls_port.has_value());
  auto pool = Refpool::Start(*config);
  ASSERT_TRUE(pool) << pool.error().message;
  uint16_t port = 0;
  for (const std::string& l : (*pool)->listening()) {
    if (l.rfind("stratum+ssl 127.0.0.1:", 0) == 0) port = std::stoi(l.substr(l.rfind(':') + 1));
  }
  ASSERT_NE(port, 0);
  Observation o = Probe(TlsTarget("localhost", "127.0.0.1", port, certs_.ca_file()));
  EXPECT_EQ(o.status, ProbeStatus::kOk) << o.detail;
  EXPECT_EQ(o.data["tls_handshake"]["verified"], true);
  EXPECT_EQ(o.data["authorized"], true);

  // Without the certificate files the pool refuses to start, saying why.
  config->stratum_tls = {};
  auto refused = Refpool::Start(*config);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("stratum_tls.certificate"), std::string::npos)
      << refused.error().message;
}

// R4.4 from real probes: channel ch1 serves stratum+ssl with a good
// certificate, ch2 with an expired one. ASN facts are given (they come from
// IP-to-ASN data, not from this probe) so that only TLS can fail the site.
TEST_F(StratumTls, ATlsFailingChannelIsNotAWorkingChannel) {
  auto expired = certs_.Issue("expired", "localhost", "DNS:localhost,IP:127.0.0.1", -1);
  ASSERT_TRUE(expired) << certs_.error();
  TlsPool ch1(*good_, "127.0.0.1");
  TlsPool ch2_good(*good_, "127.0.0.3");
  TlsPool ch2_expired(*expired, "127.0.0.4");

  Scenario sc;
  Site site;
  site.id = "primary";
  site.role = SiteRole::kPrimary;
  site.channels = {{"ch1", "Kazakhtelecom", {"127.0.0.1"}, {}},
                   {"ch2", "Transtelecom", {"127.0.0.3"}, {}}};
  sc.sites = {site};
  DataSource asn;
  asn.name = "asn";
  asn.kind = DataSource::Kind::kAsn;
  sc.data_sources = {asn};

  auto judge = [&](uint16_t ch2_port, const std::string& ch2_address) {
    std::vector<Observation> obs;
    StratumTarget a = TlsTarget("localhost", "127.0.0.1", ch1.port(), certs_.ca_file());
    StratumTarget b = TlsTarget("localhost", ch2_address, ch2_port, certs_.ca_file());
    b.channel = "ch2";
    obs.push_back(Probe(a));
    obs.push_back(Probe(b));
    int n = 0;
    for (const auto& [ch, as, org] : {std::tuple{"ch1", 9198, "JSC Kazakhtelecom"},
                                      std::tuple{"ch2", 35104, "Transtelecom JSC"}}) {
      Observation l;
      l.probe = "asn.lookup";
      l.target = std::string(ch) == "ch1" ? "127.0.0.1" : "127.0.0.3";  // as declared
      l.site = "primary";
      l.channel = ch;
      l.status = ProbeStatus::kOk;
      l.data = {{"database", "asn"}, {"found", true}, {"asn", as}, {"organisation", org}};
      obs.push_back(l);
    }
    for (Observation& o : obs) o.id = "obs-" + std::to_string(++n);
    return CheckChannels({sc, obs}).at(0);
  };

  // The control: both certificates good, the site passes.
  CheckResult pass = judge(ch2_good.port(), "127.0.0.3");
  EXPECT_EQ(pass.verdict, Verdict::kPass) << pass.summary;

  CheckResult fail = judge(ch2_expired.port(), "127.0.0.4");
  EXPECT_EQ(fail.verdict, Verdict::kFail) << fail.summary;
  EXPECT_NE(fail.summary.find("ch2"), std::string::npos) << fail.summary;
  EXPECT_NE(fail.summary.find("certificate has expired"), std::string::npos) << fail.summary;
  EXPECT_EQ(fail.figures["channels"][1]["works"], false);
}

}  // namespace
}  // namespace pooltest
