// junit.xml of a real run of the demo scenario, in both dialects, checked
// with xmllint (libxml2-utils) against the schema its readers use: Jenkins'
// for the default, Ant's for output.junit.dialect: ant. Ant's schema
// refuses the default's file, so the validation can fail; Ant's form is
// valid against both.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "tests/integration/pool_run_fixture.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using testing::PoolRun;

const std::string kJenkinsXsd = POOLTEST_SOURCE_DIR "/tests/data/jenkins-junit.xsd";
const std::string kAntXsd = POOLTEST_SOURCE_DIR "/tests/data/ant-junit.xsd";

// xmllint's exit status for `file` against `xsd` (0: valid).
int Xmllint(const fs::path& file, const std::string& xsd) {
  const std::string cmd =
      "xmllint --noout --nonet --schema '" + xsd + "' '" + file.string() + "' 2>&1";
  std::fflush(nullptr);
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class JunitOfARun : public PoolRun {};

TEST_F(JunitOfARun, JenkinsDialectIsValidAgainstJenkinsSchemaNotAnts) {
  Scenario sc = Demo();
  ASSERT_EQ(sc.output.junit_dialect, "jenkins") << "the default";
  SessionOutcome o = Run(sc, DefaultRefpoolConfig());
  SCOPED_TRACE(Verdicts(o));
  const fs::path junit = out_ / "junit.xml";
  ASSERT_TRUE(fs::exists(junit));
  EXPECT_EQ(Xmllint(junit, kJenkinsXsd), 0) << Slurp(junit);
  EXPECT_NE(Xmllint(junit, kAntXsd), 0) << "Ant's schema has no <testsuites status> or <skipped>";
  // The demo has no support campaign: R4.5 is inconclusive, skipped.
  EXPECT_EQ(Find(o, "R4.5.support").verdict, Verdict::kInconclusive);
  EXPECT_NE(Slurp(junit).find("<skipped>inconclusive: "), std::string::npos);
}

TEST_F(JunitOfARun, AntDialectIsValidAgainstBothSchemasAndSaysEveryVerdict) {
  Scenario sc = Demo();
  sc.output.junit_dialect = "ant";
  SessionOutcome o = Run(sc, DefaultRefpoolConfig());
  SCOPED_TRACE(Verdicts(o));
  const fs::path junit = out_ / "junit.xml";
  ASSERT_TRUE(fs::exists(junit));
  const std::string xml = Slurp(junit);
  EXPECT_EQ(Xmllint(junit, kAntXsd), 0) << xml;
  // Jenkins' schema allows a bare <testsuite> with no skipped: Ant's form
  // is read there too.
  EXPECT_EQ(Xmllint(junit, kJenkinsXsd), 0) << xml;
  EXPECT_EQ(xml.find("<skipped"), std::string::npos) << xml;
  // Inconclusive is a failure of its own type; attested is told from pass
  // by a property, as is every other verdict.
  EXPECT_NE(xml.find("<failure type=\"inconclusive\""), std::string::npos) << xml;
  for (const CheckResult& c : o.record.checks) {
    EXPECT_NE(
        xml.find("<property name=\"verdict." + c.id + "\" value=\"" + ToString(c.verdict) + "\"/>"),
        std::string::npos)
        << c.id << "\n"
        << xml;
  }
  EXPECT_NE(xml.find("value=\"attested\""), std::string::npos) << "the demo's R4.2 and R4.7";
}

}  // namespace
}  // namespace pooltest
