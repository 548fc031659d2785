#include "probes/document/document_probe.h"

#include <filesystem>

#include "core/sha256.h"

namespace pooltest {

Observation ProbeDocument(const AttestedDocument& doc) {
  Observation o;
  o.probe = "document.hash";
  o.target = doc.file;
  o.started = std::chrono::system_clock::now();
  Result<std::string> digest = Sha256File(doc.file);
  std::error_code ec;
  auto bytes = std::filesystem::file_size(doc.file, ec);
  o.finished = std::chrono::system_clock::now();
  o.data = {{"clause", doc.clause},
            {"reference", doc.reference},
            {"date", doc.date},
            {"issuer", doc.issuer},
            {"file", doc.file},
            {"bytes", ec ? nlohmann::json() : nlohmann::json(bytes)},
            {"sha256", digest ? nlohmann::json(*digest) : nlohmann::json()},
            {"declared_sha256", doc.sha256.empty() ? nlohmann::json() : nlohmann::json(doc.sha256)},
            {"matches_declared", nullptr}};
  if (!digest) {
    o.status = ProbeStatus::kFailed;
    o.detail = digest.error().message;
    return o;
  }
  if (!doc.sha256.empty()) o.data["matches_declared"] = (*digest == doc.sha256);
  o.status = ProbeStatus::kOk;
  o.detail = doc.clause + " document " + doc.reference + " hashed";
  AddTranscript(o, "event", "sha256(" + doc.file + ") = " + *digest);
  return o;
}

}  // namespace pooltest
