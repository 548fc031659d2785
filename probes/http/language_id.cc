#include "probes/http/language_id.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <cld2/public/compact_lang_det.h>

#include "core/utf8.h"

namespace pooltest {
namespace {

// Segments with at least this many words are long enough for CLD2.
constexpr int kMinWordsForCld2 = 4;

// Common Kazakh UI words written without Kazakh-specific letters, so they
// would otherwise look Russian ("Басты бет" is "Home").
constexpr std::array<std::string_view, 24> kKazakhWords = {
    "басты", "бет",      "тарифтер", "бойынша",   "туралы",      "мен",
    "бен",   "пен",      "байланыс", "байланысу", "баптау",      "баптаулар",
    "жабу",  "жою",      "ашу",      "алу",       "сатып",       "жалпы",
    "есеп",  "тапсырыс", "тарих",    "жаңалық",   "пайдаланушы", "мекенжай"};

// Tickers and units that read the same in every language.
constexpr std::array<std::string_view, 14> kUnits = {"th/s", "ph/s", "gh/s", "mh/s", "eh/s",
                                                     "kh/s", "h/s",  "kwh",  "mwh",  "ms",
                                                     "kb",   "mb",   "gb",   "px"};

bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
bool IsCyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }
bool IsKazakhLetter(char32_t c) {
  switch (c) {
    case 0x4D8:
    case 0x4D9:  // Ә ә
    case 0x492:
    case 0x493:  // Ғ ғ
    case 0x49A:
    case 0x49B:  // Қ қ
    case 0x4A2:
    case 0x4A3:  // Ң ң
    case 0x4E8:
    case 0x4E9:  // Ө ө
    case 0x4B0:
    case 0x4B1:  // Ұ ұ
    case 0x4AE:
    case 0x4AF:  // Ү ү
    case 0x4BA:
    case 0x4BB:  // Һ һ
    case 0x406:
    case 0x456:  // І і
      return true;
    default:
      return false;
  }
}
// Letters of other scripts (CJK, Arabic, Greek, ...): text we cannot place.
bool IsOtherLetter(char32_t c) {
  return (c >= 0x370 && c < 0x400) || (c >= 0x530 && c < 0x2000) || (c >= 0x3040 && c < 0xA000) ||
         (c >= 0xAC00 && c < 0xD7B0) || c == 0xFFFD;
}

// Lowercases Basic Latin and Cyrillic (the ranges the word lists use).
char32_t Lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x460 && c <= 0x4FF && c % 2 == 0) return c + 1;
  return c;
}

enum class TokenKind { kNeutral, kLatin, kCyrillic, kKazakh, kOther };

TokenKind ClassifyToken(std::string_view token) {
  if (token.find("://") != std::string_view::npos || token.rfind("www.", 0) == 0 ||
      (token.find('@') != std::string_view::npos && token.find('.') != std::string_view::npos))
    return TokenKind::kNeutral;
  int latin = 0, upper = 0, cyr = 0, kk = 0, other = 0, letters = 0;
  std::string lower;
  for (size_t i = 0; i < token.size();) {
    const char32_t c = NextCodePoint(token, i);
    AppendUtf8(lower, Lower(c));
    if (IsLatinLetter(c)) {
      ++latin;
      ++letters;
      if (c >= 'A' && c <= 'Z') ++upper;
    } else if (IsCyrillic(c)) {
      ++cyr;
      ++letters;
      if (IsKazakhLetter(c)) ++kk;
    } else if (IsOtherLetter(c)) {
      ++other;
      ++letters;
    }
  }
  // Numbers, amounts, symbols (1,5%, 0.005, ₸, ©) read the same everywhere.
  if (letters == 0) return TokenKind::kNeutral;
  if (other > latin + cyr) return TokenKind::kOther;
  if (cyr >= latin) {
    if (kk > 0) return TokenKind::kKazakh;
    for (std::string_view w : kKazakhWords)
      if (lower == w) return TokenKind::kKazakh;
    return TokenKind::kCyrillic;
  }
  // Tickers and acronyms (BTC, FPPS, TLS) and units (TH/s, kWh).
  if (latin >= 2 && latin <= 6 && upper == latin && cyr == 0) return TokenKind::kNeutral;
  for (std::string_view u : kUnits)
    if (lower == u) return TokenKind::kNeutral;
  return TokenKind::kLatin;
}

