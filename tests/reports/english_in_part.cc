#include "tests/reports/english_in_part.h"

#include <gumbo.h>

#include <cctype>
#include <set>
#include <sstream>

namespace pooltest::testing {
namespace {

bool Quoted(const GumboElement& e) {
  if (e.tag == GUMBO_TAG_CODE || e.tag == GUMBO_TAG_STYLE || e.tag == GUMBO_TAG_SCRIPT) return true;
  const GumboAttribute* cls = gumbo_get_attribute(&e.attributes, "class");
  if (cls == nullptr) return false;
  std::istringstream classes(cls->value);
  for (std::string c; classes >> c;)
    if (c == "q" || c == "mono" || c == "hash") return true;
  return false;
}

void Text(const GumboNode* n, std::string* out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
    *out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT || Quoted(n->v.element)) {
    *out += " | ";  // a quoted piece breaks a run of words
    return;
  }
  for (unsigned i = 0; i < n->v.element.children.length; ++i)
    Text(static_cast<const GumboNode*>(n->v.element.children.data[i]), out);
  *out += ' ';
}

const GumboNode* Part(const GumboNode* n, const std::string& lang) {
  if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
  if (n->v.element.tag == GUMBO_TAG_SECTION) {
    const GumboAttribute* l = gumbo_get_attribute(&n->v.element.attributes, "lang");
    if (l != nullptr && lang == l->value) return n;
  }
  for (unsigned i = 0; i < n->v.element.children.length; ++i) {
    if (const GumboNode* p =
            Part(static_cast<const GumboNode*>(n->v.element.children.data[i]), lang))
      return p;
  }
  return nullptr;
}

}  // namespace

std::string PartText(const std::string& html, const std::string& lang) {
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string out;
  if (const GumboNode* part = Part(doc->root, lang)) Text(part, &out);
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return out;
}

std::vector<std::string> EnglishRuns(const std::string& text) {
  static const std::set<std::string> kFunctionWords = {
      "the",  "of",   "and",   "is",     "are",  "not", "was",  "were", "for",   "with", "no",
      "in",   "by",   "to",    "a",      "an",   "on",  "at",   "from", "this",  "that", "it",
      "its",  "be",   "has",   "have",   "or",   "as",  "but",  "each", "every", "all",  "any",
      "than", "been", "could", "cannot", "does", "did", "only", "so"};
  std::vector<std::string> runs;
  std::vector<std::string> words;  // the current run of Latin words
  auto close = [&] {
    bool english = false;
    for (const std::string& w : words) english = english || kFunctionWords.count(w) > 0;
    if (words.size() >= 3 && english) {
      std::string r;
      for (const std::string& w : words) r += (r.empty() ? "" : " ") + w;
      runs.push_back(r);
    }
    words.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = text[i];
    if (std::isalpha(c)) {
      std::string w;
      while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++])));
      words.push_back(w);
    } else if (c >= 0x80 || std::isdigit(c) || c == '|') {
      close();  // a Cyrillic word, a number or a quoted piece ends the run
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    } else {
      ++i;  // spaces and punctuation keep a run going
    }
  }
  close();
  return runs;
}

}  // namespace pooltest::testing
