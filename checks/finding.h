// A finding: what a check concluded, as a key of the finding catalogue
// (checks/finding_catalogue.h) and named arguments, so that the sentence
// can be rendered in any language the catalogue has a template for. The
// English summary of a result is rendered from it; the key and arguments
// are kept in results.json and the act for readers that render others.
//
// Arguments are JSON: a string or number is inserted as it is (numbers the
// check formats itself, e.g. "0.500", are strings); an array is a list,
// joined with ", "; an object {"key": ..., "args": {...}} is a nested
// finding (a reason or a part of a sentence), rendered in the same language.
// Free text an observation recorded (a probe's detail, an error a server
// sent) is evidence quoted as it is, never translated.
//
// A template names an argument in braces, "{count}"; "{count|адрес|адреса|
// адресов}" inserts instead the word form the argument's number selects
// (PluralForm in finding_catalogue.h: two forms as in English, three as in
// Russian), so a language that inflects after a numeral can agree with it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace pooltest {

struct Finding {
  std::string key;                                 // e.g. "R4.5.cells_miss_sla"; "" when none
  nlohmann::json args = nlohmann::json::object();  // name -> value

  bool empty() const { return key.empty(); }
};

// {"key": ..., "args": {...}}: the form used in results, acts and as a
// nested argument.
nlohmann::json ToJson(const Finding& f);
// Reads that form; false (and *out untouched) when `j` is not one.
bool FindingFromJson(const nlohmann::json& j, Finding* out);

// A nested finding as an argument value.
inline nlohmann::json Part(std::string key, nlohmann::json args = nlohmann::json::object()) {
  return ToJson(Finding{std::move(key), std::move(args)});
}

}  // namespace pooltest
