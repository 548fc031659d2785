// A JSON object from its members, for code on every probe's path.
// nlohmann's own initializer-list form ({{"key", value}, ...}) builds each
// member as a two-element array on the heap, decides afterwards that the
// list is an object and copies every value again; this inserts each member
// once. Keys are unique; a repeated key keeps its first value.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace pooltest {

inline nlohmann::json JsonObject(
    std::initializer_list<std::pair<std::string_view, nlohmann::json>> members) {
  nlohmann::json j(nlohmann::json::value_t::object);
  auto& m = j.get_ref<nlohmann::json::object_t&>();
  for (const auto& [key, value] : members) m.emplace(std::string(key), value);
  return j;
}

}  // namespace pooltest
