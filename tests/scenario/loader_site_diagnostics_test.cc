// The loader's diagnostics for the pool's declaration, each at its exact
// place: the applicant's BIN, the sites' ids and roles, stratum URLs and
// their TLS knobs, channels and their addresses.
#include <gtest/gtest.h>

#include "scenarios/scenario_loader.h"
#include "tests/scenario/loader_diagnostics_fixture.h"
#include "tests/scenario/test_util.h"

namespace pooltest {
namespace {

using testing::CountErrors;
using testing::DumpDiagnostics;
using testing::LoaderDiagnostics;

// (1)
// stratum+ssl knobs: a CA bundle to trust and the verification escape hatch.
TEST_F(LoaderDiagnostics, StratumTlsKnobsAreRead) {
  dir_.Write("pool-ca.pem", "-----BEGIN CERTIFICATE-----\n");
  LoadOutcome o = Parse(With("      - url: stratum+tcp://127.0.0.11:3333\n",
                             "      - url: stratum+ssl://pool.example.kz:4443\n"
                             "        tls_ca_file: pool-ca.pem\n"
                             "        verify_tls: false\n"));
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  const StratumEndpoint& e = o.scenario->sites[0].stratum[0];
  EXPECT_TRUE(e.tls);
  EXPECT_EQ(e.host, "pool.example.kz");
  EXPECT_FALSE(e.verify_tls);
  EXPECT_EQ(e.tls_ca_file, dir_.path() + "/pool-ca.pem");
  // Defaults: verification on, the system store.
  EXPECT_TRUE(o.scenario->sites[1].stratum[0].verify_tls);
  EXPECT_EQ(o.scenario->sites[1].stratum[0].tls_ca_file, "");
}

TEST_F(LoaderDiagnostics, StratumTlsKnobsOnAPlainEndpoint) {
  LoadOutcome o = Parse(With("      - url: stratum+tcp://127.0.0.11:3333\n",
                             "      - url: stratum+tcp://127.0.0.11:3333\n"  // 11
                             "        verify_tls: false\n"));                // 12
  const Diagnostic* d =
      Expect(o, 12, 21, "'sites[0].stratum[0].verify_tls' applies only to stratum+ssl endpoints");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("stratum+ssl://127.0.0.11:3333"), std::string::npos) << d->hint;
  EXPECT_EQ(CountErrors(o), 1) << DumpDiagnostics(o);
}

TEST_F(LoaderDiagnostics, StratumTlsCaFileMissing) {
  LoadOutcome o = Parse(With("      - url: stratum+tcp://127.0.0.11:3333\n",
                             "      - url: stratum+ssl://127.0.0.11:3334\n"  // 11
                             "        tls_ca_file: nowhere.pem\n"));         // 12
  Expect(o, 12, 22,
         "file not found: " + dir_.path() + "/nowhere.pem (sites[0].stratum[0].tls_ca_file)");
  EXPECT_EQ(CountErrors(o), 1) << DumpDiagnostics(o);
}

// (5)
TEST_F(LoaderDiagnostics, BadStratumScheme) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.11:3333", "http://127.0.0.11:3333"));
  const Diagnostic* d = Expect(o, 11, 14, "'sites[0].stratum[0].url': unsupported scheme 'http'");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("stratum+tcp:// or stratum+ssl://"), std::string::npos) << d->hint;
}

TEST_F(LoaderDiagnostics, MisspelledStratumSchemeSuggests) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.11:3333", "stratum+tpc://127.0.0.11:3333"));
  const Diagnostic* d =
      Expect(o, 11, 14, "'sites[0].stratum[0].url': unsupported scheme 'stratum+tpc'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint.rfind("did you mean 'stratum+tcp'?", 0), 0u) << d->hint;
}

// (6)
TEST_F(LoaderDiagnostics, StratumUrlWithoutPort) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.21:3333", "stratum+tcp://127.0.0.21"));
  Expect(o, 21, 14, "'sites[1].stratum[0].url': no port in 'stratum+tcp://127.0.0.21'");
}

