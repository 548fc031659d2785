#include "reports/pdf_metadata.h"

#include <unistd.h>

#include <filesystem>

#include "core/data_fields.h"
#include "reports/qpdf_info.h"

namespace pooltest {

PdfMetadata ActPdfMetadata(const nlohmann::json& act) {
  PdfMetadata m;
  const nlohmann::json& lab = ObjectField(act, "lab");
  const nlohmann::json& applicant = ObjectField(act, "applicant");
  const nlohmann::json& harness = ObjectField(act, "harness");
  const std::string number = StringField(lab, "act_number");
  // Kazakh first: the state language, and the act's first part.
  m.title = "Сынау актісі / Акт испытаний / Test act";
  if (!number.empty()) m.title += " № " + number;
  m.author = StringField(lab, "name");
  if (m.author.empty())
    m.author = StringField(harness, "name") + " " + StringField(harness, "version");
  const std::string name = StringField(applicant, "legal_name"),
                    bin = StringField(applicant, "bin");
  m.subject = "Цифрлық майнингтік пулдарды аккредиттеу / Аккредитация цифровых майнинговых пулов";
  if (!name.empty()) m.subject += ": " + name;
  if (!bin.empty()) m.subject += " (БСН/БИН " + bin + ")";
  m.keywords = "pooltest; R4.1-R4.7";
  if (!bin.empty()) m.keywords += "; " + bin;
  m.creator = StringField(harness, "name") + " " + StringField(harness, "version");
  m.lang = "kk";
  return m;
}

Status WritePdfMetadata(const std::string& pdf_path, const PdfMetadata& meta) {
  namespace fs = std::filesystem;
  const std::string tmp = pdf_path + ".meta-" + std::to_string(::getpid());
  QpdfEdit edit;
  edit.info = {{"/Title", meta.title},
               {"/Author", meta.author},
               {"/Subject", meta.subject},
               {"/Keywords", meta.keywords},
               {"/Creator", meta.creator}};
  edit.lang = meta.lang;
  // Opened as a viewer opens the act: the title, not the file name.
  edit.display_doc_title = true;
  std::string why;
  std::error_code ec;
  if (!CopyPdfWithEdit(pdf_path, tmp, edit, &why)) {
    fs::remove(tmp, ec);
    return Error{"cannot write the metadata of '" + pdf_path + "': " + why};
  }
  fs::rename(tmp, pdf_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{"cannot replace '" + pdf_path + "' with its copy carrying metadata"};
  }
  return Ok{};
}

}  // namespace pooltest
