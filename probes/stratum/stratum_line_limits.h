// What one line from a stratum server may be before the harness reads it as
// JSON: Stratum V1 messages are flat (mining.notify's params nest three
// levels), so a line nested deeper or holding more values is not a stratum
// message, and is refused before a document is built (core/bounded_json.h).
#pragma once

#include "core/bounded_json.h"

namespace pooltest {

inline constexpr JsonLimits kStratumLineJson{
    .max_bytes = 64 * 1024, .max_depth = 16, .max_values = 20000};

}  // namespace pooltest
