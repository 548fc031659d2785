// Keeps what a pool sent from making the evidence unreadable or unbounded.
// Every observation passes through BoundObservation before it is stored, so
// the record in memory (what checks judge) and the line on disk (what the act
// hashes) are the same, and every line is valid UTF-8 that a standard JSON
// reader parses with its default recursion limit. A cut is never silent: a
// string cut short ends with a marker giving its original size, an array cut
// short ends with a marker element, a value nested too deep is replaced by a
// marker string.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/observation.h"

namespace pooltest {

struct EvidenceLimits {
  size_t max_string_bytes = 64 * 1024;  // one string: a header block, a reply excerpt
  size_t max_array_items = 2000;
  size_t max_depth = 32;  // arrays and objects inside one observation's data
  // The whole observation as one JSON line; past it, strings and arrays are
  // cut harder (to 1/16 of the limits above) before anything else happens.
  size_t max_record_bytes = 4 * 1024 * 1024;
};

// The longest valid UTF-8 prefix of `text` within `max_bytes`, followed by
// " [... truncated by pooltest: N bytes in all]" when it had to be cut; the
// result is valid UTF-8 and at most max_bytes + the marker's length. Invalid
// bytes in `text` become U+FFFD.
std::string TruncateText(std::string_view text, size_t max_bytes);

// Bounds `value` in place: every string valid UTF-8 and within the limit,
// every array within the limit, nothing nested deeper than max_depth.
// Returns how many cuts were made.
size_t BoundJson(nlohmann::json& value, const EvidenceLimits& limits);

// Bounds the observation's detail, data and transcript and returns its JSON
// record (ToJson, dumped on one line); when anything was cut,
// data.evidence_cuts says how many.
std::string BoundObservation(Observation& o, const EvidenceLimits& limits = {});

// BoundObservation's record in parts, so that dumping data and transcript
// (nearly all of a record's cost) can be left to another thread: the record
// is head + data->dump() + middle + transcript->dump() + tail, or head alone
// when `transcript` is empty (the record was dumped whole: it may be near
// the record limit, which only the dump can tell). Bounding is done either
// way, so `o` is the record BoundObservation leaves, except that its
// transcript is moved into the parts when they carry it; `data` is a copy.
struct RecordParts {
  std::string head;
  std::optional<nlohmann::json> data;
  std::string middle;
  std::optional<nlohmann::json> transcript;
  std::string tail;
  std::string Join() &&;
};
RecordParts BoundObservationParts(Observation& o, const EvidenceLimits& limits = {});

}  // namespace pooltest
