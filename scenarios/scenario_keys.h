// The keys of scenario format version 1: for every mapping in the file (named
// by a path such as "sites[].channels[]"), which keys it may hold and which
// are required. The loader rejects keys not listed here, and a test compares
// this table with scenarios/schema.json so the two cannot drift apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pooltest {

struct KeySpec {
  std::string name;
  bool required = false;
};

struct MapSpec {
  std::string path;  // "" for the top level; "[]" marks list items
  std::vector<KeySpec> keys;

  std::vector<std::string> Names() const;
};

// Every mapping of format version 1, top level first. Built once, immutable.
const std::vector<MapSpec>& ScenarioKeyTable();

// The spec for `path`, or nullptr when the format has no mapping there.
const MapSpec* FindMapSpec(std::string_view path);
// The same in another format's table (the lab file's, lab_loader.h).
const MapSpec* FindMapSpec(const std::vector<MapSpec>& table, std::string_view path);

}  // namespace pooltest
