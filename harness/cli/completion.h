// Shell completion from the CLI's own definitions, so bash and zsh cannot
// drift from `--help`: `pooltest __complete WORD...` (the words after the
// program name, the last one the word under the cursor, possibly empty)
// prints what that word may be. The scripts in harness/cli/completion/ call
// it on every Tab and do the file-system part themselves.
//
// Output: the kind on the first line, then (kind "words") one candidate per
// line, unfiltered: the shell matches them against the word. Kinds: words,
// scenario (*.yaml, *.yml, *.json), yaml, act-dir (folders holding
// act.json), act (those, or an act.json), dir, file, none. An option's
// value kind is its CLI11 type name (SCENARIO, LAB, CONFIG, ACT_DIR, ACT,
// DIR, FILE; any other: none); a positional whose validator lists its
// values ({a,b,c}) completes to them.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace pooltest {

struct CompletionReply {
  std::string kind = "none";
  std::vector<std::string> words;  // when kind == "words"
};

CompletionReply Complete(CLI::App& app, const std::vector<std::string>& words);

// The reply as `pooltest __complete` prints it.
std::string FormatCompletion(const CompletionReply& reply);

}  // namespace pooltest
