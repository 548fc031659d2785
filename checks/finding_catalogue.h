// The finding catalogue: every distinct outcome a check can produce, as a
// stable key ("R4.5.cells_miss_sla") with the verdict it decides and its
// English template; and the parts findings are made of (reasons, notes),
// with no verdict. Templates name their arguments in braces: "{address}".
//
// One catalogue for every language: reports render kk and ru from the same
// key and arguments with their own templates (FindingTemplates); a key's
// arguments are the same in every language. Tests assert each key's verdict
// and key (tests/checks/finding_coverage_test.cc fails for a key no test
// asserts).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check_result.h"
#include "checks/finding.h"

namespace pooltest {

struct CatalogueEntry {
  const char* key;
  // The verdict a result with this finding has; empty for a part (a reason
  // nested in another finding, or a note appended to a summary).
  std::optional<Verdict> verdict;
  const char* en;  // English template
};

// Every entry, grouped by clause, each key once.
const std::vector<CatalogueEntry>& FindingCatalogue();
// The entry of `key`; null when the catalogue has none.
const CatalogueEntry* CatalogueEntryOf(std::string_view key);

// A language's template for a key; null when it has none.
using FindingTemplates = std::function<const char*(std::string_view key)>;
const char* EnglishTemplate(std::string_view key);

// How a rendering marks its pieces (e.g. escaped HTML with quoted evidence
// in <code>): `text` gets the template's own words and numbers, `quoted`
// every string argument (evidence or a name, inserted as it is).
struct FindingMarkup {
  std::function<std::string(const std::string&)> text;
  std::function<std::string(const std::string&)> quoted;
};

// `f` rendered with `templates`, nested findings included. An unknown key
// or a missing argument renders visibly ("[finding K]", "{name}") and is
// listed in *problems (when given): a harness bug, never the pool's.
// "{n|form|form|form}" inserts the form the number `n` selects (PluralForm).
std::string RenderFinding(const Finding& f, std::vector<std::string>* problems = nullptr,
                          const FindingTemplates& templates = EnglishTemplate,
                          const FindingMarkup* markup = nullptr);

// The word form for the number `n`: of two forms, the first for 1 (English);
// of three, Russian's "one, few, many" (1, 21 адрес; 2, 24 адреса; 5, 11, 12
// адресов; a fraction takes the second: 1,5 секунды); of any other count,
// the last.
std::string_view PluralForm(double n, const std::vector<std::string_view>& forms);

// A part (the JSON form of a finding) rendered in English; "" for null.
std::string RenderPart(const nlohmann::json& part);
// Parts rendered in English, as a JSON list of strings (for figures).
nlohmann::json RenderParts(const std::vector<nlohmann::json>& parts);

// Decides `r`: the finding `key` with `args`, the verdict the catalogue
// gives it, and the summary rendered from it (and from r's notes). A key
// that is unknown or decides no verdict makes `r` an error naming it.
void Decide(CheckResult& r, std::string key, nlohmann::json args = nlohmann::json::object());
// Appends a note (a catalogue part) to r's notes and re-renders its summary.
void AddNote(CheckResult& r, std::string key, nlohmann::json args = nlohmann::json::object());
// r's summary from its finding and notes, in English.
std::string RenderSummary(const CheckResult& r);

}  // namespace pooltest
