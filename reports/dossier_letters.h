// The letters of Annex 2 that the act's evidence supports, drafted in
// Kazakh and Russian for the operator to review and sign: the backup
// complex (R4.3: the backup's settlement and legal kind, the addresses),
// 24/7 support (R4.5: the campaign's window, every hour x weekday cell
// answered within the SLA), the trilingual UI (R4.6: the pages and
// languages checked); each cites the act (number, date, SHA-256). A letter
// is drafted only when its condition passed (R4.5: only the campaign-backed
// pass, finding R4.5.pass); otherwise it is not drafted and `blocker` is the
// act's check that stands in the way, for the document list to cite. A
// letter never claims more than the act's passing finding says.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/dossier_model.h"

namespace pooltest {

struct LetterDraft {
  std::string id;       // "backup", "support", "ui": the file is letter-<id>-<lang>
  std::string clause;   // "R4.3", "R4.5", "R4.6"
  std::string verdict;  // the condition's verdict in the act ("" when the act has none)
  bool drafted = false;
  std::string html_kk, html_ru;             // when drafted
  const nlohmann::json* blocker = nullptr;  // when not: the first check of the clause that is
                                            // not a pass (null: the act has no such check)

  const std::string& Html(DossierLang l) const { return l == DossierLang::kKk ? html_kk : html_ru; }
};

// In the order of Annex 2: backup, support, ui.
std::vector<LetterDraft> DraftLetters(const DossierModel& m);

}  // namespace pooltest
