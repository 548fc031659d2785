// Prints language identification accuracy per language and overall on the
// labelled set (tests/data/language_id_set.tsv), for segments of four or
// more words and for short labels. Arguments (ci/bench passes benchmark
// flags to every program) are ignored. Exit status 1 if the set is unusable.
#include <cstdio>

#include "tests/web/language_set.h"

int main() {
  std::string error;
  const auto set = pooltest::LoadLanguageSet(POOLTEST_LANGUAGE_SET, &error);
  if (!error.empty()) {
    std::fprintf(stderr, "language_accuracy_bench: %s\n", error.c_str());
    return 1;
  }
  std::printf("Language identification on %zu labelled strings (%s)\n", set.size(),
              POOLTEST_LANGUAGE_SET);
  std::fputs(pooltest::FormatAccuracy(pooltest::MeasureLanguageId(set)).c_str(), stdout);
  return 0;
}
