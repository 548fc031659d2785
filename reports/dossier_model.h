// What the accreditation dossier says, read from one act (act.json): the
// applicant (legal name, BIN, legal address), the act itself (number, date
// of issue in Kazakhstan time, SHA-256 of act.json's bytes), where each
// complex was observed (the gazetteer settlement in Kazakh and Russian with
// its region and legal kind, the addresses looked up), each condition's
// verdict and checks, and the attested documents. Only what the act states:
// nothing here judges again, and a site whose settlement the act does not
// name says so instead of guessing. The dossier's pages are in "kk" and
// "ru" (DossierLang).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pooltest {

enum class DossierLang { kKk, kRu };
inline const char* LangCode(DossierLang l) { return l == DossierLang::kKk ? "kk" : "ru"; }
inline const char* Pick(DossierLang l, const char* kk, const char* ru) {
  return l == DossierLang::kKk ? kk : ru;
}

enum class DossierRoute { kOffice, kPortal };
enum class DossierRequest { kNew, kReissue };

struct DossierSite {
  std::string id;
  std::string role;           // "primary" | "backup"
  std::string settlement_id;  // gazetteer id; "" when the act names none
  std::string name_kk, name_ru;
  std::string kind;       // "capital", "republican", "regional", "district"; "" unknown
  std::string region_en;  // as the gazetteer gives it; "" for republican cities or unknown
  std::vector<std::string> addresses;

  const std::string& Name(DossierLang l) const { return l == DossierLang::kKk ? name_kk : name_ru; }
};

struct DossierDocument {
  std::string clause;  // "R4.2", "R4.7"
  std::string reference, date, issuer;
  std::string file;    // inside the act folder, e.g. "documents/rental.pdf"
  std::string sha256;  // as the act recorded it; "" when the document was missing
  std::string status;  // the observation's status ("ok" when hashed)
};

struct DossierModel {
  nlohmann::json act;  // the whole act, for rendering its findings
  std::string act_dir;
  std::string legal_name, bin, legal_address;
  std::string act_number;  // "" when the act names no lab numbering
  std::string act_date;    // YYYY-MM-DD, Kazakhstan time, of the run's start
  std::string act_sha256;  // of act.json's bytes
  bool verified = false;   // false: --unverified, every page says so
  bool demonstration = false;
  std::string signer;  // subject of the verified signature
  std::vector<DossierSite> sites;
  std::map<std::string, std::string> verdicts;  // clause -> condition verdict
  std::vector<DossierDocument> documents;

  // The act's checks of `clause`, in act order.
  std::vector<const nlohmann::json*> ChecksOf(const std::string& clause) const;
};

// The region as a Kazakh or Russian name ("Шығыс Қазақстан облысы",
// "Восточно-Казахстанская область"); "" for "" or a region it does not know.
std::string RegionName(const std::string& region_en, DossierLang l);

// Reads `act_dir`/act.json. Fails when it is missing or not an act.
Result<DossierModel> DossierModelFromAct(const std::string& act_dir);

}  // namespace pooltest
