// Finds English left in a language part of act.html: the text of the
// <section lang="kk|ru"> minus what the act marks as quoted (<code>, and
// elements of class q, mono or hash: evidence, names, identifiers), split
// into words, and every run of three or more consecutive Latin-script words
// of which one is an English function word ("the", "of", "is" ...) — so
// "ui.base_url, pages" or "pooltest campaign start" (names and commands)
// pass, and "was not verified" fails.
#pragma once

#include <string>
#include <vector>

namespace pooltest::testing {

// The visible text of the part `lang` of `html`, quoted pieces left out;
// "" when the act has no such part.
std::string PartText(const std::string& html, const std::string& lang);
// The English runs in `text`, each as it reads.
std::vector<std::string> EnglishRuns(const std::string& text);

}  // namespace pooltest::testing
