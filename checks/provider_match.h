// Whether the provider a scenario declares for a channel is the organisation
// the channel's ASN data names (R4.4, issue 14): the same name once case,
// punctuation, spacing and the legal form (JSC, LLP, АО, ТОО, АҚ, ЖШС, …)
// are set aside, or one name containing the other ("Kazakhtelecom" and
// "Kazakhtelecom JSC", "Transtelecom" and "АО Транстелеком" do not: a brand
// in another script is a discrepancy for a person to look at). The verdict
// never rests on it: a mismatch is a warning shown with both names.
#pragma once

#include <string>

namespace pooltest {

// The name reduced for comparison: lower case (core/utf8.h LowerLetter),
// letters and digits only, legal-form words dropped.
std::string ProviderNameKey(const std::string& name);

// True when `declared` and `organisation` name the same provider as above;
// false when either reduces to nothing.
bool ProviderNamesOrganisation(const std::string& declared, const std::string& organisation);

}  // namespace pooltest
