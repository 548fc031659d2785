#include "probes/document/document_probe.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "core/sha256.h"

namespace pooltest {

namespace fs = std::filesystem;

std::vector<std::string> DocumentCopyNames(const std::vector<AttestedDocument>& docs) {
  std::vector<std::string> out;
  std::set<std::string> taken;
  for (const AttestedDocument& doc : docs) {
    std::string base = fs::path(doc.file).filename().string();
    if (base.empty() || base == "." || base == "..") base = "document";
    std::string name = base;
    for (int n = 2; !taken.insert(name).second; ++n) name = std::to_string(n) + "-" + base;
    out.push_back(std::string(kDocumentsFolder) + "/" + name);
  }
  return out;
}

Observation ProbeDocument(const AttestedDocument& doc, const std::string& copy_name,
                          const std::string& evidence_dir) {
  Observation o;
  o.probe = "document.hash";
  o.target = copy_name;
  o.started = std::chrono::system_clock::now();
  // One read: the copy holds exactly the bytes hashed.
  std::ifstream in(doc.file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool read = in.good() || in.eof();
  std::string copy_error;
  if (read && !evidence_dir.empty()) {
    const fs::path copy = fs::path(evidence_dir) / copy_name;
    std::error_code ec;
    fs::create_directories(copy.parent_path(), ec);
    std::ofstream out(copy, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) copy_error = "cannot write the copy " + copy_name + " into the output folder";
  }
  o.finished = std::chrono::system_clock::now();
  const std::string digest = read ? Sha256Hex(bytes) : "";
  o.data = {{"clause", doc.clause},
            {"reference", doc.reference},
            {"date", doc.date},
            {"issuer", doc.issuer},
            {"file", copy_name},
            {"original", fs::path(doc.file).filename().string()},
            {"bytes", read ? nlohmann::json(bytes.size()) : nlohmann::json()},
            {"sha256", read ? nlohmann::json(digest) : nlohmann::json()},
            {"declared_sha256", doc.sha256.empty() ? nlohmann::json() : nlohmann::json(doc.sha256)},
            {"matches_declared", nullptr},
            {"copied", read && !evidence_dir.empty() && copy_error.empty()}};
  if (!read) {
    o.status = ProbeStatus::kFailed;
    o.detail = "cannot read the document " + fs::path(doc.file).filename().string() +
               " named in the scenario";
    return o;
  }
  if (!doc.sha256.empty()) o.data["matches_declared"] = (digest == doc.sha256);
  if (!copy_error.empty()) {
    o.status = ProbeStatus::kFailed;
    o.detail = copy_error;
    return o;
  }
  o.status = ProbeStatus::kOk;
  o.detail = doc.clause + " document " + doc.reference + " hashed" +
             (evidence_dir.empty() ? "" : " and copied to " + copy_name);
  AddTranscript(o, "event", "sha256(" + copy_name + ") = " + digest);
  return o;
}

}  // namespace pooltest
