// Parses JSON a peer sent without letting it choose how much memory or stack
// the harness spends: the text is first walked by a SAX reader that stops at
// the first value past a limit (bytes, nesting depth, number of values), and
// only text within every limit is built into a document. Errors are values
// whose message says which limit was passed, for the evidence.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace pooltest {

struct JsonLimits {
  size_t max_bytes = 1024 * 1024;
  // Nesting of arrays and objects; a standard reader's default recursion
  // limit (Python's is 1000) is far above every limit the project uses.
  size_t max_depth = 64;
  // Scalars, arrays and objects counted together (a document of n values
  // costs about 50 n bytes once built).
  size_t max_values = 100000;
};

Result<nlohmann::json> ParseBoundedJson(std::string_view text, const JsonLimits& limits);

}  // namespace pooltest
