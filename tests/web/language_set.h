// The labelled language identification set (tests/data/language_id_set.tsv)
// and its accuracy under IdentifySegment, per language and overall, split
// into segments of four or more words (where CLD2 decides) and short labels
// (where the rules decide). Shared by the accuracy test and the accuracy
// benchmark so both report the same figures.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace pooltest {

struct LabelledText {
  std::string lang;  // kk, ru, en
  std::string text;
  std::string source;  // ui-label, ui-sentence, general-sentence
};

// Reads the TSV (lines starting with '#' are comments). On failure returns
// an empty set and says why in *error (file and line).
std::vector<LabelledText> LoadLanguageSet(const std::string& path, std::string* error);

struct Tally {
  int correct = 0;
  int total = 0;
  double Accuracy() const { return total > 0 ? double(correct) / total : 0.0; }
};

struct LanguageAccuracy {
  // lang ("kk", "ru", "en", "all") -> tally.
  std::map<std::string, Tally> long_segments;   // 4+ words
  std::map<std::string, Tally> short_segments;  // 1-3 words
  std::vector<std::string> misses;              // "expected kk, got ru: <text>"
};

LanguageAccuracy MeasureLanguageId(const std::vector<LabelledText>& set);

// The table the benchmark prints and the test shows on failure.
std::string FormatAccuracy(const LanguageAccuracy& a);

}  // namespace pooltest