bool IsSeparator(char32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x2009 || c == 0x202F)
    return true;
  return false;
}

// Punctuation trimmed from the ends of a token.
bool IsEdgePunct(char32_t c) {
  if (c < 0x80)
    return std::string_view(".,;:!?()[]{}\"'`*-_|<>").find(static_cast<char>(c)) !=
           std::string_view::npos;
  return c == 0xAB || c == 0xBB || (c >= 0x2010 && c <= 0x2027) || c == 0x2039 || c == 0x203A;
}

std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    size_t j = i;
    char32_t c = NextCodePoint(text, j);
    if (IsSeparator(c)) {
      i = j;
      continue;
    }
    size_t end = i;
    while (i < text.size()) {
      size_t k = i;
      c = NextCodePoint(text, k);
      if (IsSeparator(c)) break;
      i = k;
      end = i;
    }
    std::string_view tok = text.substr(start, end - start);
    // Trim punctuation at both ends (code-point aware).
    while (!tok.empty()) {
      size_t k = 0;
      if (!IsEdgePunct(NextCodePoint(tok, k))) break;
      tok.remove_prefix(k);
    }
    while (!tok.empty()) {
      const size_t back = Utf8Prefix(tok, tok.size() - 1).size();  // the last character
      size_t k = back;
      if (!IsEdgePunct(NextCodePoint(tok, k))) break;
      tok.remove_suffix(tok.size() - back);
    }
    if (!tok.empty()) out.push_back(tok);
  }
  return out;
}

Lang FromCld2(std::string_view text, bool* reliable) {
  int valid = 0;
  const CLD2::Language l = CLD2::DetectLanguageCheckUTF8(text.data(), static_cast<int>(text.size()),
                                                         /*is_plain_text=*/true, reliable, &valid);
  const std::string_view code = CLD2::LanguageCode(l);
  if (code == "kk") return Lang::kKk;
  if (code == "ru") return Lang::kRu;
  if (code == "en") return Lang::kEn;
  return Lang::kUnknown;
}

}  // namespace

const char* ToString(Lang lang) {
  switch (lang) {
    case Lang::kKk:
      return "kk";
    case Lang::kRu:
      return "ru";
    case Lang::kEn:
      return "en";
    case Lang::kNeutral:
      return "neutral";
    case Lang::kUnknown:
      return "unknown";
  }
  return "unknown";
}

SegmentLanguage IdentifySegment(std::string_view text) {
  int latin = 0, cyr = 0, kk = 0, other = 0, neutral = 0;
  for (std::string_view tok : Tokens(text)) {
    switch (ClassifyToken(tok)) {
      case TokenKind::kNeutral:
        ++neutral;
        break;
      case TokenKind::kLatin:
        ++latin;
        break;
      case TokenKind::kCyrillic:
        ++cyr;
        break;
      case TokenKind::kKazakh:
        ++cyr;
        ++kk;
        break;
      case TokenKind::kOther:
        ++other;
        break;
    }
  }
  SegmentLanguage r;
  r.neutral_words = neutral;
  r.words = latin + cyr + other;
  if (r.words == 0) {
    r.lang = Lang::kNeutral;
    return r;
  }
  if (r.words >= kMinWordsForCld2) {
    bool reliable = false;
    const Lang l = FromCld2(text, &reliable);
    // CLD2 is trusted on sentences, except that a Russian verdict on text
    // full of Kazakh-only letters is a Kazakh sentence with Russian loans.
    if (reliable && l == Lang::kRu && kk * 5 >= cyr) {
      r.lang = Lang::kKk;
      return r;
    }
    if (reliable && l != Lang::kUnknown) {
      r.lang = l;
      return r;
    }
  }
  if (other > latin + cyr)
    r.lang = Lang::kUnknown;
  else if (cyr > 0 && cyr >= latin)
    r.lang = kk > 0 ? Lang::kKk : Lang::kRu;
  else
    r.lang = Lang::kEn;
  return r;
}

}  // namespace pooltest
