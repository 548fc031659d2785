#include "harness/runner/evidence_store.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/evidence_bounds.h"

namespace pooltest {

Result<EvidenceStore> EvidenceStore::Create(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"cannot create output folder '" + dir + "': " + ec.message()};
  std::string path = (std::filesystem::path(dir) / "evidence.jsonl").string();
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return Error{"cannot write '" + path + "': " + std::strerror(errno)};
  return EvidenceStore(path, f);
}

EvidenceStore::EvidenceStore(EvidenceStore&& other) noexcept
    : path_(std::move(other.path_)),
      file_(other.file_),
      observations_(std::move(other.observations_)) {
  other.file_ = nullptr;
}

EvidenceStore::~EvidenceStore() {
  if (file_ != nullptr) std::fclose(file_);
}

Status EvidenceStore::Append(Observation& o) {
  char id[32];
  std::snprintf(id, sizeof id, "obs-%04zu", observations_.size() + 1);
  o.id = id;
  // What a pool sent is cut to bounds and repaired to valid UTF-8 before it
  // is kept, so the record judged and the line hashed are the same.
  std::string line = BoundObservation(o) + "\n";
  observations_.push_back(o);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0 ||
      ::fdatasync(::fileno(file_)) != 0) {
    return Error{"cannot append to '" + path_ + "': " + std::strerror(errno)};
  }
  return Ok{};
}

Result<std::vector<Observation>> ReadEvidence(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot read evidence file '" + path + "'"};
  std::vector<Observation> out;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    Observation o;
    std::string why = "not valid JSON";
    if (j.is_discarded() || !FromJson(j, &o, &why)) {
      return Error{path + ":" + std::to_string(lineno) + ": malformed evidence record: " + why};
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace pooltest
