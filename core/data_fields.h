// Type-safe reads of JSON data: an observation's `data`, a DevTools answer,
// an act read back. Such data comes from a probe that recorded what a
// possibly hostile pool sent, from a browser, and from files that may be
// edited or damaged: a field can be missing, null or of another type,
// and `data` itself need not be an object. Every read here treats those cases
// as "absent" (the fallback, or an empty optional) and never throws, so a
// check can record an absent fact as unknown instead of aborting the run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace pooltest {

// The field `key` of `obj`; null when `obj` is no object or lacks the key.
const nlohmann::json* FieldOf(const nlohmann::json& obj, const char* key);

// A string field; `fallback` when absent or not a string.
std::string StringField(const nlohmann::json& obj, const char* key,
                        const std::string& fallback = "");
// A string field, or an empty optional when absent or not a string (so an
// empty string and a missing one stay apart).
std::optional<std::string> OptionalString(const nlohmann::json& obj, const char* key);
// A boolean field; `fallback` when absent or not a boolean.
bool BoolField(const nlohmann::json& obj, const char* key, bool fallback = false);
// A finite number; empty when absent, not a number, or not finite.
std::optional<double> NumberField(const nlohmann::json& obj, const char* key);
// A number truncated toward zero and clamped to [lo, hi]; `fallback` when
// absent, not a number, or not finite.
int64_t IntField(const nlohmann::json& obj, const char* key, int64_t fallback = 0,
                 int64_t lo = INT64_MIN, int64_t hi = INT64_MAX);
// An object or array field; a shared empty one when absent or of another type.
const nlohmann::json& ObjectField(const nlohmann::json& obj, const char* key);
const nlohmann::json& ArrayField(const nlohmann::json& obj, const char* key);
// The field as stored, or null when absent (for figures that show it as is).
nlohmann::json RawField(const nlohmann::json& obj, const char* key);

}  // namespace pooltest
