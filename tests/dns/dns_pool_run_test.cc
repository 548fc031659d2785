// End to end with names: the demo scenario with every stratum endpoint and
// channel address written as a host name, resolved by c-ares through a
// dnsmasq the test starts, run against the reference pool. The location and
// network verdicts must be the demo's; a name the server does not know must
// leave R4.1 unsettled and say which name.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/runner/session.h"
#include "refpool/refpool.h"
#include "refpool/refpool_block.h"
#include "scenarios/scenario_loader.h"
#include "tests/demo_in_block.h"
#include "tests/dns/dnsmasq_server.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

// Written for 127.0.0.0/24; the test's server answers them in its block.
constexpr const char* kZone =
    "127.0.0.11 stratum.astana.pool.test\n"
    "127.0.0.11 kt.astana.pool.test\n"
    "127.0.0.12 ttc.astana.pool.test\n"
    "127.0.0.21 stratum.almaty.pool.test\n"
    "127.0.0.21 kt.almaty.pool.test\n"
    "127.0.0.22 ktc.almaty.pool.test\n"
    // пул.қаз (Kazakhstan's Cyrillic TLD): a DNS server knows only A-labels.
    "127.0.0.21 xn--k1ahm.xn--80ao21a\n";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << "demo.yaml no longer has " << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

class NamedPoolRun : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(claim_) << claim_.error().message;
    ASSERT_TRUE(dns_.started()) << dns_.error();
    out_ = fs::temp_directory_path() /
           ("pooltest-dns-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(out_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(out_);
  }

  // demo.yaml with names instead of addresses and a dns section naming the
  // test's server; `backup_kt` is the name written for the backup's first
  // channel.
  Scenario Named(const std::string& backup_kt = "kt.almaty.pool.test") {
    std::ifstream in(DemoScenarioPath());
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    s = Replace(s, "stratum+tcp://127.0.0.11:3333", "stratum+tcp://stratum.astana.pool.test:3333");
    s = Replace(s, "stratum+tcp://127.0.0.21:3333", "stratum+tcp://stratum.almaty.pool.test:3333");
    s = Replace(s, "addresses: [127.0.0.11]", "addresses: [kt.astana.pool.test]");
    s = Replace(s, "addresses: [127.0.0.12]", "addresses: [ttc.astana.pool.test]");
    s = Replace(s, "addresses: [127.0.0.21]", "addresses: [" + backup_kt + "]");
    s = Replace(s, "addresses: [127.0.0.22]", "addresses: [ktc.almaty.pool.test]");
    // The rest (the UI and support URLs) into the block; the DNS server
    // stays where it listens.
    s = block().RebaseText(s);
    s = Replace(s, "\nthresholds:",
                "\ndns:\n  servers: [\"" + dns_.address() + "\"]\n  timeout: 1s\n  tries: 2\n" +
                    "\nthresholds:");
    LoadOptions opts;
    opts.variables["POOLTEST_DATA"] = POOLTEST_DATA_DIR;
    LoadOutcome lo =
        ParseScenario(s, "named-demo.yaml", std::string(POOLTEST_SOURCE_DIR) + "/scenarios", opts);
    for (const auto& d : lo.diagnostics)
      if (d.severity == Diagnostic::Severity::kError) ADD_FAILURE() << FormatDiagnostic(d);
    EXPECT_TRUE(lo.ok());
    Scenario sc = lo.scenario.value_or(Scenario{});
    sc.thresholds.support_probe_window = std::chrono::seconds(5);
    return sc;
  }

  SessionOutcome Run(const Scenario& sc) {
    auto pool = Refpool::Start(RebaseRefpoolConfig(DefaultRefpoolConfig(), block()));
    EXPECT_TRUE(pool.ok()) << (pool.ok() ? "" : pool.error().message);
    SessionOptions opts;
    opts.out_dir = out_.string();
    opts.harness_version = "test";
    opts.handle_signals = false;
    auto outcome = RunSession(sc, opts);
    if (pool) (*pool)->Stop();
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().message);
    return outcome.ok() ? std::move(outcome.value()) : SessionOutcome{};
  }

  static const CheckResult& Find(const SessionOutcome& o, const std::string& id) {
    for (const CheckResult& c : o.record.checks)
      if (c.id == id) return c;
    static CheckResult none;
    ADD_FAILURE() << "no check " << id;
    return none;
  }

  static std::string Verdicts(const SessionOutcome& o) {
    std::string s;
    for (const CheckResult& c : o.record.checks)
      s += c.id + "=" + ToString(c.verdict) + ": " + c.summary + "\n";
    return s;
  }

  // The dns.resolve records in evidence.jsonl, by host name.
  std::map<std::string, nlohmann::json> Resolutions() {
    std::map<std::string, nlohmann::json> out;
    std::ifstream in(out_ / "evidence.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line);
      if (j["probe"] == "dns.resolve") out[j["target"].get<std::string>()] = j;
    }
    return out;
  }

  const LoopbackBlock& block() const { return claim_->block(); }

  // The test's loopback block, claimed before its DNS server starts with the
  // zone rebased into it (members are initialised in this order).
  Result<BlockClaim> claim_ = ClaimBlockFor(DefaultRefpoolConfig());
  testing::DnsmasqServer dns_{claim_ ? claim_->block().RebaseText(kZone) : kZone, "test"};
  fs::path out_;
};

