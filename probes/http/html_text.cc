#include "probes/http/html_text.h"

#include <strings.h>

#include <cctype>
#include <cstring>
#include <memory>

#include <gumbo.h>

#include "core/utf8.h"

namespace pooltest {
namespace {

// Deeper nesting than this is not a page a person reads; stops recursion
// from exhausting the stack on hostile input (and is reported: what lies
// deeper is not read).
constexpr int kMaxDepth = kHtmlMaxTreeDepth;

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

bool AttrIs(const GumboElement& e, const char* name, const char* value) {
  const char* v = Attr(e, name);
  return v && strcasecmp(v, value) == 0;
}

bool IsSkipped(const GumboElement& e) {
  switch (e.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_BASE:
      return true;
    default:
      break;
  }
  if (Attr(e, "hidden") || AttrIs(e, "aria-hidden", "true")) return true;
  if (e.tag == GUMBO_TAG_INPUT && AttrIs(e, "type", "hidden")) return true;
  return false;
}

// Elements that start and end a segment of text; inline ones (a, span,
// strong, ...) continue the segment around them.
bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// Appends text, collapsing runs of white space (including no-break space)
// into one space.
void AppendCollapsed(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    size_t skip = 0;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      space = true;
      skip = 1;
    }
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      i += skip;
    } else {
      out += static_cast<char>(c);
    }
  }
}

std::string Trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  size_t start = s.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : s.substr(start);
}

