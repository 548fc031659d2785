// The content of the reference pool's UI pages (internal to refpool/web):
// each page's path, title and blocks of text in Kazakh, Russian and English,
// in document order. Data only; ui_pages.cc renders it (and breaks it as
// UiBehaviour says).
#pragma once

#include <vector>

namespace pooltest::ui_pages {

// One piece of text in the three languages. Neutral strings (fees, tickers)
// repeat the same value.
struct Text {
  const char* kk;
  const char* ru;
  const char* en;
};

// Blocks of a page in document order; the renderer opens and closes lists,
// tables and the form around runs of the same kind.
enum class Kind { kH1, kH2, kP, kLi, kTh, kTd, kRow, kImg, kPlaceholder, kButton };

struct Block {
  Kind kind;
  Text text;
};

struct Page {
  const char* path;  // after the language prefix: "", "pricing", "help"
  Text title;
  std::vector<Block> blocks;
};

// The home, pricing, help and status pages, in that order.
std::vector<Page> BuildPages();

}  // namespace pooltest::ui_pages
