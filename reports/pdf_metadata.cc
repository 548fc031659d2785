#include "reports/pdf_metadata.h"

#include <unistd.h>

#include <exception>
#include <filesystem>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

#include "checks/data_fields.h"

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
  try {
    QPDF pdf;
    pdf.processFile(pdf_path.c_str());
    QPDFObjectHandle trailer = pdf.getTrailer();
    QPDFObjectHandle info = trailer.getKey("/Info");
    if (!info.isDictionary()) {
      info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
      trailer.replaceKey("/Info", info);
    }
    auto set = [&info](const char* key, const std::string& value) {
      if (!value.empty()) info.replaceKey(key, QPDFObjectHandle::newUnicodeString(value));
    };
    set("/Title", meta.title);
    set("/Author", meta.author);
    set("/Subject", meta.subject);
    set("/Keywords", meta.keywords);
    set("/Creator", meta.creator);
    if (!meta.lang.empty())
      pdf.getRoot().replaceKey("/Lang", QPDFObjectHandle::newUnicodeString(meta.lang));
    // Opened as a viewer opens the act: the title, not the file name.
    QPDFObjectHandle prefs = pdf.getRoot().getKey("/ViewerPreferences");
    if (!prefs.isDictionary()) {
      prefs = QPDFObjectHandle::newDictionary();
      pdf.getRoot().replaceKey("/ViewerPreferences", prefs);
    }
    prefs.replaceKey("/DisplayDocTitle", QPDFObjectHandle::newBool(true));
    QPDFWriter w(pdf, tmp.c_str());
    w.write();
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return Error{"cannot write the metadata of '" + pdf_path + "': " + e.what()};
  }
  std::error_code ec;
  fs::rename(tmp, pdf_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{"cannot replace '" + pdf_path + "' with its copy carrying metadata"};
  }
  return Ok{};
}

}  // namespace pooltest
