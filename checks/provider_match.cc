#include "checks/provider_match.h"

#include <vector>

#include "core/utf8.h"

namespace pooltest {
namespace {

// Legal forms as written in Kazakhstan's and international registries,
// lower case: they say what kind of company, not which.
constexpr const char* kLegalForms[] = {
    "jsc", "ojsc", "cjsc", "llp",  "llc", "ltd", "limited", "inc", "plc",    "corp",
    "co",  "too",  "ao",   "tov",  "ooo", "тоо", "ао",      "оао", "зао",    "пао",
    "ооо", "жшс",  "ақ",   "gmbh", "as",  "ag",  "sa",      "bv",  "company"};

bool IsLegalForm(const std::string& word) {
  for (const char* f : kLegalForms)
    if (word == f) return true;
  return false;
}

bool IsLetterOrDigit(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 0x430 && cp <= 0x4ff) ||
         cp == 0xf6 || cp == 0xfc;
}

}  // namespace

std::string ProviderNameKey(const std::string& name) {
  const std::string valid = ToValidUtf8(name);
  std::vector<std::string> words(1);
  for (size_t i = 0; i < valid.size();) {
    const char32_t cp = LowerLetter(NextCodePoint(valid, i));
    if (IsLetterOrDigit(cp))
      AppendUtf8(words.back(), cp);
    else if (!words.back().empty())
      words.emplace_back();
  }
  std::string key;
  for (const std::string& w : words)
    if (!w.empty() && !IsLegalForm(w)) key += w;
  return key;
}

bool ProviderNamesOrganisation(const std::string& declared, const std::string& organisation) {
  const std::string a = ProviderNameKey(declared), b = ProviderNameKey(organisation);
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  // Containment only for a name long enough not to occur by chance.
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  return shorter.size() >= 4 && longer.find(shorter) != std::string::npos;
}

}  // namespace pooltest
