// junit.xml for every verdict, with text a hostile pool chose (markup
// characters, control bytes, bytes that are not UTF-8, XML noncharacters):
// the document is valid against the JUnit schema Jenkins reads
// (tests/data/jenkins-junit.xsd), its counts follow the verdicts, and each
// case's message reads back as the summary said it, repaired and no more.
#include "reports/junit_xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include <cstdarg>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/reports/check_result_fixture.h"

namespace pooltest {
namespace {

using testing::MakeResult;

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// Collects libxml2's messages so a failure shows why.
void Collect(void* ctx, const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  *static_cast<std::string*>(ctx) += buf;
}

// "" when `xml` parses and is valid against the schema file, else why not.
std::string SchemaProblems(const std::string& xml, const std::string& xsd_path) {
  std::string why;
  xmlSchemaParserCtxt* pc = xmlSchemaNewParserCtxt(xsd_path.c_str());
  xmlSchemaSetParserErrors(pc, Collect, Collect, &why);
  xmlSchema* schema = xmlSchemaParse(pc);
  xmlSchemaFreeParserCtxt(pc);
  if (schema == nullptr) return "cannot read the schema " + xsd_path + ": " + why;
  DocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) {
    xmlSchemaFree(schema);
    const xmlError* e = xmlGetLastError();
    return std::string("not well-formed: ") + (e && e->message ? e->message : "?");
  }
  xmlSchemaValidCtxt* vc = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidErrors(vc, Collect, Collect, &why);
  const int rc = xmlSchemaValidateDoc(vc, doc.get());
  xmlSchemaFreeValidCtxt(vc);
  xmlSchemaFree(schema);
  return rc == 0 ? "" : "invalid (" + std::to_string(rc) + "): " + why;
}

// The elements an XPath expression selects.
std::vector<xmlNode*> Select(xmlDoc* doc, const std::string& xpath) {
  std::vector<xmlNode*> out;
  xmlXPathContext* ctx = xmlXPathNewContext(doc);
  xmlXPathObject* r = xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx);
  if (r && r->nodesetval)
    for (int i = 0; i < r->nodesetval->nodeNr; ++i) out.push_back(r->nodesetval->nodeTab[i]);
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(ctx);
  return out;
}

std::string Attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string s = v ? reinterpret_cast<const char*>(v) : "<absent>";
  xmlFree(v);
  return s;
}

std::string Text(xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

// What a hostile pool can put into a summary (the check quotes what it
// sent): markup, a CDATA end, a control byte, two bytes that are no UTF-8,
// U+FFFF, and Kazakh text that must survive untouched.
const std::string kHostile =
    "pool said <b>\"ok\" & 'fine'</b> ]]> \x01 bell \xff\xfe end \xEF\xBF\xBF Қазақ";
// The same after repair, as an XML reader sees it: the control byte and
// U+FFFF are spaces, each invalid byte is U+FFFD.
const std::string kHostileRead =
    "pool said <b>\"ok\" & 'fine'</b> ]]>   bell \xEF\xBF\xBD\xEF\xBF\xBD end   Қазақ";

class JunitXmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.name = "Pool \"A\" & <B> \xc3(";
    run_.scenario = &scenario_;
    run_.started = std::chrono::system_clock::time_point{std::chrono::seconds{1767225600}};
    run_.finished = run_.started + std::chrono::milliseconds(2500);
    run_.checks = {
        MakeResult("R4.1.location", "R4.1", Verdict::kPass, "both sites are in Kazakhstan"),
        MakeResult("R4.3.backup.b<1>", "R4.3", Verdict::kFail, kHostile),
        MakeResult("R4.4.channels.primary", "R4.4", Verdict::kInconclusive,
                   "one channel was never reached"),
        MakeResult("R4.5.support", "R4.5", Verdict::kError, "the check threw: bad \x02 json"),
        MakeResult("R4.2.security-act", "R4.2", Verdict::kAttested, "act no. 7 & its hash"),
    };
    // R4.1 cites two probes: its time runs from the first start to the last end.
    run_.checks[0].evidence = {"obs-0001", "obs-0002", "obs-0404"};
    run_.probe_times["obs-0001"] = {run_.started, run_.started + std::chrono::milliseconds(1250)};
    run_.probe_times["obs-0002"] = {run_.started + std::chrono::milliseconds(500),
                                    run_.started + std::chrono::milliseconds(2000)};
    run_.hostname = "lab-host-7";
    run_.harness_version = "0.1.0-test";
    scenario_.sha256 = std::string(64, 'a');
    run_.evidence_sha256 = std::string(64, 'b');
    run_.data_used =
        nlohmann::json::array({{{"name", "city-db"}, {"built", "2026-10-01"}},
                               {{"name", "gazetteer"}, {"built", nullptr}, {"as_of", "2026-01-01"}},
                               {{"name", "asn-db"}, {"built", nullptr}}});
  }

  Scenario scenario_;
  RunRecord run_;
};

