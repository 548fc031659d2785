// The scenario's dns section: server forms accepted (IPv4/IPv6, with and
// without port), what is rejected and why, timeout and tries.
#include <gtest/gtest.h>

#include "scenarios/scenario_loader.h"

namespace pooltest {
namespace {

const char* kBase = R"(pooltest: 1
name: dns settings
applicant:
  legal_name: "TOO Test"
  bin: "230440012341"
sites:
  - id: primary
    role: primary
    settlement: Astana
    stratum:
      - url: stratum+tcp://stratum.pool.test:3333
  - id: backup
    role: backup
    settlement: Almaty
    stratum:
      - url: stratum+tcp://backup.pool.test:3333
worker:
  user: w
)";

LoadOutcome Parse(const std::string& dns) {
  return ParseScenario(std::string(kBase) + dns, "dns.yaml", "/tmp");
}

std::string Errors(const LoadOutcome& o) {
  std::string s;
  for (const Diagnostic& d : o.diagnostics)
    if (d.severity == Diagnostic::Severity::kError) s += FormatDiagnostic(d) + "\n";
  return s;
}

TEST(DnsSettings, AbsentMeansTheSystemConfiguration) {
  LoadOutcome o = Parse("");
  ASSERT_TRUE(o.ok()) << Errors(o);
  EXPECT_TRUE(o.scenario->dns.servers.empty());
  EXPECT_EQ(o.scenario->dns.timeout, std::chrono::milliseconds(2000));
  EXPECT_EQ(o.scenario->dns.tries, 2);
}

TEST(DnsSettings, EveryServerForm) {
  LoadOutcome o = Parse(
      "dns:\n  servers: [\"127.0.0.1:5353\", \"192.0.2.53\", \"[::1]:5300\", \"::1\"]\n"
      "  timeout: 750ms\n  tries: 3\n");
  ASSERT_TRUE(o.ok()) << Errors(o);
  const DnsSettings& d = o.scenario->dns;
  ASSERT_EQ(d.servers.size(), 4u);
  EXPECT_EQ(d.servers[0].address, "127.0.0.1");
  EXPECT_EQ(d.servers[0].port, 5353);
  EXPECT_EQ(d.servers[1].address, "192.0.2.53");
  EXPECT_EQ(d.servers[1].port, 53);
  EXPECT_EQ(d.servers[2].address, "::1");
  EXPECT_EQ(d.servers[2].port, 5300);
  EXPECT_EQ(d.servers[3].address, "::1");
  EXPECT_EQ(d.servers[3].port, 53);
  EXPECT_EQ(d.timeout, std::chrono::milliseconds(750));
  EXPECT_EQ(d.tries, 3);
}

TEST(DnsSettings, BadServersAreLocatedErrors) {
  for (const char* bad : {"ns.pool.test:53", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:", "[::1",
                          "[::1]x", "10.0.0.256"}) {
    LoadOutcome o = Parse(std::string("dns:\n  servers: [\"") + bad + "\"]\n");
    EXPECT_FALSE(o.ok()) << bad;
    const std::string e = Errors(o);
    EXPECT_NE(e.find("is not a DNS server address"), std::string::npos) << bad << ": " << e;
    EXPECT_NE(e.find("dns.yaml:20:"), std::string::npos) << bad << ": " << e;
  }
}

TEST(DnsSettings, BadTimeoutTriesAndKeys) {
  EXPECT_NE(Errors(Parse("dns:\n  timeout: soon\n")).find("bad duration"), std::string::npos);
  EXPECT_NE(Errors(Parse("dns:\n  tries: 0\n")).find("out of range"), std::string::npos);
  EXPECT_NE(Errors(Parse("dns:\n  tries: 11\n")).find("out of range"), std::string::npos);
  EXPECT_NE(Errors(Parse("dns:\n  servers: []\n")), "");
  EXPECT_NE(Errors(Parse("dns:\n  server: [\"127.0.0.1\"]\n")).find("servers"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
