#include "reports/qpdf_info.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

namespace pooltest {
namespace {

// The offset the file's last startxref names, or npos.
size_t LastStartXref(const std::string& bytes) {
  const size_t at = bytes.rfind("startxref");
  if (at == std::string::npos) return std::string::npos;
  size_t p = at + 9;
  while (p < bytes.size() && (bytes[p] == ' ' || bytes[p] == '\r' || bytes[p] == '\n')) ++p;
  size_t value = 0, digits = 0;
  for (; p < bytes.size() && bytes[p] >= '0' && bytes[p] <= '9' && digits < 15; ++p, ++digits)
    value = value * 10 + static_cast<size_t>(bytes[p] - '0');
  return digits > 0 && value < bytes.size() ? value : std::string::npos;
}

// Writes `bytes` (the file `pdf` was read from) with an incremental update
// (PDF 32000-1:2008, 7.5.6) that redefines `objects`: the rest of the file
// is kept byte for byte, so a few changed dictionaries cost no rewrite of
// its thousands of objects (a tagged act: ~4,300; the rewrite took 0.14 s).
// False, nothing written, when the file ends in a cross-reference stream
// rather than a table (Chromium writes tables) or an object is not
// indirect: the caller rewrites the whole file then.
bool WriteIncremental(QPDF& pdf, const std::string& bytes, const std::string& out_path,
                      const std::vector<QPDFObjectHandle>& objects) {
  const size_t prev = LastStartXref(bytes);
  if (prev == std::string::npos || bytes.compare(prev, 4, "xref") != 0) return false;
  QPDFObjectHandle trailer = pdf.getTrailer();
  int size = trailer.getKey("/Size").isInteger() ? trailer.getKey("/Size").getIntValueAsInt() : 0;
  std::string tail = bytes.empty() || bytes.back() == '\n' ? "" : "\n";
  std::vector<std::pair<int, std::pair<int, size_t>>> entries;  // obj -> gen, offset
  for (QPDFObjectHandle h : objects) {
    if (!h.isIndirect()) return false;
    const int obj = h.getObjectID(), gen = h.getGeneration();
    entries.push_back({obj, {gen, bytes.size() + tail.size()}});
    tail += std::to_string(obj) + " " + std::to_string(gen) + " obj\n" + h.unparseResolved() +
            "\nendobj\n";
    size = std::max(size, obj + 1);
  }
  std::sort(entries.begin(), entries.end());
  const size_t xref = bytes.size() + tail.size();
  tail += "xref\n";
  for (const auto& [obj, e] : entries) {
    char line[40];
    std::snprintf(line, sizeof line, "%d 1\n%010zu %05d n \n", obj, e.second, e.first);
    tail += line;
  }
  tail += "trailer\n<< /Size " + std::to_string(size) + " /Root " + pdf.getRoot().unparse();
  if (trailer.getKey("/Info").isIndirect()) tail += " /Info " + trailer.getKey("/Info").unparse();
  if (trailer.hasKey("/ID")) tail += " /ID " + trailer.getKey("/ID").unparse();
  tail +=
      " /Prev " + std::to_string(prev) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.write(tail.data(), static_cast<std::streamsize>(tail.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write '" + out_path + "'");
  return true;
}

}  // namespace

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
    std::ifstream in(in_path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error("cannot read '" + in_path + "'");
    if (WriteIncremental(pdf, bytes, out_path, {info, root})) return true;
    QPDFWriter w(pdf, out_path.c_str());
    w.write();
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
}

}  // namespace pooltest