TEST_F(JunitXmlTest, ValidAgainstTheJenkinsSchema) {
  const std::string xml = JunitXml(run_);
  EXPECT_EQ(SchemaProblems(xml, POOLTEST_SOURCE_DIR "/tests/data/jenkins-junit.xsd"), "") << xml;
}

TEST_F(JunitXmlTest, TheSchemaRejectsWhatJenkinsWouldNot) {
  // The validation can fail: a case without a name, and bytes that are no
  // UTF-8 (what junit_xml.cc wrote before it repaired them).
  const std::string xsd = POOLTEST_SOURCE_DIR "/tests/data/jenkins-junit.xsd";
  EXPECT_NE(SchemaProblems("<testsuites><testsuite name=\"s\" tests=\"1\"><testcase "
                           "classname=\"c\"/></testsuite></testsuites>",
                           xsd),
            "");
  EXPECT_NE(SchemaProblems("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite "
                           "name=\"s\xff\" tests=\"0\"/></testsuites>",
                           xsd),
            "");
}

TEST_F(JunitXmlTest, CountsAndCasesFollowTheVerdicts) {
  const std::string xml = JunitXml(run_);
  DocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                           XML_PARSE_NONET));
  ASSERT_TRUE(doc) << xml;
  // fail is a failure, inconclusive skipped (not proven, not failed: never
  // green), error an error, pass and attested pass.
  for (const char* level : {"/testsuites", "/testsuites/testsuite"}) {
    SCOPED_TRACE(level);
    const auto n = Select(doc.get(), level);
    ASSERT_EQ(n.size(), 1u);
    EXPECT_EQ(Attr(n[0], "tests"), "5");
    EXPECT_EQ(Attr(n[0], "failures"), "1");
    EXPECT_EQ(Attr(n[0], "errors"), "1");
    if (std::string(level) == "/testsuites/testsuite") {
      EXPECT_EQ(Attr(n[0], "skipped"), "1");
    }
    EXPECT_EQ(Attr(n[0], "time"), "2.500");
  }
  EXPECT_EQ(Select(doc.get(), "//skipped").size(), 1u);
  const auto suite = Select(doc.get(), "/testsuites/testsuite")[0];
  EXPECT_EQ(Attr(suite, "name"), "Pool \"A\" & <B> \xEF\xBF\xBD(");
  EXPECT_EQ(Attr(suite, "timestamp"), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(Attr(suite, "hostname"), "lab-host-7");

  const auto cases = Select(doc.get(), "//testcase");
  ASSERT_EQ(cases.size(), 5u);
  const char* names[] = {"R4.1.location", "R4.3.backup.b<1>", "R4.4.channels.primary",
                         "R4.5.support", "R4.2.security-act"};
  const char* classes[] = {"R4.1", "R4.3", "R4.4", "R4.5", "R4.2"};
  // status tells attested from pass; time is the span of the cited probes
  // (an id with no probe time, obs-0404, is left out; none cited: 0).
  const char* statuses[] = {"pass", "fail", "inconclusive", "error", "attested"};
  const char* times[] = {"2.000", "0.000", "0.000", "0.000", "0.000"};
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(Attr(cases[i], "name"), names[i]);
    EXPECT_EQ(Attr(cases[i], "classname"), classes[i]);
    EXPECT_EQ(Attr(cases[i], "status"), statuses[i]);
    EXPECT_EQ(Attr(cases[i], "time"), times[i]);
  }
  auto children = [&](int i, const char* what) {
    return Select(doc.get(), "//testcase[" + std::to_string(i + 1) + "]/" + what);
  };
  // pass: no failure or error, the verdict and sentence as output.
  EXPECT_TRUE(children(0, "failure").empty());
  EXPECT_TRUE(children(0, "error").empty());
  ASSERT_EQ(children(0, "system-out").size(), 1u);
  EXPECT_EQ(Text(children(0, "system-out")[0]), "pass: both sites are in Kazakhstan");
  // fail: the hostile sentence in message and body, repaired, never cut.
  ASSERT_EQ(children(1, "failure").size(), 1u);
  EXPECT_EQ(Attr(children(1, "failure")[0], "type"), "fail");
  EXPECT_EQ(Attr(children(1, "failure")[0], "message"), kHostileRead);
  EXPECT_EQ(Text(children(1, "failure")[0]), kHostileRead);
  EXPECT_TRUE(children(1, "error").empty());
  // inconclusive: skipped, saying why, no failure.
  EXPECT_TRUE(children(2, "failure").empty());
  ASSERT_EQ(children(2, "skipped").size(), 1u);
  EXPECT_EQ(Text(children(2, "skipped")[0]), "inconclusive: one channel was never reached");
  // error: an error, no failure.
  ASSERT_EQ(children(3, "error").size(), 1u);
  EXPECT_TRUE(children(3, "failure").empty());
  EXPECT_EQ(Attr(children(3, "error")[0], "message"), "the check threw: bad   json");
  EXPECT_EQ(Text(children(3, "error")[0]), "the check threw: bad   json");
  // attested: passes, saying it is attested rather than tested.
  EXPECT_TRUE(children(4, "failure").empty());
  EXPECT_TRUE(children(4, "error").empty());
  ASSERT_EQ(children(4, "system-out").size(), 1u);
  EXPECT_EQ(Text(children(4, "system-out")[0]), "attested: act no. 7 & its hash");
}