TEST_F(LoaderDiagnostics, StratumPortOutOfRange) {
  LoadOutcome o = Parse(With("stratum+tcp://127.0.0.21:3333", "stratum+tcp://127.0.0.21:70000"));
  const Diagnostic* d = Expect(o, 21, 14, "'sites[1].stratum[0].url': port 70000 is out of range");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "a port is a number from 1 to 65535");
}

// (7)
TEST_F(LoaderDiagnostics, BadBinCheckDigit) {
  LoadOutcome o = Parse(With("230440012341", "230440012342"));
  const Diagnostic* d = Expect(o, 5, 8, "applicant.bin '230440012342' has an invalid check digit");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("should be 1"), std::string::npos) << d->hint;
}

// (8)
TEST_F(LoaderDiagnostics, BinNotTwelveDigits) {
  LoadOutcome o = Parse(With("\"230440012341\"", "\"23044001234\""));
  Expect(o, 5, 8, "applicant.bin must be 12 digits, got '23044001234' (11 characters)");
}

// (10)
TEST_F(LoaderDiagnostics, DuplicateSiteId) {
  LoadOutcome o = Parse(With("  - id: backup\n", "  - id: primary\n"));
  const Diagnostic* d = Expect(o, 17, 9, "duplicate site id 'primary'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "first used at line 7; give each site its own id");
}

// (11)
TEST_F(LoaderDiagnostics, TwoPrimaries) {
  LoadOutcome o = Parse(With("    role: backup\n", "    role: primary\n"));
  Expect(o, 18, 11, "more than one primary site ('primary' and 'backup')");
}

TEST_F(LoaderDiagnostics, NoPrimary) {
  LoadOutcome o = Parse(With("    role: primary\n", "    role: backup\n"));
  Expect(o, 7, 3, "no primary site");
}

// (12)
TEST_F(LoaderDiagnostics, NoBackup) {
  LoadOutcome o = Parse(With("    role: backup\n", "    role: primary\n"));
  const Diagnostic* d = Expect(o, 7, 3, "no backup site");
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->hint.find("R4.3"), std::string::npos);
}

// (21)
TEST_F(LoaderDiagnostics, UnknownRole) {
  LoadOutcome o = Parse(With("    role: primary\n", "    role: primay\n"));
  const Diagnostic* d = Expect(o, 8, 11, "'sites[0].role': unknown value 'primay'");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->hint, "did you mean 'primary'? allowed: 'primary', 'backup'");
}

// (23)
TEST_F(LoaderDiagnostics, InvalidAddress) {
  LoadOutcome o = Parse(With("addresses: [127.0.0.11]", "addresses: [127.0.0.300]"));
  Expect(o, 14, 21,
         "'sites[0].channels[0].addresses[0]': '127.0.0.300' is neither an IP address nor a host "
         "name");
}

TEST_F(LoaderDiagnostics, InvalidHostNameAddress) {
  LoadOutcome o = Parse(With("addresses: [127.0.0.22]", "addresses: [127.0.0.22, bad_host.kz]"));
  Expect(o, 26, 33,
         "'sites[1].channels[1].addresses[1]': 'bad_host.kz' is neither an IP address nor a host "
         "name");
}

TEST_F(LoaderDiagnostics, SiteWithOneChannelIsOnlyAWarning) {
  LoadOutcome o =
      Parse(With("      - provider: KazTransCom\n        addresses: [127.0.0.22]\n", ""));
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  bool found = false;
  for (const Diagnostic& d : o.diagnostics) {
    if (d.message != "site 'backup' declares 1 communication channel(s)") continue;
    found = true;
    EXPECT_EQ(d.severity, Diagnostic::Severity::kWarning);
    EXPECT_EQ(d.where.line, 17);
    EXPECT_EQ(d.where.column, 5);
    EXPECT_NE(d.hint.find("R4.4"), std::string::npos);
  }
  EXPECT_TRUE(found) << DumpDiagnostics(o);
}

}  // namespace
}  // namespace pooltest
