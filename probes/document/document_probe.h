// Document probe: records an attested document (R4.2 information-security
// act, R4.7 integration letter) by its declared reference and the SHA-256 of
// the file as it is now. Observation (probe "document.hash", target = file)
// data: clause, reference, date, issuer, file, bytes, sha256,
// declared_sha256, matches_declared (null when nothing was declared).
// kFailed when the file cannot be read.
#pragma once

#include "core/observation.h"
#include "scenarios/scenario.h"

namespace pooltest {

Observation ProbeDocument(const AttestedDocument& doc);

}  // namespace pooltest
