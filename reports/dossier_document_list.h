// The document list of Annex 2, item 8, for one route (the office or the
// e-licensing portal) and request (a new certificate, or a re-issue, which
// needs only the application and the server-room rental contract), each
// document with its status in the dossier: "drafted" (pooltest wrote it:
// the application, the letters the act supports), "attached" (a file in
// the dossier with its SHA-256: the information-security authority's letter
// the act attested under R4.7, the rental contract when one is given), or
// "missing" with what to do — a letter the act does not support cites the
// act's check that blocks it. Item wordings: Kazakh verbatim from Annex 2,
// Russian translated faithfully.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/dossier_letters.h"
#include "reports/dossier_model.h"

namespace pooltest {

struct DossierAttachment {
  std::string file;    // in the dossier folder, e.g. "attachments/integration-letter.pdf"
  std::string source;  // where it came from (the act's documents/..., or the file given)
  std::string sha256;
};

struct DossierItem {
  std::string id;  // application, backup_letter, rental_contract, support_letter, ui_letter,
                   // integration_letter
  std::string title_kk, title_ru;
  std::string status;              // "drafted" | "attached" | "missing"
  std::vector<std::string> files;  // drafted: its pages; attached: the attachment
  std::optional<DossierAttachment> attachment;
  std::string todo_kk, todo_ru;             // missing: what to do (HTML)
  const nlohmann::json* blocker = nullptr;  // missing letter: the act's check in the way

  const std::string& Title(DossierLang l) const {
    return l == DossierLang::kKk ? title_kk : title_ru;
  }
  const std::string& Todo(DossierLang l) const { return l == DossierLang::kKk ? todo_kk : todo_ru; }
};

struct DocumentListInput {
  DossierRoute route = DossierRoute::kPortal;
  DossierRequest request = DossierRequest::kNew;
  const std::vector<LetterDraft>* letters = nullptr;
  // The R4.7 letter as copied into the dossier; none when the act has no
  // intact copy.
  std::optional<DossierAttachment> integration_letter;
  std::optional<DossierAttachment> rental_contract;  // --rental-contract
  // The file names of each drafted document by item id ("application",
  // "backup_letter", ...), for the list to name.
  std::vector<std::pair<std::string, std::vector<std::string>>> drafted_files;
};

std::vector<DossierItem> DocumentList(const DossierModel& m, const DocumentListInput& in);

std::string DocumentListHtml(const DossierModel& m, const DocumentListInput& in,
                             const std::vector<DossierItem>& items, DossierLang l);

// dossier.json's "documents": [{id, title: {kk, ru}, status, files,
// sha256?, blocked_by?: {check, clause, verdict, finding}, todo: {kk, ru}}].
nlohmann::json DocumentListJson(const std::vector<DossierItem>& items);

const char* RouteName(DossierRoute r);      // "office" | "portal"
const char* RequestName(DossierRequest r);  // "new" | "reissue"

}  // namespace pooltest
