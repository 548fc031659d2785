// The one place pooltest calls libqpdf: it copies a PDF with entries of its
// information dictionary and catalogue replaced, as an incremental update
// appended to the bytes as they were when the PDF ends in a
// cross-reference table (Chromium's do), else rewritten whole by qpdf. Plain C++17 with standard
// types only, because qpdf 11.3's headers do not compile as C++20 under
// clang 14 (JSON.hh destroys a vector of an incomplete type), so this file
// is built as C++17 (reports/CMakeLists.txt). Never throws: false and
// *error on failure, and `out_path` may then be partly written.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pooltest {

struct QpdfEdit {
  std::vector<std::pair<std::string, std::string>> info;  // "/Title" -> UTF-8 text
  std::string lang;                                       // catalogue /Lang; "" keeps it
  bool display_doc_title = false;                         // /ViewerPreferences
};

bool CopyPdfWithEdit(const std::string& in_path, const std::string& out_path, const QpdfEdit& edit,
                     std::string* error);

}  // namespace pooltest