TEST_F(JunitXmlTest, InconclusiveIsAFailureWhenTheScenarioSaysSo) {
  scenario_.output.junit_inconclusive = "failure";
  const std::string xml = JunitXml(run_);
  EXPECT_EQ(SchemaProblems(xml, POOLTEST_SOURCE_DIR "/tests/data/jenkins-junit.xsd"), "") << xml;
  DocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                           XML_PARSE_NONET));
  ASSERT_TRUE(doc) << xml;
  const auto suite = Select(doc.get(), "/testsuites/testsuite")[0];
  EXPECT_EQ(Attr(suite, "failures"), "2");
  EXPECT_EQ(Attr(suite, "skipped"), "0");
  EXPECT_TRUE(Select(doc.get(), "//skipped").empty());
  const auto f = Select(doc.get(), "//testcase[3]/failure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Attr(f[0], "type"), "inconclusive");
  EXPECT_EQ(Attr(f[0], "message"), "one channel was never reached");
}

const std::string kAntXsd = POOLTEST_SOURCE_DIR "/tests/data/ant-junit.xsd";

TEST_F(JunitXmlTest, AntDialectIsValidAgainstTheAntSchema) {
  scenario_.output.junit_dialect = "ant";
  EXPECT_EQ(SchemaProblems(JunitXml(run_), kAntXsd), "") << JunitXml(run_);
  run_.checks.clear();
  run_.hostname.clear();
  scenario_.name.clear();
  EXPECT_EQ(SchemaProblems(JunitXml(run_), kAntXsd), "") << JunitXml(run_);
}

