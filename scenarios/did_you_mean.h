// Spelling suggestions for diagnostics: the closest allowed word to a
// misspelled key or enum value, by edit distance (insertions, deletions,
// substitutions and adjacent transpositions; ASCII case ignored).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pooltest {

// Optimal-string-alignment distance between `a` and `b`, ASCII case-folded.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if it is close enough to be a plausible
// typo (distance at most about a third of the word, at least 1, at most 3).
// Ties go to the earlier candidate so suggestions are deterministic.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

// "did you mean 'x'?" when there is a close match, otherwise "allowed: a, b, c".
std::string SuggestionHint(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" with each item quoted: "'a', 'b', 'c'".
std::string QuotedList(const std::vector<std::string>& items);

}  // namespace pooltest
