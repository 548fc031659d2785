#include "probes/http/html_bounds.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace pooltest {
namespace {

constexpr std::array<std::string_view, 14> kVoid = {"area",   "base",  "br",    "col",  "embed",
                                                    "hr",     "img",   "input", "link", "meta",
                                                    "source", "track", "wbr",   "param"};
constexpr std::array<std::string_view, 8> kRawText = {"script", "style",  "textarea", "title",
                                                      "xmp",    "iframe", "noembed",  "noframes"};
constexpr std::array<std::string_view, 16> kOptionalEnd = {
    "p",  "li",    "dt",    "dd",    "option",   "optgroup", "tr", "td",
    "th", "thead", "tbody", "tfoot", "colgroup", "rb",       "rt", "rp"};

// How far down the open elements an end tag or an implied close looks; keeps
// the pass linear on a page of unmatched end tags.
constexpr size_t kMatchWindow = 64;

template <size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view name) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

bool NameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
}

class Scanner {
 public:
  Scanner(std::string_view html, const HtmlLimits& limits) : s_(html), limits_(limits) {}

  HtmlShape Run() {
    while (shape_.over.empty()) {
      const size_t lt = s_.find('<', at_);
      if (lt == std::string_view::npos) break;
      at_ = lt + 1;
      if (at_ >= s_.size()) break;
      const char c = s_[at_];
      if (s_.compare(at_, 3, "!--") == 0) {
        Skip("-->", at_ + 3);
      } else if (c == '!' || c == '?') {
        Skip(">", at_);
      } else if (c == '/') {
        EndTag();
      } else if (std::isalpha(static_cast<unsigned char>(c))) {
        StartTag();
      }
    }
    return shape_;
  }

 private:
  void Skip(std::string_view until, size_t from) {
    const size_t end = s_.find(until, from);
    at_ = end == std::string_view::npos ? s_.size() : end + until.size();
  }

  std::string Name() {
    std::string name;
    while (at_ < s_.size() && NameChar(s_[at_]) && name.size() < 32)
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(s_[at_++])));
    while (at_ < s_.size() && NameChar(s_[at_])) ++at_;
    return name;
  }

  // Moves past the tag's '>' (quoted attribute values may hold one);
  // returns whether it ended with "/>". Counts into *attributes every name
  // that starts after white space outside quotes (a value written after
  // "= " counts too: the count errs high, never low).
  bool TagEnd(size_t* attributes) {
    char quote = 0;
    bool slash = false;
    bool after_space = false;
    for (; at_ < s_.size(); ++at_) {
      const char c = s_[at_];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        ++at_;
        return slash;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        after_space = true;
      } else {
        if (after_space && c != '/' && c != '=') ++*attributes;
        after_space = c == '/';
        slash = c == '/';
        continue;
      }
      slash = false;
    }
    return false;
  }

  // Closes the nearest open element named `name` and everything above it.
  void CloseNearest(std::string_view name) {
    const size_t lowest = open_.size() > kMatchWindow ? open_.size() - kMatchWindow : 0;
    for (size_t i = open_.size(); i > lowest; --i) {
      if (open_[i - 1] == name) {
        open_.resize(i - 1);
        return;
      }
    }
  }

  void EndTag() {
    ++at_;
    const std::string name = Name();
    size_t ignored = 0;
    TagEnd(&ignored);
    if (!name.empty()) CloseNearest(name);
  }

  void StartTag() {
    std::string name = Name();
    size_t attributes = 0;
    const bool self_closing = TagEnd(&attributes);
    shape_.attributes += attributes;
    shape_.max_element_attributes = std::max(shape_.max_element_attributes, attributes);
    if (++shape_.elements > limits_.max_elements) {
      shape_.over = "more than " + std::to_string(limits_.max_elements) + " elements";
      return;
    }
    if (attributes > limits_.max_element_attributes) {
      shape_.over = "an element with more than " + std::to_string(limits_.max_element_attributes) +
                    " attributes";
      return;
    }
    if (shape_.attributes > limits_.max_attributes) {
      shape_.over = "more than " + std::to_string(limits_.max_attributes) + " attributes";
      return;
    }
    if (In(kRawText, name)) {
      // Its content is text up to its own end tag, whatever it looks like.
      const std::string end = "</" + name;
      size_t i = at_;
      while (true) {
        i = s_.find("</", i);
        if (i == std::string_view::npos) break;
        std::string_view tag = s_.substr(i, end.size());
        if (std::equal(tag.begin(), tag.end(), end.begin(), end.end(), [](char a, char b) {
              return std::tolower(static_cast<unsigned char>(a)) == b;
            }))
          break;
        i += 2;
      }
      at_ = i == std::string_view::npos ? s_.size() : i;
      return;
    }
    if (self_closing || In(kVoid, name)) return;
    if (In(kOptionalEnd, name)) CloseNearest(name);
    open_.push_back(std::move(name));
    shape_.max_depth = std::max(shape_.max_depth, open_.size());
    if (open_.size() > limits_.max_depth)
      shape_.over = "elements nested more than " + std::to_string(limits_.max_depth) + " deep";
  }

  std::string_view s_;
  const HtmlLimits& limits_;
  size_t at_ = 0;
  HtmlShape shape_;
  std::vector<std::string> open_;
};

}  // namespace

HtmlShape MeasureHtml(std::string_view html, const HtmlLimits& limits) {
  return Scanner(html, limits).Run();
}

}  // namespace pooltest