TEST_F(JunitXmlTest, TheAntSchemaRejectsWhatAntReadersWouldNot) {
  // Jenkins' form (a per-case status and <skipped>), a timestamp with a
  // zone, an <error> with no type, a suite with no <system-err>.
  EXPECT_NE(SchemaProblems(JunitXml(run_), kAntXsd), "");
  const std::string head =
      "<testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"1\" time=\"1\" "
      "hostname=\"h\" timestamp=\"";
  const std::string ok_case = "<testcase name=\"c\" classname=\"k\" time=\"0\"/>";
  const std::string tail = "<system-out/><system-err/></testsuite>";
  EXPECT_EQ(SchemaProblems(head + "2026-01-01T00:00:00\"><properties/>" + ok_case + tail, kAntXsd),
            "");
  EXPECT_NE(SchemaProblems(head + "2026-01-01T00:00:00Z\"><properties/>" + ok_case + tail, kAntXsd),
            "");
  EXPECT_NE(SchemaProblems(head +
                               "2026-01-01T00:00:00\"><properties/><testcase name=\"c\" "
                               "classname=\"k\" time=\"0\"><error message=\"m\"/></testcase>" +
                               tail,
                           kAntXsd),
            "");
  EXPECT_NE(SchemaProblems(head + "2026-01-01T00:00:00\"><properties/>" + ok_case +
                               "<system-out/></testsuite>",
                           kAntXsd),
            "");
}

TEST_F(JunitXmlTest, AntDialectCountsInconclusiveAsAFailureAndNamesEveryVerdict) {
  scenario_.output.junit_dialect = "ant";
  run_.hostname.clear();
  const std::string xml = JunitXml(run_);
  DocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                           XML_PARSE_NONET));
  ASSERT_TRUE(doc) << xml;
  const auto suite = Select(doc.get(), "/testsuite");
  ASSERT_EQ(suite.size(), 1u) << xml;
  EXPECT_EQ(Attr(suite[0], "tests"), "5");
  EXPECT_EQ(Attr(suite[0], "failures"), "2") << "fail and inconclusive";
  EXPECT_EQ(Attr(suite[0], "errors"), "1");
  EXPECT_EQ(Attr(suite[0], "skipped"), "<absent>");
  EXPECT_EQ(Attr(suite[0], "timestamp"), "2026-01-01T00:00:00") << "no zone; UTC is a property";
  EXPECT_EQ(Attr(suite[0], "hostname"), "localhost") << "what Ant's schema asks for an unknown";
  EXPECT_TRUE(Select(doc.get(), "//skipped").empty());
  const auto inconclusive = Select(doc.get(), "//testcase[3]/failure");
  ASSERT_EQ(inconclusive.size(), 1u);
  EXPECT_EQ(Attr(inconclusive[0], "type"), "inconclusive");
  EXPECT_EQ(Attr(inconclusive[0], "message"), "one channel was never reached");
  const auto error = Select(doc.get(), "//testcase[4]/error");
  ASSERT_EQ(error.size(), 1u);
  EXPECT_EQ(Attr(error[0], "type"), "error");
  EXPECT_TRUE(Select(doc.get(), "//testcase[5]/*").empty()) << "attested passes";
  EXPECT_EQ(Attr(Select(doc.get(), "//testcase[1]")[0], "time"), "2.000");
  std::map<std::string, std::string> props;
  for (xmlNode* p : Select(doc.get(), "/testsuite/properties/property"))
    props[Attr(p, "name")] = Attr(p, "value");
  EXPECT_EQ(props["verdict.R4.1.location"], "pass");
  EXPECT_EQ(props["verdict.R4.3.backup.b<1>"], "fail");
  EXPECT_EQ(props["verdict.R4.4.channels.primary"], "inconclusive");
  EXPECT_EQ(props["verdict.R4.5.support"], "error");
  EXPECT_EQ(props["verdict.R4.2.security-act"], "attested");
  EXPECT_EQ(props["junit.inconclusive"], "failure");
  EXPECT_EQ(props["junit.dialect"], "ant");
  EXPECT_EQ(props["timestamp.zone"], "UTC");
  EXPECT_EQ(props["scenario.sha256"], std::string(64, 'a'));
  const auto out = Select(doc.get(), "/testsuite/system-out");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(Text(out[0]).find("R4.2.security-act attested: act no. 7 & its hash\n"),
            std::string::npos)
      << Text(out[0]);
  EXPECT_NE(Text(out[0]).find("R4.3.backup.b<1> fail: " + kHostileRead + "\n"), std::string::npos);
  ASSERT_EQ(Select(doc.get(), "/testsuite/system-err").size(), 1u);
}

