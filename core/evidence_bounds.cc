#include "core/evidence_bounds.h"

#include <vector>

#include "core/utf8.h"

namespace pooltest {
namespace {

using json = nlohmann::json;

std::string Marker(size_t original_bytes) {
  return " [... truncated by pooltest: " + std::to_string(original_bytes) + " bytes in all]";
}

// Iterative, so a value nested past the stack's depth cannot crash the walk.
size_t Walk(json& root, const EvidenceLimits& limits) {
  size_t cuts = 0;
  struct Item {
    json* value;
    size_t depth;
  };
  std::vector<Item> todo{{&root, 0}};
  while (!todo.empty()) {
    auto [v, depth] = todo.back();
    todo.pop_back();
    if (v->is_string()) {
      std::string& s = v->get_ref<std::string&>();
      if (s.size() > limits.max_string_bytes || !IsValidUtf8(s)) {
        if (s.size() > limits.max_string_bytes) ++cuts;
        s = TruncateText(s, limits.max_string_bytes);
      }
      continue;
    }
    if (!v->is_structured()) continue;
    if (depth >= limits.max_depth) {
      ++cuts;
      *v = "[... nested deeper than " + std::to_string(limits.max_depth) +
           " levels: dropped by pooltest]";
      continue;
    }
    if (v->is_array() && v->size() > limits.max_array_items) {
      ++cuts;
      const size_t original = v->size();
      v->get_ref<json::array_t&>().resize(limits.max_array_items);
      v->push_back("[... " + std::to_string(original - limits.max_array_items) +
                   " more items dropped by pooltest, " + std::to_string(original) + " in all]");
    }
    if (v->is_object() && v->size() > limits.max_array_items) {
      ++cuts;
      const size_t original = v->size();
      json kept = json::object();
      for (auto it = v->begin(); it != v->end() && kept.size() < limits.max_array_items; ++it)
        kept[it.key()] = std::move(it.value());
      kept["[pooltest]"] = std::to_string(original - limits.max_array_items) +
                           " more members dropped by pooltest, " + std::to_string(original) +
                           " in all";
      *v = std::move(kept);
    }
    if (v->is_object()) {
      // Keys are strings too; a key is rarely long, so an invalid or long
      // one is rebuilt rather than cut in place.
      std::vector<std::string> bad;
      for (auto it = v->begin(); it != v->end(); ++it)
        if (it.key().size() > limits.max_string_bytes || !IsValidUtf8(it.key()))
          bad.push_back(it.key());
      for (const std::string& k : bad) {
        json moved = std::move((*v)[k]);
        v->erase(k);
        (*v)[TruncateText(k, limits.max_string_bytes)] = std::move(moved);
        if (k.size() > limits.max_string_bytes) ++cuts;
      }
    }
    for (json& child : *v) todo.push_back({&child, depth + 1});
  }
  return cuts;
}

// ToJson(o).dump() once Walk has run: data and transcript are moved into
// the record and back rather than copied, and not searched for invalid UTF-8
// again (every string, key and field is valid by now; ToJson's repair is
// then a no-op). This is most of the evidence writer's work per probe.
std::string RecordLine(Observation& o) {
  json data = std::move(o.data), transcript = std::move(o.transcript);
  o.data = json::object();
  o.transcript = json::array();
  json record = ToJson(o);
  record["data"] = std::move(data);
  record["transcript"] = std::move(transcript);
  std::string line = record.dump();
  o.data = std::move(record["data"]);
  o.transcript = std::move(record["transcript"]);
  return line;
}

// An upper bound of value.dump()'s size, or nullopt past `budget` (then the
// record may be too large and is dumped whole). Escaping makes a byte at
// most six ("\u001f"); a number is at most 25 characters.
std::optional<size_t> DumpBound(const json& value, size_t budget) {
  size_t bound = 0;
  std::vector<const json*> todo{&value};
  while (!todo.empty()) {
    const json* v = todo.back();
    todo.pop_back();
    switch (v->type()) {
      case json::value_t::string:
        bound += 2 + 6 * v->get_ref<const std::string&>().size();
        break;
      case json::value_t::array:
        bound += 2 + v->size();
        for (const json& child : *v) todo.push_back(&child);
        break;
      case json::value_t::object:
        bound += 2 + v->size();
        for (auto it = v->begin(); it != v->end(); ++it) {
          bound += 3 + 6 * it.key().size();
          todo.push_back(&it.value());
        }
        break;
      case json::value_t::binary:
        return std::nullopt;  // never in evidence; not worth bounding
      default:
        bound += 25;
    }
    if (bound > budget) return std::nullopt;
  }
  return bound;
}

// Cuts what a pool sent to the limits; returns how many cuts were made.
size_t BoundFields(Observation& o, const EvidenceLimits& limits) {
  size_t cuts = 0;
  if (o.detail.size() > limits.max_string_bytes || !IsValidUtf8(o.detail)) {
    if (o.detail.size() > limits.max_string_bytes) ++cuts;
    o.detail = TruncateText(o.detail, limits.max_string_bytes);
  }
  for (std::string* s : {&o.probe, &o.target, &o.site, &o.channel, &o.vantage})
    if (!IsValidUtf8(*s) || s->size() > limits.max_string_bytes)
      *s = TruncateText(*s, limits.max_string_bytes);
  cuts += Walk(o.data, limits);
  cuts += Walk(o.transcript, limits);
  return cuts;
}

// The rest of BoundObservation once BoundFields made `cuts`: the record
// near or over the limit is cut harder, or dropped.
std::string BoundRecord(Observation& o, size_t cuts, const EvidenceLimits& limits) {
  auto line = [&o] { return RecordLine(o); };
  std::string record = line();
  if (record.size() > limits.max_record_bytes) {
    EvidenceLimits hard = limits;
    hard.max_string_bytes = std::max<size_t>(limits.max_string_bytes / 16, 256);
    hard.max_array_items = std::max<size_t>(limits.max_array_items / 16, 16);
    cuts += Walk(o.data, hard) + Walk(o.transcript, hard);
    record = line();
  }
  if (record.size() > limits.max_record_bytes) {
    // Still too large: keep the record's identity and say what was dropped.
    const size_t bytes = record.size();
    o.data = {{"evidence_dropped", "the observation's data and transcript (" +
                                       std::to_string(bytes) + " bytes after cutting) exceeded " +
                                       std::to_string(limits.max_record_bytes) +
                                       " bytes and were dropped by pooltest"}};
    o.transcript = json::array();
    ++cuts;
  }
  if (cuts == 0) return record;
  if (o.data.is_object()) o.data["evidence_cuts"] = cuts;
  return line();
}

}  // namespace

std::string RecordParts::Join() && {
  if (!transcript) return std::move(head);
  std::string out = std::move(head);
  out += data->dump();
  out += middle;
  out += transcript->dump();
  out += tail;
  return out;
}

RecordParts BoundObservationParts(Observation& o, const EvidenceLimits& limits) {
  const size_t cuts = BoundFields(o, limits);
  // The record with data {} and transcript []: "data" is the second key and
  // "transcript" the last but one (ToJson's keys are sorted), so the head
  // ends after "channel" and the tail is the vantage point.
  json data = std::move(o.data), transcript = std::move(o.transcript);
  o.data = json::object();
  o.transcript = json::array();
  const std::string shell = RecordLine(o);
  o.data = std::move(data);
  std::string head = "{\"channel\":" + json(o.channel).dump() + ",\"data\":";
  std::string tail = ",\"vantage\":" + json(o.vantage).dump() + "}";
  const size_t front = head.size() + 2, back = tail.size() + 2;
  const bool shaped = shell.size() >= front + back && shell.compare(0, front, head + "{}") == 0 &&
                      shell.compare(shell.size() - back, back, "[]" + tail) == 0;
  std::optional<size_t> bound;
  if (shaped && limits.max_record_bytes > shell.size()) {
    const size_t budget = limits.max_record_bytes - shell.size();
    if (std::optional<size_t> d = DumpBound(o.data, budget))
      bound = DumpBound(transcript, budget - *d);
  }
  if (bound) {
    // Fits whatever data and transcript dump to: BoundObservation would make
    // no further cut, only note the ones made.
    if (cuts > 0 && o.data.is_object()) o.data["evidence_cuts"] = cuts;
    return {std::move(head), o.data, shell.substr(front, shell.size() - back - front),
            std::move(transcript), std::move(tail)};
  }
  o.transcript = std::move(transcript);
  return {BoundRecord(o, cuts, limits), std::nullopt, "", std::nullopt, ""};
}

std::string TruncateText(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return IsValidUtf8(text) ? std::string(text) : ToValidUtf8(text);
  // Repair first, so the prefix is cut on a character boundary of valid text.
  const std::string valid = IsValidUtf8(text) ? std::string() : ToValidUtf8(text);
  const std::string_view whole = valid.empty() ? text : std::string_view(valid);
  return std::string(Utf8Prefix(whole, max_bytes)) + Marker(text.size());
}

size_t BoundJson(json& value, const EvidenceLimits& limits) { return Walk(value, limits); }

std::string BoundObservation(Observation& o, const EvidenceLimits& limits) {
  RecordParts parts = BoundObservationParts(o, limits);
  if (!parts.transcript) return std::move(parts.head);
  json transcript = *parts.transcript;
  std::string record = std::move(parts).Join();
  o.transcript = std::move(transcript);  // the caller's record stays whole
  return record;
}

}  // namespace pooltest
