// `pooltest validate`'s settlement warnings against the bundled gazetteer:
// unknown names with did-you-mean, former names, and a backup declared in
// the primary's settlement under another name.
#include "harness/runner/settlement_lint.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

Scenario TwoSites(const std::string& primary, const std::string& backup) {
  Scenario sc;
  Site p;
  p.id = "primary";
  p.role = SiteRole::kPrimary;
  p.settlement = primary;
  p.where = {"s.yaml", 3, 5};
  Site b;
  b.id = "backup";
  b.role = SiteRole::kBackup;
  b.settlement = backup;
  b.where = {"s.yaml", 9, 5};
  sc.sites = {p, b};
  return sc;
}

std::string All(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const Diagnostic& d : ds) out += FormatDiagnostic(d) + "\n";
  return out;
}

TEST(SettlementLint, KnownCurrentNamesValidateWithoutWarning) {
  EXPECT_TRUE(SettlementDiagnostics(TwoSites("Astana", "Almaty")).empty());
  // Alatau, a city of regional significance since 9 January 2024.
  EXPECT_TRUE(SettlementDiagnostics(TwoSites("Astana", "Alatau")).empty());
  EXPECT_TRUE(SettlementDiagnostics(TwoSites("Астана", "Zhem")).empty());
}

TEST(SettlementLint, AnUnknownSettlementIsWarnedWithASuggestion) {
  const std::vector<Diagnostic> ds = SettlementDiagnostics(TwoSites("Astana", "Almatyy"));
  ASSERT_EQ(ds.size(), 1u) << All(ds);
  EXPECT_EQ(ds[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_EQ(ds[0].where.line, 9);
  EXPECT_NE(ds[0].message.find("'Almatyy'"), std::string::npos) << ds[0].message;
  EXPECT_NE(ds[0].hint.find("did you mean 'Almaty'?"), std::string::npos) << ds[0].hint;
  // A misspelt former name is suggested with the city it names now.
  const std::vector<Diagnostic> former = SettlementDiagnostics(TwoSites("Nur-Sultn", "Almaty"));
  ASSERT_EQ(former.size(), 1u) << All(former);
  EXPECT_NE(former[0].hint.find("'Nur-Sultan' (a former name of Astana)"), std::string::npos)
      << former[0].hint;
  // Nothing close: the hint says what follows, without a guess.
  const std::vector<Diagnostic> far = SettlementDiagnostics(TwoSites("Astana", "Springfield"));
  ASSERT_EQ(far.size(), 1u);
  EXPECT_EQ(far[0].hint.find("did you mean"), std::string::npos) << far[0].hint;
}

TEST(SettlementLint, AFormerNameAndABackupInThePrimarysSettlementAreWarned) {
  const std::vector<Diagnostic> ds = SettlementDiagnostics(TwoSites("Astana", "Nur-Sultan"));
  const std::string all = All(ds);
  ASSERT_EQ(ds.size(), 2u) << all;
  EXPECT_NE(all.find("'Nur-Sultan' (site 'backup') is a former name of Astana"), std::string::npos)
      << all;
  EXPECT_NE(all.find("backup site 'backup' is declared in Nur-Sultan, which is Astana, the "
                     "primary's settlement (Astana)"),
            std::string::npos)
      << all;
  // Emba and Zhem are two cities: no warning.
  EXPECT_TRUE(SettlementDiagnostics(TwoSites("Emba", "Zhem")).empty());
}

TEST(SettlementLint, AnUnreadableGazetteerIsAWarningNotAnError) {
  Scenario sc = TwoSites("Astana", "Almaty");
  DataSource g;
  g.name = "missing";
  g.kind = DataSource::Kind::kGazetteer;
  g.path = "/nonexistent/gazetteer.json";
  sc.gazetteer = g;
  const std::vector<Diagnostic> ds = SettlementDiagnostics(sc);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_NE(ds[0].message.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace pooltest
