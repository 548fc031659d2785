// The reading machinery the scenario loader's section readers share (internal
// to scenarios/): the Loader each reader is given, and the checks of values
// that several sections hold: non-empty strings, identifiers, URLs, files
// with ${NAME} variables. Built on scenario_reader.h and, like it, every
// function that finds a problem records a Diagnostic in ld.ctx (or ctx) and
// returns nothing, so reading goes on. Nothing here throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenarios/endpoint_url.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/scenario_reader.h"

namespace pooltest::loader {

// Everything the section readers share: the diagnostics, where relative
// paths start, and the ${NAME} values.
struct Loader {
  ReadContext& ctx;
  std::string base_dir;
  const LoadOptions& options;
};

// "'s'", for messages.
std::string Quote(const std::string& s);

// `s` with ASCII letters in lower case.
std::string Lower(std::string s);

// A string that is not empty ("" is reported).
std::optional<std::string> ReadNonEmpty(ReadContext& ctx, const Located& v);

// Reads `key` from `f` into `out` when present and well-formed.
void ReadNonEmptyInto(ReadContext& ctx, const Fields& f, const char* key, std::string& out);

// YYYY-MM-DD naming a day that exists, from 1991 (Kazakhstan's acts start
// there) on.
bool IsRealDate(const std::string& s);

// A Kazakh BIN: 12 digits with a valid check digit (bin.h); the error says
// which digit to check.
std::optional<std::string> ReadBin(ReadContext& ctx, const Located& v);

// 1 to 64 of letters, digits, '_', '-' and '.', not starting with '-' or '.'.
bool IsIdentifier(const std::string& s);

// One host (an IP literal or a host name) of a list, or nullopt after
// reporting why it is neither; `hint` says what to write instead. An
// internationalised name (idn_host.h) comes back in its ASCII form, the
// form every probe uses; an invalid one is reported saying what is wrong.
std::optional<std::string> ReadHost(ReadContext& ctx, const Located& item, const char* hint);

// A URL with one of `schemes` (a port in range, and present when
// `port_required`); `example` goes into the hints.
std::optional<UrlParts> ReadUrl(ReadContext& ctx, const Located& v,
                                const std::vector<std::string>& schemes, bool port_required,
                                const std::string& example);

// `in` with each ${NAME} replaced by ld.options.variables, else by the
// environment; an undefined or malformed variable is reported.
std::optional<std::string> ExpandVariables(const Loader& ld, const Located& v,
                                           const std::string& in);

// Expands ${NAME}, resolves against the scenario's folder and checks the file
// exists. Returns the resolved path.
std::optional<std::string> ReadExistingFile(const Loader& ld, const Located& v);

}  // namespace pooltest::loader
