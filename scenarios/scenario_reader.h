// Typed, located access to a parsed YAML document, for the scenario loader.
// Every accessor that finds a problem records a Diagnostic (file, 1-based
// line and column, message, hint) and returns nothing, so the loader can go
// on and report every problem in one pass. Nothing here throws.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/scenario_keys.h"
#include "scenarios/scenario_loader.h"

namespace pooltest {

class ReadContext {
 public:
  explicit ReadContext(std::string file) : file_(std::move(file)) {}

  SourceLocation At(const YAML::Mark& m) const;
  void Error(const YAML::Mark& m, std::string message, std::string hint);
  void Warning(const YAML::Mark& m, std::string message, std::string hint);
  bool has_errors() const;
  const std::string& file() const { return file_; }
  std::vector<Diagnostic> TakeDiagnostics() { return std::move(diagnostics_); }
  // The diagnostics sorted by line and column (stable), as a reader expects.
  std::vector<Diagnostic> TakeDiagnosticsInFileOrder();

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

// Whether any of `diagnostics` is an error (a warning does not refuse a file).
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

// A node, where to point at it, and its path for messages ("sites[0].id").
// Null values carry their key's mark: yaml-cpp puts an empty value's mark on
// the next token, which may be lines away.
struct Located {
  YAML::Node node;
  YAML::Mark mark;
  std::string path;
  std::string spec;  // the generic path in the key table ("sites[]")
};

// "a mapping", "a list", "a string", "an empty value".
std::string TypeName(const YAML::Node& n);

// The fields of one mapping. Construction checks that `v` is a mapping,
// reports unknown keys (with a suggestion), duplicate keys and missing
// required keys according to the spec for v.spec in `table` (the scenario
// format's ScenarioKeyTable() unless another format's table is given).
class Fields {
 public:
  Fields(ReadContext& ctx, const Located& v);
  Fields(ReadContext& ctx, const Located& v, const std::vector<MapSpec>& table);

  bool valid() const { return valid_; }
  const Located& self() const { return self_; }
  // The value of `key`, if present (the first one if duplicated).
  std::optional<Located> Get(std::string_view key) const;
  // Where the key itself is written, for messages about the whole entry.
  std::optional<YAML::Mark> KeyMark(std::string_view key) const;
  // All entries in file order, known keys only, first of duplicates.
  const std::vector<std::pair<std::string, Located>>& entries() const { return entries_; }

 private:
  Located self_;
  bool valid_ = false;
  std::vector<std::pair<std::string, Located>> entries_;
  std::vector<std::pair<std::string, YAML::Mark>> key_marks_;
};

// Scalars. Strings accept any non-empty scalar (YAML reads `port: 3333` and
// `bin: 123` as text too); numbers and booleans must be unquoted.
std::optional<std::string> ReadString(ReadContext& ctx, const Located& v);
std::optional<double> ReadNumber(ReadContext& ctx, const Located& v);
std::optional<long long> ReadInteger(ReadContext& ctx, const Located& v);
std::optional<bool> ReadBool(ReadContext& ctx, const Located& v);
// One of `allowed`, with a did-you-mean hint otherwise.
std::optional<std::string> ReadEnum(ReadContext& ctx, const Located& v,
                                    const std::vector<std::string>& allowed);
// The items of a list, each located; `spec` of items is v.spec + "[]".
// `non_empty` reports an empty list as an error.
std::optional<std::vector<Located>> ReadList(ReadContext& ctx, const Located& v, bool non_empty);

}  // namespace pooltest
