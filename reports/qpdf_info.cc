#include "reports/qpdf_info.h"

#include <exception>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

namespace pooltest {

bool CopyPdfWithEdit(const std::string& in_path, const std::string& out_path, const QpdfEdit& edit,
                     std::string* error) {
  try {
    QPDF pdf;
    pdf.processFile(in_path.c_str());
    QPDFObjectHandle trailer = pdf.getTrailer();
    QPDFObjectHandle info = trailer.getKey("/Info");
    if (!info.isDictionary()) {
      info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
      trailer.replaceKey("/Info", info);
    }
    for (const auto& entry : edit.info)
      if (!entry.second.empty())
        info.replaceKey(entry.first, QPDFObjectHandle::newUnicodeString(entry.second));
    QPDFObjectHandle root = pdf.getRoot();
    if (!edit.lang.empty()) root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString(edit.lang));
    if (edit.display_doc_title) {
      QPDFObjectHandle prefs = root.getKey("/ViewerPreferences");
      if (!prefs.isDictionary()) {
        prefs = QPDFObjectHandle::newDictionary();
        root.replaceKey("/ViewerPreferences", prefs);
      }
      prefs.replaceKey("/DisplayDocTitle", QPDFObjectHandle::newBool(true));
    }
    QPDFWriter w(pdf, out_path.c_str());
    w.write();
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
}

}  // namespace pooltest
