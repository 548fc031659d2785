// Language identification measured on the labelled set in
// tests/data/language_id_set.tsv (see its header for the source): accuracy
// is a correctness figure, so it is asserted here; ci/bench prints it.
#include <gtest/gtest.h>

#include "tests/web/language_set.h"

namespace pooltest {
namespace {

TEST(LanguageAccuracy, LabelledSetIsLargeAndBalanced) {
  std::string error;
  const auto set = LoadLanguageSet(POOLTEST_LANGUAGE_SET, &error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_GE(set.size(), 300u);
  std::map<std::string, int> per;
  for (const auto& t : set) per[t.lang]++;
  for (const char* l : {"kk", "ru", "en"}) EXPECT_GE(per[l], 100) << l;
}

TEST(LanguageAccuracy, AtLeast97PercentOnSegmentsOfFourOrMoreWords) {
  std::string error;
  const auto set = LoadLanguageSet(POOLTEST_LANGUAGE_SET, &error);
  ASSERT_TRUE(error.empty()) << error;
  const LanguageAccuracy a = MeasureLanguageId(set);
  const std::string table = FormatAccuracy(a);
  ASSERT_GE(a.long_segments.at("all").total, 150);
  EXPECT_GE(a.long_segments.at("all").Accuracy(), 0.97) << table;
  for (const char* l : {"kk", "ru", "en"})
    EXPECT_GE(a.long_segments.at(l).Accuracy(), 0.95) << l << "\n" << table;
  // Short labels are decided by the rules; they must not be much worse.
  EXPECT_GE(a.short_segments.at("all").Accuracy(), 0.9) << table;
}

}  // namespace
}  // namespace pooltest
