// A check's finding as HTML in one part's language (internal to
// act_html*.cc and dossier_*.cc): rendered from act.json's finding and notes with the
// language's templates (checks/finding_translations.h), every string
// argument marked <code class="q"> as quoted evidence or a name, never
// translated, and settlement arguments shown by their name in the part's
// language (reports/act_settlements.h). A key the language lacks renders
// in English, marked lang="en" with a visible "[EN]"; an act without a
// finding (older acts) shows its English summary the same way.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "reports/act_html_text.h"

namespace pooltest::act_html {

// `check` is one of act.json's checks, `pool` its pool section. With
// `without_blocks`, notes that are blocks of their own (the R4.5 week
// grid, shown as a table instead) are left out.
std::string FindingHtml(const nlohmann::json& check, const nlohmann::json& pool, Lang l,
                        bool without_blocks);

// A part (a finding's JSON form, e.g. a reason) in language `l`, marked
// like FindingHtml; a plain string (an older act's English sentence) is
// shown as it is, marked as English in the kk and ru parts.
std::string PartHtml(const nlohmann::json& part, Lang l);

// The name of the settlement with gazetteer id `id` in language `l`; ""
// when the act has no name for it.
std::string SettlementName(const nlohmann::json& pool, const std::string& id, Lang l);

}  // namespace pooltest::act_html