std::string Lowered(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Bounded(const char* v) { return std::string(Utf8Prefix(v, kMaxAttributeText)); }

// The text of a node's text children, for an <option> without a value.
std::string OwnText(const GumboElement& e) {
  std::string out;
  for (unsigned i = 0; i < e.children.length && out.size() < kMaxAttributeText; ++i) {
    const GumboNode* n = static_cast<const GumboNode*>(e.children.data[i]);
    if (n->type == GUMBO_NODE_TEXT) AppendCollapsed(out, n->v.text.text);
  }
  return Trimmed(Bounded(out.c_str()));
}

// The values of the <option>s of a <select>, directly or in an <optgroup>.
void OptionValues(const GumboElement& select, std::vector<std::string>& out) {
  for (unsigned i = 0; i < select.children.length; ++i) {
    const GumboNode* n = static_cast<const GumboNode*>(select.children.data[i]);
    if (n->type != GUMBO_NODE_ELEMENT || out.size() >= kMaxHtmlFormFields) continue;
    const GumboElement& c = n->v.element;
    if (c.tag == GUMBO_TAG_OPTGROUP) {
      for (unsigned j = 0; j < c.children.length && out.size() < kMaxHtmlFormFields; ++j) {
        const GumboNode* m = static_cast<const GumboNode*>(c.children.data[j]);
        if (m->type == GUMBO_NODE_ELEMENT && m->v.element.tag == GUMBO_TAG_OPTION) {
          const char* v = Attr(m->v.element, "value");
          out.push_back(v ? Bounded(v) : OwnText(m->v.element));
        }
      }
    } else if (c.tag == GUMBO_TAG_OPTION) {
      const char* v = Attr(c, "value");
      out.push_back(v ? Bounded(v) : OwnText(c));
    }
  }
}

class Walker {
 public:
  explicit Walker(HtmlFacts* facts) : facts_(facts) {}

  void Walk(const GumboNode* node, int depth) {
    if (depth > kMaxDepth) {
      facts_->too_deep = true;
      return;
    }
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        AppendCollapsed(current_, node->v.text.text);
        for (std::string* a : anchor_text_) AppendCollapsed(*a, node->v.text.text);
        return;
      case GUMBO_NODE_ELEMENT:
        Element(node->v.element, depth);
        return;
      case GUMBO_NODE_DOCUMENT:
        Children(node->v.document.children, depth);
        return;
      default:  // comments, templates
        return;
    }
  }

  void Flush() {
    std::string s = Trimmed(std::move(current_));
    current_.clear();
    if (!s.empty()) facts_->segments.push_back(std::move(s));
  }

 private:
  void Children(const GumboVector& children, int depth) {
    for (unsigned i = 0; i < children.length; ++i)
      Walk(static_cast<const GumboNode*>(children.data[i]), depth + 1);
  }

  void AttributeSegment(const GumboElement& e, const char* name) {
    const char* v = Attr(e, name);
    if (!v) return;
    // A few times the bound is read, so collapsed whitespace still leaves
    // kMaxAttributeText bytes of text; a 3 MiB title costs no more.
    std::string collapsed;
    AppendCollapsed(collapsed, Utf8Prefix(v, 4 * kMaxAttributeText));
    const std::string trimmed = Trimmed(std::move(collapsed));
    if (trimmed.empty()) return;
    facts_->attribute_segments.push_back(facts_->segments.size());
    facts_->segments.emplace_back(Utf8Prefix(trimmed, kMaxAttributeText));
  }

  void Element(const GumboElement& e, int depth) {
    if (e.tag == GUMBO_TAG_HTML) {
      if (const char* lang = Attr(e, "lang")) facts_->html_lang = lang;
    }
    if (e.tag == GUMBO_TAG_LINK) {
      const char* rel = Attr(e, "rel");
      const char* hreflang = Attr(e, "hreflang");
      const char* href = Attr(e, "href");
      if (rel && hreflang && href && strcasestr(rel, "alternate"))
        facts_->alternates.push_back({hreflang, href});
      return;
    }
    if (form_) FormField(e);
    if (IsSkipped(e)) return;
    if (e.tag == GUMBO_TAG_FORM && !form_ && facts_->forms.size() < kMaxHtmlForms) {
      HtmlForm form;
      if (const char* v = Attr(e, "action")) form.action = v;
      const char* method = Attr(e, "method");
      form.method = method ? Lowered(method) : "get";
      form_ = &form;
      ElementBody(e, depth);
      form_ = nullptr;
      facts_->forms.push_back(std::move(form));
      return;
    }
    ElementBody(e, depth);
  }

  // A named control of the form being read, as a browser would submit it.
  void FormField(const GumboElement& e) {
    const char* name = Attr(e, "name");
    if (!name || form_->fields.size() + form_->choices.size() >= kMaxHtmlFormFields) return;
    if (e.tag == GUMBO_TAG_SELECT) {
      std::vector<std::string> values;
      OptionValues(e, values);
      form_->choices.emplace_back(Bounded(name), std::move(values));
      return;
    }
    if (e.tag != GUMBO_TAG_INPUT) return;
    const char* v = Attr(e, "value");
    if (AttrIs(e, "type", "radio")) {
      for (auto& [n, values] : form_->choices) {
        if (n == name) {
          if (v) values.push_back(Bounded(v));
          return;
        }
      }
      form_->choices.emplace_back(Bounded(name), std::vector<std::string>{v ? Bounded(v) : "on"});
    } else if (!Attr(e, "type") || AttrIs(e, "type", "hidden") || AttrIs(e, "type", "text")) {
      form_->fields.emplace_back(Bounded(name), v ? Bounded(v) : "");
    }
  }

  void ElementBody(const GumboElement& e, int depth) {
    if (e.tag == GUMBO_TAG_TITLE && facts_->title.empty()) {
      Flush();
      Children(e.children, depth);
      facts_->title = Trimmed(current_);
      Flush();
      return;
    }

    const bool block = IsBlock(e.tag);
    if (block) Flush();
    // Labels a reader sees without them being text nodes.
    if (e.tag == GUMBO_TAG_IMG || e.tag == GUMBO_TAG_AREA ||
        (e.tag == GUMBO_TAG_INPUT && AttrIs(e, "type", "image")))
      AttributeSegment(e, "alt");
    if (e.tag == GUMBO_TAG_INPUT || e.tag == GUMBO_TAG_TEXTAREA) AttributeSegment(e, "placeholder");
    if (e.tag == GUMBO_TAG_INPUT &&
        (AttrIs(e, "type", "submit") || AttrIs(e, "type", "button") || AttrIs(e, "type", "reset")))
      AttributeSegment(e, "value");
    AttributeSegment(e, "title");
    AttributeSegment(e, "aria-label");

    std::unique_ptr<HtmlAnchor> anchor;
    if (e.tag == GUMBO_TAG_A && Attr(e, "href")) {
      anchor = std::make_unique<HtmlAnchor>();
      anchor->href = Attr(e, "href");
      if (const char* v = Attr(e, "hreflang")) anchor->hreflang = v;
      if (const char* v = Attr(e, "lang")) anchor->lang = v;
      anchor_text_.push_back(&anchor->text);
    }
    Children(e.children, depth);
    if (anchor) {
      anchor_text_.pop_back();
      anchor->text = Trimmed(anchor->text);
      facts_->anchors.push_back(std::move(*anchor));
    }
    if (block) Flush();
  }

  HtmlFacts* facts_;
  HtmlForm* form_ = nullptr;  // the <form> being read
  std::string current_;
  std::vector<std::string*> anchor_text_;  // open <a> elements collecting their text
};

}  // namespace

HtmlFacts ExtractHtmlText(std::string_view html) {
  HtmlFacts facts;
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (!out) return facts;
  Walker w(&facts);
  w.Walk(out->document, 0);
  w.Flush();
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return facts;
}

}  // namespace pooltest
