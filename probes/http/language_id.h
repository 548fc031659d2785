// Language identification of UI text segments for the R4.6 coverage probe:
// Kazakh, Russian, English, or neutral (numbers, tickers, units, URLs).
// Longer segments (4+ words) go to CLD2; short labels, where CLD2 is
// unreliable, are decided by rules: Kazakh-specific letters (ә ғ қ ң ө ұ ү һ
// і) or a short list of Kazakh words without them mean Kazakh, other
// Cyrillic means Russian, Latin means English.
#pragma once

#include <string_view>

namespace pooltest {

enum class Lang { kKk, kRu, kEn, kNeutral, kUnknown };

// "kk", "ru", "en", "neutral", "unknown".
const char* ToString(Lang lang);

struct SegmentLanguage {
  Lang lang = Lang::kNeutral;
  int words = 0;          // words attributed to `lang` (0 when neutral)
  int neutral_words = 0;  // numbers, tickers, units, URLs in the segment
};

// Classifies one visible text segment (UTF-8; invalid bytes count as
// unknown). The segment's words all count for the language it is in.
SegmentLanguage IdentifySegment(std::string_view text);

}  // namespace pooltest
