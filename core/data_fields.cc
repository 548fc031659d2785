#include "core/data_fields.h"

#include <cmath>

namespace pooltest {

const nlohmann::json* FieldOf(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string StringField(const nlohmann::json& obj, const char* key, const std::string& fallback) {
  const nlohmann::json* f = FieldOf(obj, key);
  return f != nullptr && f->is_string() ? f->get<std::string>() : fallback;
}

std::optional<std::string> OptionalString(const nlohmann::json& obj, const char* key) {
  const nlohmann::json* f = FieldOf(obj, key);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return f->get<std::string>();
}

bool BoolField(const nlohmann::json& obj, const char* key, bool fallback) {
  const nlohmann::json* f = FieldOf(obj, key);
  return f != nullptr && f->is_boolean() ? f->get<bool>() : fallback;
}

std::optional<double> NumberField(const nlohmann::json& obj, const char* key) {
  const nlohmann::json* f = FieldOf(obj, key);
  if (f == nullptr || !f->is_number()) return std::nullopt;
  const double v = f->get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

int64_t IntField(const nlohmann::json& obj, const char* key, int64_t fallback, int64_t lo,
                 int64_t hi) {
  const nlohmann::json* f = FieldOf(obj, key);
  if (f == nullptr) return fallback;
  int64_t v;
  if (f->is_number_unsigned()) {
    const uint64_t u = f->get<uint64_t>();
    v = u > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(u);
  } else if (f->is_number_integer()) {
    v = f->get<int64_t>();
  } else if (f->is_number_float()) {
    const double d = f->get<double>();
    if (!std::isfinite(d)) return fallback;
    // Casting a double outside int64 is undefined: saturate first.
    v = d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : static_cast<int64_t>(d);
  } else {
    return fallback;
  }
  return v < lo ? lo : v > hi ? hi : v;
}

const nlohmann::json& ObjectField(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json* f = FieldOf(obj, key);
  return f != nullptr && f->is_object() ? *f : kEmpty;
}

const nlohmann::json& ArrayField(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* f = FieldOf(obj, key);
  return f != nullptr && f->is_array() ? *f : kEmpty;
}

nlohmann::json RawField(const nlohmann::json& obj, const char* key) {
  const nlohmann::json* f = FieldOf(obj, key);
  return f == nullptr ? nlohmann::json() : *f;
}

}  // namespace pooltest
