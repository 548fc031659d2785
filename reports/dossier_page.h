// The page every document of the dossier is written on (internal to
// reports/dossier_*.cc): one language per page (<html lang>), A4 with the
// form's typography, the same HTML printed to PDF by Chromium and turned
// into DOCX by pandoc, so the PDF and the editable copy cannot drift. A
// dossier made from an act that was not verified says so at the top of
// every page; one from a demonstration act, likewise. Below the document a
// small note says what pooltest filled in and from which act. And the
// words the pages share for a complex: its role, settlement, legal kind.
#pragma once

#include <string>

#include "reports/dossier_model.h"

namespace pooltest {

// `body` is HTML already escaped. The notes are escaped here.
std::string DossierPage(const DossierModel& m, DossierLang l, const std::string& title,
                        const std::string& body);

// Escaped text in a span that marks what pooltest filled in.
std::string Filled(const std::string& text);

// "№ 2026-0007, 2026-12-02, act.json SHA-256 ab12…" in language `l`, as
// HTML (the digest in <code>, so it wraps anywhere without a hyphen).
std::string ActReference(const DossierModel& m, DossierLang l);

// The legal kind of a settlement as the Rules name it ("облыстық маңызы бар
// қала", "город областного значения"); "" for an unknown kind.
std::string KindName(const std::string& kind, DossierLang l);

// Where a complex is, as plain text: "Өскемен қ., Шығыс Қазақстан облысы"
// or "г. Усть-Каменогорск, Восточно-Казахстанская область" (no region for
// the capital and the cities of republican significance); a site whose
// settlement the act does not name gets a blank to fill in, saying so.
std::string SettlementText(const DossierSite& site, DossierLang l);

// "негізгі" / "основной" or "резервтік" / "резервный".
std::string RoleName(const DossierSite& site, DossierLang l);

}  // namespace pooltest
