// Word forms selected by a number ("{n|адрес|адреса|адресов}").
#include <string>

#include <gtest/gtest.h>

#include "checks/finding_translations.h"

namespace pooltest {
namespace {

TEST(PluralForm, RussianOneFewMany) {
  const std::vector<std::string_view> f = {"ячейка", "ячейки", "ячеек"};
  EXPECT_EQ(PluralForm(1, f), "ячейка");
  EXPECT_EQ(PluralForm(21, f), "ячейка");
  EXPECT_EQ(PluralForm(101, f), "ячейка");
  EXPECT_EQ(PluralForm(2, f), "ячейки");
  EXPECT_EQ(PluralForm(4, f), "ячейки");
  EXPECT_EQ(PluralForm(23, f), "ячейки");
  EXPECT_EQ(PluralForm(5, f), "ячеек");
  EXPECT_EQ(PluralForm(0, f), "ячеек");
  EXPECT_EQ(PluralForm(11, f), "ячеек");
  EXPECT_EQ(PluralForm(12, f), "ячеек");
  EXPECT_EQ(PluralForm(14, f), "ячеек");
  EXPECT_EQ(PluralForm(111, f), "ячеек");
  EXPECT_EQ(PluralForm(168, f), "ячеек");
  EXPECT_EQ(PluralForm(1.5, f), "ячейки");
}

TEST(PluralForm, TwoFormsAsInEnglish) {
  const std::vector<std::string_view> f = {"cell", "cells"};
  EXPECT_EQ(PluralForm(1, f), "cell");
  EXPECT_EQ(PluralForm(21, f), "cells");
  EXPECT_EQ(PluralForm(0, f), "cells");
}

std::string RenderWith(const char* tmpl, nlohmann::json args, std::vector<std::string>* problems) {
  const FindingTemplates t = [tmpl](std::string_view) { return tmpl; };
  return RenderFinding(Finding{"k", std::move(args)}, problems, t);
}

TEST(PluralForm, TemplateSelectsByTheArgumentNumberOrNumericString) {
  std::vector<std::string> problems;
  const char* t = "{n} {n|адрес|адреса|адресов}";
  EXPECT_EQ(RenderWith(t, {{"n", 1}}, &problems), "1 адрес");
  EXPECT_EQ(RenderWith(t, {{"n", 3}}, &problems), "3 адреса");
  EXPECT_EQ(RenderWith(t, {{"n", 25}}, &problems), "25 адресов");
  EXPECT_EQ(RenderWith(t, {{"n", "22"}}, &problems), "22 адреса");
  EXPECT_TRUE(problems.empty());
}

TEST(PluralForm, ANonNumberOrMissingArgumentIsAProblemAndTakesTheLastForm) {
  std::vector<std::string> problems;
  EXPECT_EQ(RenderWith("{n|адрес|адреса|адресов}", {{"n", "many"}}, &problems), "адресов");
  EXPECT_EQ(RenderWith("{m|адрес|адреса|адресов}", {{"n", 1}}, &problems), "адресов");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("'n'"), std::string::npos);
}

TEST(PluralForm, RussianCatalogueAgreesWithItsNumbers) {
  const Finding one{"R4.4.pass", {{"site", "s"}, {"channels", 1}, {"providers", 1}}};
  const Finding two{"R4.4.pass", {{"site", "s"}, {"channels", 2}, {"providers", 2}}};
  const Finding five{"R4.4.pass", {{"site", "s"}, {"channels", 5}, {"providers", 5}}};
  EXPECT_EQ(RenderFinding(one, nullptr, RussianTemplate),
            "У комплекса «s» 1 работающий канал связи от 1 провайдера (по ASN).");
  EXPECT_EQ(RenderFinding(two, nullptr, RussianTemplate),
            "У комплекса «s» 2 работающих канала связи от 2 разных провайдеров (по ASN).");
  EXPECT_EQ(RenderFinding(five, nullptr, RussianTemplate),
            "У комплекса «s» 5 работающих каналов связи от 5 разных провайдеров (по ASN).");
}

}  // namespace
}  // namespace pooltest