TEST_F(JunitXmlTest, TheSuiteSaysWhatRanOnWhat) {
  const std::string xml = JunitXml(run_);
  DocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                           XML_PARSE_NONET));
  ASSERT_TRUE(doc) << xml;
  std::map<std::string, std::string> props;
  for (xmlNode* p : Select(doc.get(), "/testsuites/testsuite/properties/property"))
    props[Attr(p, "name")] = Attr(p, "value");
  EXPECT_EQ(props["pooltest.version"], "0.1.0-test");
  EXPECT_EQ(props["scenario.sha256"], std::string(64, 'a'));
  EXPECT_EQ(props["evidence.sha256"], std::string(64, 'b'));
  EXPECT_EQ(props["run.interrupted"], "false");
  EXPECT_EQ(props["run.deadline_hit"], "false");
  EXPECT_EQ(props["junit.inconclusive"], "skipped");
  EXPECT_EQ(props["data.city-db.built"], "2026-10-01");
  EXPECT_EQ(props["data.gazetteer.built"], "2026-01-01") << "its as-of date";
  EXPECT_EQ(props["data.asn-db.built"], "unknown") << "a database no lookup read";
  EXPECT_EQ(props.size(), 10u) << xml;
}

TEST_F(JunitXmlTest, MarkupIsEscapedInTheBytesWritten) {
  const std::string xml = JunitXml(run_);
  EXPECT_NE(xml.find("name=\"R4.3.backup.b&lt;1&gt;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("pool said &lt;b&gt;&quot;ok&quot; &amp; &#39;fine&#39;&lt;/b&gt; ]]&gt;"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\x02'), std::string::npos);
  EXPECT_EQ(xml.find("\xEF\xBF\xBF"), std::string::npos);
  EXPECT_EQ(xml.find("<b>"), std::string::npos);
}

TEST_F(JunitXmlTest, AnEmptyRunIsAValidSuiteOfNoCases) {
  run_.checks.clear();
  const std::string xml = JunitXml(run_);
  EXPECT_EQ(SchemaProblems(xml, POOLTEST_SOURCE_DIR "/tests/data/jenkins-junit.xsd"), "") << xml;
  EXPECT_NE(xml.find("tests=\"0\" failures=\"0\" errors=\"0\""), std::string::npos) << xml;
}

TEST_F(JunitXmlTest, WriteJunitXmlWritesTheDocumentAndNamesAFileItCannotWrite) {
  const std::string path = ::testing::TempDir() + "junit-xml-test.xml";
  ASSERT_TRUE(WriteJunitXml(run_, path).ok());
  std::ifstream in(path, std::ios::binary);
  std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(got, JunitXml(run_));
  std::remove(path.c_str());
  Status bad = WriteJunitXml(run_, "/nonexistent-dir/junit.xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/nonexistent-dir/junit.xml"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
