// Internationalised host names in scenarios: libidn2's UTS #46 conversion
// (U-labels and A-labels, any letter case), what the loader keeps (the
// ASCII form, everywhere a host is written) and how it reports a name that
// is not valid (file, line, and what is wrong).
#include <gtest/gtest.h>

#include "scenarios/idn_host.h"
#include "scenarios/scenario_loader.h"
#include "tests/scenario/loader_diagnostics_fixture.h"

namespace pooltest {
namespace {

using testing::DumpDiagnostics;
using testing::LoaderDiagnostics;

constexpr const char* kAscii = "xn--k1ahm.xn--80ao21a";  // пул.қаз

TEST(IdnHost, UnicodeNameBecomesItsALabels) {
  Result<std::string> a = HostToAscii("пул.қаз");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(*a, kAscii);
  EXPECT_EQ(HostToUnicode(*a), "пул.қаз");
}

TEST(IdnHost, MixedCaseAndALabelFormsAreTheSameName) {
  for (const char* written :
       {"ПУЛ.ҚАЗ", "Пул.Қаз", "xn--k1ahm.xn--80ao21a", "XN--K1AHM.xn--80AO21A", "пул.қаз."}) {
    Result<std::string> a = HostToAscii(written);
    ASSERT_TRUE(a.ok()) << written << ": " << a.error().message;
    EXPECT_EQ(*a, kAscii) << written;
  }
}

TEST(IdnHost, WhatNeedsProcessing) {
  EXPECT_TRUE(IsInternationalisedHost("пул.қаз"));
  EXPECT_TRUE(IsInternationalisedHost("pool.xn--80ao21a"));
  EXPECT_FALSE(IsInternationalisedHost("pool.example.kz"));
  EXPECT_FALSE(IsInternationalisedHost("127.0.0.1"));
  EXPECT_EQ(HostToUnicode("pool.example.kz"), "");
}

TEST(IdnHost, InvalidNamesSayWhatIsWrong) {
  // A snowman is not a letter any registry allows (IDNA2008).
  Result<std::string> snow = HostToAscii("пул☃.қаз");
  ASSERT_FALSE(snow.ok());
  EXPECT_NE(snow.error().message.find("not a valid internationalised host name"), std::string::npos)
      << snow.error().message;
  // Not Punycode at all.
  EXPECT_FALSE(HostToAscii("xn--.kz").ok());
  EXPECT_FALSE(HostToAscii("xn--zz-zz9999.kz").ok());
  // An underscore is no more valid in a Unicode name than in an ASCII one.
  EXPECT_FALSE(HostToAscii("пул_1.қаз").ok());
  EXPECT_FALSE(HostToAscii(std::string("\xD0\xBF\xFF.kz")).ok());  // not UTF-8
}

TEST_F(LoaderDiagnostics, InternationalisedHostsAreKeptInTheirAsciiForm) {
  std::string text = With("stratum+tcp://127.0.0.11:3333", "stratum+tcp://пул.қаз:3333");
  text.replace(text.find("addresses: [127.0.0.11]"), 23, "addresses: [ПУЛ.ҚАЗ]");
  text.replace(text.find("http://127.0.0.11:8080"), 22, "http://xn--k1ahm.xn--80ao21a:8080");
  LoadOutcome o = Parse(text);
  ASSERT_TRUE(o.ok()) << DumpDiagnostics(o);
  const Site& primary = o.scenario->sites[0];
  ASSERT_EQ(primary.stratum.size(), 1u);
  EXPECT_EQ(primary.stratum[0].host, kAscii);
  EXPECT_EQ(primary.stratum[0].url, std::string("stratum+tcp://") + kAscii + ":3333");
  EXPECT_EQ(primary.channels[0].addresses, std::vector<std::string>{kAscii});
  EXPECT_EQ(o.scenario->ui->base_url, std::string("http://") + kAscii + ":8080");

  LoadOutcome u = Parse(With("http://127.0.0.11:8080", "http://Пул.Қаз:8080/"));
  ASSERT_TRUE(u.ok()) << DumpDiagnostics(u);
  EXPECT_EQ(u.scenario->ui->base_url, std::string("http://") + kAscii + ":8080/");
}

TEST_F(LoaderDiagnostics, InvalidInternationalisedHostNamesTheFileLineAndProblem) {
  LoadOutcome o = Parse(With("addresses: [127.0.0.12]", "addresses: [пул☃.қаз]"));
  EXPECT_FALSE(o.ok());
  bool found = false;
  for (const Diagnostic& d : o.diagnostics) {
    if (d.message.find("'sites[0].channels[1].addresses[0]': host 'пул☃.қаз' is not a valid "
                       "internationalised host name") != 0)
      continue;
    found = true;
    EXPECT_NE(d.where.file.find("t.yaml"), std::string::npos) << d.where.file;
    EXPECT_EQ(d.where.line, 16);
    EXPECT_NE(d.hint.find("xn--k1ahm.xn--80ao21a"), std::string::npos) << d.hint;
  }
  EXPECT_TRUE(found) << DumpDiagnostics(o);

  LoadOutcome url = Parse(With("http://127.0.0.11:8080", "http://xn--zz-zz9999.kz:8080"));
  EXPECT_FALSE(url.ok());
  bool in_url = false;
  for (const Diagnostic& d : url.diagnostics)
    in_url |=
        d.where.line == 30 && d.message.find("'ui.base_url': host 'xn--zz-zz9999.kz' is ") == 0;
  EXPECT_TRUE(in_url) << DumpDiagnostics(url);
}

}  // namespace
}  // namespace pooltest
