// Writes the accreditation dossier of one act into a new (or empty) folder:
// Annex 1 (annex1-kk, annex1-ru), the letters the act supports
// (letter-backup-*, letter-support-*, letter-ui-*), each as HTML, PDF
// (headless Chromium) and DOCX (pandoc, from the same HTML); the document
// list of Annex 2 for the route and request (documents-kk, documents-ru:
// HTML and PDF); the attachments (attachments/: the R4.7 letter copied
// from the act's documents after its SHA-256 is checked against the act,
// the rental contract when given); dossier.json (what the list says, as
// data); and manifest.json, the SHA-256 of every file above, signed as
// manifest.json.p7s (detached CMS, as the act) when a signer is given.
// The act must verify (reports/act_verify.h) unless `unverified`, and then
// every page says it was not. A missing Chromium or pandoc is a warning:
// the HTML holds the same text.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "reports/act_signature.h"
#include "reports/act_verify.h"
#include "reports/dossier_model.h"

namespace pooltest {

inline constexpr const char* kDossierManifest = "manifest.json";
inline constexpr const char* kDossierSignature = "manifest.json.p7s";

struct DossierOptions {
  std::string act_dir;
  std::string out_dir;
  DossierRoute route = DossierRoute::kPortal;
  DossierRequest request = DossierRequest::kNew;
  VerifyOptions verify;  // trust anchors for the act (ca_file required unless unverified)
  bool unverified = false;
  std::string rental_contract;  // a file to attach as the server-room rental contract
  bool pdf = true;
  bool docx = true;
  std::optional<SigningIdentity> signer;
  std::chrono::seconds tool_timeout{90};  // per Chromium or pandoc run
};

struct DossierOutcome {
  nlohmann::json dossier;             // dossier.json's content
  std::vector<std::string> files;     // written, relative to out_dir
  std::vector<std::string> warnings;  // e.g. a PDF not printed
  bool complete = false;              // no document of the list is missing
};

// The error says why nothing (or not everything) could be written; an act
// that is not verified is refused before anything is written, with an
// error that starts with kDossierRefused.
inline constexpr const char* kDossierRefused = "refused: ";
Result<DossierOutcome> WriteDossier(const DossierOptions& options);

}  // namespace pooltest
