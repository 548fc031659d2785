// Measures an HTML document before it is parsed, in one linear pass that
// allocates little: how many elements it opens, how deeply they nest and how
// many attributes they carry. The HTML parser's cost grows with all three
// (faster than linearly with nested formatting elements, and with the
// square of one element's attributes: gumbo compares each with every
// earlier one of its element), so a page over the limits is not parsed at
// all; the page probe reports it as too large to check, which makes R4.6
// inconclusive for that page, never pass.
//
// The nesting measured is an estimate from the tags as written: end tags
// close the nearest open element of their name, void and self-closing
// elements open nothing, raw-text elements (script, style, ...) are
// skipped, and an element whose end tag HTML lets one omit (p, li, td, ...)
// closes an open one of its name. Real parsers close more implicitly, so
// the estimate errs high, never low, on pages written by people.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pooltest {

struct HtmlLimits {
  size_t max_elements = 50000;
  size_t max_depth = 350;  // below html_text's tree depth, leaving room for implied elements
  size_t max_element_attributes = 500;  // on one element
  size_t max_attributes = 200000;       // on the whole page
};

struct HtmlShape {
  size_t elements = 0;                // start tags seen (up to the first limit passed)
  size_t max_depth = 0;               // deepest nesting seen
  size_t attributes = 0;              // attributes seen (as written: a name after white space)
  size_t max_element_attributes = 0;  // most on one element
  // Empty when within the limits; otherwise which limit was passed, as a
  // phrase: "more than 50000 elements".
  std::string over;
};

HtmlShape MeasureHtml(std::string_view html, const HtmlLimits& limits = {});

}  // namespace pooltest
