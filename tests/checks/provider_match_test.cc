// Declared provider against the ASN organisation (checks/provider_match.h).
#include "checks/provider_match.h"

#include <gtest/gtest.h>

namespace pooltest {
namespace {

TEST(ProviderMatch, LegalFormsCaseAndPunctuationAreSetAside) {
  EXPECT_TRUE(ProviderNamesOrganisation("Kazakhtelecom", "JSC Kazakhtelecom"));
  EXPECT_TRUE(ProviderNamesOrganisation("Transtelecom", "TRANSTELECOM JSC"));
  EXPECT_TRUE(ProviderNamesOrganisation("KazTransCom", "Kaztranscom LLP"));
  EXPECT_TRUE(ProviderNamesOrganisation("Казахтелеком", "АО «Казахтелеком»"));
  EXPECT_TRUE(ProviderNamesOrganisation("ҚАЗАҚТЕЛЕКОМ", "«Қазақтелеком» АҚ"));
  EXPECT_EQ(ProviderNameKey("ТОО \"Kar-Tel\""), "kartel");
}

TEST(ProviderMatch, OtherNamesAreDiscrepancies) {
  EXPECT_FALSE(ProviderNamesOrganisation("Transtelecom", "Kar-Tel LLP"));
  // A brand in another script is for a person to look at.
  EXPECT_FALSE(ProviderNamesOrganisation("Kazakhtelecom", "АО Казахтелеком"));
  // Short names match only whole: "kt" is not in every name with k and t.
  EXPECT_FALSE(ProviderNamesOrganisation("KT", "Kartel"));
  EXPECT_TRUE(ProviderNamesOrganisation("KT", "KT JSC"));
  // Nothing left to compare is never a match.
  EXPECT_FALSE(ProviderNamesOrganisation("JSC", "JSC"));
  EXPECT_FALSE(ProviderNamesOrganisation("", "Kazakhtelecom"));
}

}  // namespace
}  // namespace pooltest
