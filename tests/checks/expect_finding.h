// Asserting what a check decided: its verdict and its finding (a catalogue
// key, at the top or as a part nested in the finding or its notes), with
// the arguments that matter. tests/checks/finding_coverage_test.cc counts
// the keys named in ExpectFinding calls: every catalogue key must be one.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checks/finding_catalogue.h"
#include "checks/finding_translations.h"

namespace pooltest::testing {

// The arguments of the first finding or part keyed `key` within `j` (a
// finding's JSON form, or any value holding such), or null.
inline const nlohmann::json* FindPart(const nlohmann::json& j, const std::string& key) {
  if (j.is_object()) {
    auto k = j.find("key");
    auto a = j.find("args");
    if (k != j.end() && k->is_string() && *k == key && a != j.end()) return &*a;
    for (const auto& [name, v] : j.items()) {
      if (const nlohmann::json* found = FindPart(v, key)) return found;
    }
  } else if (j.is_array()) {
    for (const nlohmann::json& v : j)
      if (const nlohmann::json* found = FindPart(v, key)) return found;
  }
  return nullptr;
}

// Asserts `r` has `verdict`, that `key` is its finding or a part of it (or
// of a note), that the catalogue agrees on the verdict, that the summary is
// the finding's rendering with every argument present, and that each of
// `args` (name -> value) is an argument of the finding or part keyed `key`.
inline void ExpectFinding(const CheckResult& r, Verdict verdict, const std::string& key,
                          const nlohmann::json& args = nlohmann::json::object()) {
  SCOPED_TRACE(r.id + " [" + key + "]: " + r.summary);
  EXPECT_EQ(ToString(r.verdict), std::string(ToString(verdict)));
  const CatalogueEntry* entry = CatalogueEntryOf(key);
  ASSERT_NE(entry, nullptr) << "no catalogue key " << key;
  const nlohmann::json* found = nullptr;
  nlohmann::json all = nlohmann::json::array();  // outlives `found`, which may point into it
  if (r.finding.key == key) {
    found = &r.finding.args;
    ASSERT_TRUE(entry->verdict.has_value()) << key << " is a part, not a finding";
    EXPECT_EQ(ToString(*entry->verdict), std::string(ToString(verdict)));
  } else {
    ASSERT_FALSE(entry->verdict.has_value())
        << "the finding is " << r.finding.key << ", not " << key;
    all.push_back(ToJson(r.finding));
    for (const Finding& n : r.notes) all.push_back(ToJson(n));
    found = FindPart(all, key);
    ASSERT_NE(found, nullptr) << key << " is no part of finding " << r.finding.key << " "
                              << ToJson(r.finding).dump();
  }
  std::vector<std::string> problems;
  RenderFinding(r.finding, &problems);
  for (const Finding& n : r.notes) RenderFinding(n, &problems);
  for (const std::string& p : problems) ADD_FAILURE() << p;
  EXPECT_EQ(r.summary, RenderSummary(r));
  for (const auto& [name, value] : args.items()) {
    auto a = found->find(name);
    if (a == found->end()) {
      ADD_FAILURE() << key << " has no argument " << name << ": " << found->dump();
    } else {
      EXPECT_EQ(*a, value) << key << "." << name;
    }
  }
}

// Asserts `j` (a figure: a part, or a list of parts, as checks keep them
// beside their finding) holds the part `key` with each of `args`, and that
// it renders in English, Kazakh and Russian with every argument present.
inline void ExpectPart(const nlohmann::json& j, const std::string& key,
                       const nlohmann::json& args = nlohmann::json::object()) {
  SCOPED_TRACE("[" + key + "] in " + j.dump());
  const CatalogueEntry* entry = CatalogueEntryOf(key);
  ASSERT_NE(entry, nullptr) << "no catalogue key " << key;
  const nlohmann::json* found = FindPart(j, key);
  ASSERT_NE(found, nullptr) << key << " is not there";
  for (const auto& [name, value] : args.items()) {
    auto a = found->find(name);
    if (a == found->end())
      ADD_FAILURE() << key << " has no argument " << name << ": " << found->dump();
    else
      EXPECT_EQ(*a, value) << key << "." << name;
  }
  const Finding f{key, *found};
  for (const char* lang : {"en", "kk", "ru"}) {
    std::vector<std::string> problems;
    RenderFinding(f, &problems, TemplatesFor(lang));
    for (const std::string& p : problems) ADD_FAILURE() << lang << ": " << p;
  }
}

}  // namespace pooltest::testing
