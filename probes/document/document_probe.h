// Document probe: records an attested document (R4.2 information-security
// act, R4.7 integration letter) by its declared reference and the SHA-256 of
// the file as it is now, and keeps a copy of exactly the bytes it hashed in
// the run's output folder (documents/NAME), so the act carries its evidence
// and is checkable where the lab's machine is not. Observation (probe
// "document.hash", target = the copy's name relative to the output folder)
// data: clause, reference, date, issuer, file (the copy, relative), original
// (the file's name, without its folder: no path of the lab's machine goes
// into the act), bytes, sha256, declared_sha256, matches_declared (null when
// nothing was declared), copied. kFailed when the file cannot be read or the
// copy cannot be written.
#pragma once

#include <string>
#include <vector>

#include "core/observation.h"
#include "scenarios/scenario.h"

namespace pooltest {

inline constexpr const char* kDocumentsFolder = "documents";

// The name each document's copy gets, relative to the output folder:
// "documents/" + the file's name, numbered "2-NAME", "3-NAME"... when two
// documents share a name.
std::vector<std::string> DocumentCopyNames(const std::vector<AttestedDocument>& docs);

// `copy_name` from DocumentCopyNames; `evidence_dir` empty: hash, keep no
// copy (copied false).
Observation ProbeDocument(const AttestedDocument& doc, const std::string& copy_name,
                          const std::string& evidence_dir);

}  // namespace pooltest