TEST_F(NamedPoolRun, NamesGiveTheDemoVerdicts) {
  SessionOutcome o = Run(Named());
  SCOPED_TRACE(Verdicts(o));
  EXPECT_EQ(Find(o, "R4.1.location").verdict, Verdict::kPass);
  EXPECT_EQ(Find(o, "R4.3.backup.backup").verdict, Verdict::kPass);
  EXPECT_EQ(Find(o, "R4.4.channels.primary").verdict, Verdict::kPass);
  EXPECT_EQ(Find(o, "R4.4.channels.backup").verdict, Verdict::kPass);

  auto res = Resolutions();
  EXPECT_EQ(res.size(), 6u);
  for (const auto& [host, j] : res) {
    EXPECT_EQ(j["status"], "ok") << host;
    EXPECT_EQ(j["data"]["answered_by"], nlohmann::json::array({dns_.address()})) << host;
    EXPECT_EQ(j["data"]["records"][0]["ttl"], 60) << host;
  }
  EXPECT_EQ(res["ttc.astana.pool.test"]["data"]["addresses"],
            nlohmann::json::array({block().Host(12)}));
  // The location check rests on the resolutions too.
  const CheckResult& loc = Find(o, "R4.1.location");
  for (const auto& [host, j] : res) {
    EXPECT_NE(std::find(loc.evidence.begin(), loc.evidence.end(), j["id"].get<std::string>()),
              loc.evidence.end())
        << host;
  }
}

TEST_F(NamedPoolRun, UnknownNameLeavesLocationUnsettled) {
  SessionOutcome o = Run(Named("nosuch.almaty.pool.test"));
  SCOPED_TRACE(Verdicts(o));
  const CheckResult& loc = Find(o, "R4.1.location");
  EXPECT_EQ(loc.verdict, Verdict::kInconclusive);
  EXPECT_NE(loc.summary.find("nosuch.almaty.pool.test"), std::string::npos) << loc.summary;
  auto res = Resolutions();
  ASSERT_TRUE(res.count("nosuch.almaty.pool.test"));
  EXPECT_EQ(res["nosuch.almaty.pool.test"]["status"], "failed");
  EXPECT_EQ(res["nosuch.almaty.pool.test"]["data"]["rcode"], "NXDOMAIN");
}

TEST_F(NamedPoolRun, InternationalisedNameIsResolvedAndShownInBothForms) {
  // The backup's first channel written in Unicode, upper case and all.
  Scenario sc = Named("ПУЛ.ҚАЗ");
  ASSERT_EQ(sc.sites.size(), 2u);
  ASSERT_FALSE(sc.sites[1].channels.empty());
  EXPECT_EQ(sc.sites[1].channels[0].addresses, std::vector<std::string>{"xn--k1ahm.xn--80ao21a"});
  SessionOutcome o = Run(sc);
  SCOPED_TRACE(Verdicts(o));
  EXPECT_EQ(Find(o, "R4.1.location").verdict, Verdict::kPass);
  EXPECT_EQ(Find(o, "R4.4.channels.backup").verdict, Verdict::kPass);
  auto res = Resolutions();
  ASSERT_TRUE(res.count("xn--k1ahm.xn--80ao21a")) << res.size();
  const nlohmann::json& j = res["xn--k1ahm.xn--80ao21a"];
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["data"]["addresses"], nlohmann::json::array({block().Host(21)}));
  EXPECT_EQ(j["data"]["host_unicode"], "пул.қаз");
  // Plain names have no Unicode form to show.
  EXPECT_FALSE(res["kt.astana.pool.test"]["data"].contains("host_unicode"));
}

}  // namespace
}  // namespace pooltest
