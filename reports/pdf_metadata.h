// The act's PDF as a document a registry files: its information dictionary
// (title, author = the issuing lab, subject, keywords, creator) and the
// catalogue's /Lang, written into the PDF headless Chromium printed (which
// sets only the title, from <title>). Contract: rewrites `pdf_path` in place
// through a temporary file in the same folder, so a failure leaves the
// printed PDF as it was; errors as values (qpdf's exceptions never escape).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pooltest {

struct PdfMetadata {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;
  std::string creator;
  std::string lang;  // BCP 47, the document's first language ("kk")
};

// The metadata of the act `act` (act.json): title with the act number,
// author the lab (or the harness when the act names no lab), subject the
// applicant and the Rules' state service.
PdfMetadata ActPdfMetadata(const nlohmann::json& act);

Status WritePdfMetadata(const std::string& pdf_path, const PdfMetadata& meta);

}  // namespace pooltest
