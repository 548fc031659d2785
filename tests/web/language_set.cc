#include "tests/web/language_set.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "probes/http/language_id.h"

namespace pooltest {

std::vector<LabelledText> LoadLanguageSet(const std::string& path, std::string* error) {
  std::vector<LabelledText> out;
  std::ifstream in(path);
  if (!in) {
    *error = path + ": cannot open the language set";
    return {};
  }
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) {
      *error = path + ":" + std::to_string(n) + ": expected lang<TAB>text<TAB>source";
      return {};
    }
    LabelledText t{line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)};
    if (t.lang != "kk" && t.lang != "ru" && t.lang != "en") {
      *error = path + ":" + std::to_string(n) + ": language must be kk, ru or en";
      return {};
    }
    out.push_back(std::move(t));
  }
  return out;
}

LanguageAccuracy MeasureLanguageId(const std::vector<LabelledText>& set) {
  LanguageAccuracy a;
  for (const LabelledText& t : set) {
    const SegmentLanguage sl = IdentifySegment(t.text);
    const bool ok = ToString(sl.lang) == t.lang;
    auto& bucket = sl.words + sl.neutral_words >= 4 ? a.long_segments : a.short_segments;
    for (const std::string& key : {t.lang, std::string("all")}) {
      bucket[key].total++;
      if (ok) bucket[key].correct++;
    }
    if (!ok)
      a.misses.push_back("expected " + t.lang + ", got " + ToString(sl.lang) + ": " + t.text);
  }
  return a;
}

std::string FormatAccuracy(const LanguageAccuracy& a) {
  std::ostringstream os;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-5s %26s %26s\n", "lang", "4+ words: correct/total",
                "short labels: correct/total");
  os << buf;
  for (const char* l : {"kk", "ru", "en", "all"}) {
    auto get = [&](const std::map<std::string, Tally>& m) {
      auto it = m.find(l);
      return it == m.end() ? Tally{} : it->second;
    };
    const Tally lg = get(a.long_segments), sh = get(a.short_segments);
    std::snprintf(buf, sizeof buf, "%-5s %14d/%-4d %6.1f%% %14d/%-4d %6.1f%%\n", l, lg.correct,
                  lg.total, 100 * lg.Accuracy(), sh.correct, sh.total, 100 * sh.Accuracy());
    os << buf;
  }
  for (const std::string& m : a.misses) os << "  miss: " << m << "\n";
  return os.str();
}

}  // namespace pooltest
