// Reading the first YAML document of a file safely, for the scenario and lab
// file loaders: where it is empty, where text follows it, and a value over a
// size limit found before yaml-cpp builds a tree of it. Avoids
// YAML::LoadAll, which in yaml-cpp 0.7 loops forever on some junk.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pooltest::loader {

struct FirstDocument {
  bool empty = true;
  std::optional<YAML::Mark> trailing;     // where text after the first document starts
  std::optional<YAML::Mark> long_scalar;  // a value over the limit: root is not built
  YAML::Node root;
};

// A line over `max_bytes` holds a value over it (or a flow collection no one
// writes by hand); found by a scan far cheaper than yaml-cpp's on the same
// bytes, so such a file is refused at once. Returns the 1-based line.
std::optional<int> FindLongLine(std::string_view text, size_t max_bytes);

// Parses the first document; throws YAML::ParserException on syntax errors.
FirstDocument LoadFirstDocument(const std::string& text, size_t max_scalar_bytes);

}  // namespace pooltest::loader
