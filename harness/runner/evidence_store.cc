#include "harness/runner/evidence_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include "core/evidence_bounds.h"
#include "harness/runner/group_commit_writer.h"

namespace pooltest {
namespace {

std::string ObservationId(size_t number) {
  char id[32];
  std::snprintf(id, sizeof id, "obs-%04zu", number);
  return id;
}

}  // namespace

Result<EvidenceStore> EvidenceStore::Create(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"cannot create output folder '" + dir + "': " + ec.message()};
  std::string path = (std::filesystem::path(dir) / "evidence.jsonl").string();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error{"cannot write '" + path + "': " + std::strerror(errno)};
  auto writer = std::make_unique<GroupCommitWriter>(fd, path);
  return EvidenceStore(std::move(path), std::move(writer));
}

EvidenceStore::EvidenceStore(std::string path, std::unique_ptr<GroupCommitWriter> writer)
    : path_(std::move(path)), writer_(std::move(writer)) {}

EvidenceStore::EvidenceStore(EvidenceStore&& other) noexcept = default;

EvidenceStore::~EvidenceStore() = default;

Error EvidenceStore::Lost(const std::string& why) const {
  return Error{why + "; " + ObservationId(writer_->durable() + 1) +
               " and later are only in memory, not in the evidence file"};
}

Status EvidenceStore::Append(Observation& o) { return Keep(o, true); }

Status EvidenceStore::Append(Observation&& o) { return Keep(o, false); }

Status EvidenceStore::Keep(Observation& o, bool callers_copy) {
  o.id = ObservationId(observations_.size() + 1);
  // What a pool sent is cut to bounds and repaired to valid UTF-8 before it
  // is kept, so the record judged and the line hashed are the same (less
  // the transcript, which only the line keeps).
  // A failure of an earlier write, read before this line is queued: this
  // Append must not report the failure of its own line, which the writer
  // may meet before Append returns (Flush reports that one).
  std::optional<std::string> failed = error_reported_ ? std::nullopt : writer_->error();
  RecordParts record = BoundObservationParts(o);
  (record.transcript ? record.tail : record.head) += '\n';
  if (callers_copy) {
    nlohmann::json transcript =
        record.transcript ? *record.transcript : std::exchange(o.transcript, nlohmann::json());
    o.transcript = nlohmann::json::array();
    observations_.push_back(o);
    o.transcript = std::move(transcript);
  } else {
    o.transcript = nlohmann::json::array();
    observations_.push_back(std::move(o));
  }
  writer_->Queue(std::move(record));
  if (failed) {
    error_reported_ = true;
    return Lost(*failed);
  }
  return Ok{};
}

Status EvidenceStore::Flush() {
  Status st = writer_->WaitDurable();
  if (!st) return Lost(st.error().message);
  return Ok{};
}

size_t EvidenceStore::durable() const { return writer_->durable(); }

std::chrono::microseconds EvidenceStore::max_durable_delay() const { return writer_->max_delay(); }

Result<EvidenceFile> ReadEvidenceFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read evidence file '" + path + "'"};
  EvidenceFile out;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    // getline sets eof when the last line has no end of line: the writer
    // ends every record with one, so such a line is the one a killed run
    // was writing, unless it is a whole record anyway.
    const bool unterminated = in.eof();
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    Observation o;
    std::string why = "not valid JSON";
    if (j.is_discarded() || !FromJson(j, &o, &why)) {
      if (unterminated) {
        out.torn_tail = path + ":" + std::to_string(lineno) + ": the last record is cut short (" +
                        std::to_string(line.size()) +
                        " bytes, no end of line): the run was stopped while writing it; the " +
                        std::to_string(out.observations.size()) + " records before it are whole";
        break;
      }
      return Error{path + ":" + std::to_string(lineno) + ": malformed evidence record: " + why};
    }
    out.observations.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<Observation>> ReadEvidence(const std::string& path) {
  Result<EvidenceFile> file = ReadEvidenceFile(path);
  if (!file) return file.error();
  if (!file->torn_tail.empty()) return Error{file->torn_tail};
  return std::move(file->observations);
}

}  // namespace pooltest
