#include "probes/http/language_links.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>

#include <curl/curl.h>

namespace pooltest {
namespace {

constexpr std::array<const char*, 3> kUiLangs = {"kk", "ru", "en"};
// Form fields that carry the language a set-language form asks for.
constexpr std::array<const char*, 4> kLanguageFields = {"language", "lang", "locale",
                                                        "django_language"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string QueryOf(const std::string& href) {
  const size_t q = href.find('?');
  if (q == std::string::npos) return {};
  return href.substr(q + 1, href.find('#', q) - q - 1);
}

// The language the URL itself names: a query parameter or a path prefix.
std::string UrlLang(const std::string& href, const std::string& resolved_path) {
  const std::string query = QueryOf(href);
  for (const char* key : {"lang=", "language=", "locale=", "hl="}) {
    const size_t k = query.find(key);
    if (k != std::string::npos && (k == 0 || query[k - 1] == '&')) {
      const size_t v = k + std::strlen(key);
      if (std::string l = UiLangOf(query.substr(v, query.find('&', v) - v)); !l.empty()) return l;
    }
  }
  return SplitLangPrefix(resolved_path).first;
}

// "/lang/kk", "/i18n/ru/": the last path segment names the language.
std::string LastSegmentLang(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  const std::string last = path.substr(path.rfind('/') + 1);
  return last.size() == 2 ? UiLangOf(last) : "";
}

bool IsLanguageField(const std::string& name) {
  const std::string n = Lower(name);
  return std::find(kLanguageFields.begin(), kLanguageFields.end(), n) != kLanguageFields.end();
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    char* n = curl_easy_escape(nullptr, name.c_str(), static_cast<int>(name.size()));
    char* v = curl_easy_escape(nullptr, value.c_str(), static_cast<int>(value.size()));
    if (n && v) out += (out.empty() ? "" : "&") + std::string(n) + "=" + v;
    curl_free(n);
    curl_free(v);
  }
  return out;
}

// The form submitted asking for `lang`, or null when it offers no such choice.
nlohmann::json FormFor(const HtmlForm& form, const std::string& page_url, const std::string& lang) {
  std::vector<std::pair<std::string, std::string>> fields;
  bool offers = false;
  for (const auto& [name, value] : form.fields) {
    if (IsLanguageField(name)) {
      if (UiLangOf(value) != lang) return nullptr;  // a form for another language
      offers = true;
    }
    fields.emplace_back(name, value);
  }
  for (const auto& [name, values] : form.choices) {
    if (!IsLanguageField(name)) {
      if (!values.empty()) fields.emplace_back(name, values.front());
      continue;
    }
    for (const std::string& v : values) {
      if (UiLangOf(v) == lang) {
        fields.emplace_back(name, v);
        offers = true;
        break;
      }
    }
  }
  if (!offers) return nullptr;
  const std::string url = ResolveUrl(page_url, form.action.empty() ? page_url : form.action);
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) return nullptr;
  const std::string body = FormEncode(fields);
  const bool post = form.method == "post";
  return {{"lang", lang},
          {"kind", "form"},
          {"method", post ? "POST" : "GET"},
          {"action", form.action},
          {"url", post ? url : url.substr(0, url.find_first_of("?#")) + "?" + body},
          {"body", post ? body : ""}};
}

}  // namespace

std::string UiLangOf(const std::string& tag) {
  const std::string t = Lower(tag.substr(0, tag.find_first_of("-_")));
  for (const char* l : kUiLangs)
    if (t == l) return t;
  return {};
}

std::string PathOf(const std::string& url) {
  std::string rest = url;
  const size_t scheme = rest.find("://");
  if (scheme != std::string::npos) {
    const size_t slash = rest.find('/', scheme + 3);
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  return rest.substr(0, rest.find_first_of("?#"));
}

std::string ResolvePath(const std::string& href, const std::string& base_path) {
  if (href.empty() || href[0] == '?' || href[0] == '#') return base_path;
  if (href.find("://") != std::string::npos) return PathOf(href);
  if (href.rfind("//", 0) == 0) return PathOf("http:" + href);
  if (href[0] == '/') return PathOf(href);
  return base_path.substr(0, base_path.rfind('/') + 1) + PathOf(href);
}

std::pair<std::string, std::string> SplitLangPrefix(const std::string& path) {
  for (const char* l : kUiLangs) {
    const std::string p = std::string("/") + l;
    if (path == p || path == p + "/") return {l, "/"};
    if (path.rfind(p + "/", 0) == 0) return {l, path.substr(p.size())};
  }
  return {"", path.empty() ? "/" : path};
}

std::string LinkLang(const HtmlAnchor& a, const std::string& resolved_path) {
  if (std::string l = UiLangOf(a.hreflang); !l.empty()) return l;
  if (std::string l = UiLangOf(a.lang); !l.empty()) return l;
  if (std::string l = UrlLang(a.href, resolved_path); !l.empty()) return l;
  return LastSegmentLang(resolved_path);
}

nlohmann::json LanguageLinks(const HtmlFacts& facts, const std::string& page_url,
                             const std::string& lang, const std::set<std::string>& reached) {
  const std::string page_path = PathOf(page_url);
  std::set<std::string> linked, formed;
  nlohmann::json out = nlohmann::json::array();
  for (const HtmlAnchor& a : facts.anchors) {
    const std::string path = ResolvePath(a.href, page_path);
    const std::string l = LinkLang(a, path);
    if (l.empty() || l == lang || reached.count(l) || linked.count(l)) continue;
    const std::string url = ResolveUrl(page_url, a.href);
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) continue;
    linked.insert(l);
    out.push_back({{"lang", l},
                   {"kind", "link"},
                   {"method", "GET"},
                   {"href", a.href},
                   {"url", url.substr(0, url.find('#'))}});
  }
  for (const HtmlForm& form : facts.forms) {
    for (const char* l : kUiLangs) {
      if (l == lang || reached.count(l) || formed.count(l)) continue;
      nlohmann::json f = FormFor(form, page_url, l);
      if (f.is_null()) continue;
      formed.insert(l);
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::string ResolveUrl(const std::string& base, const std::string& href) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return {};
  if (curl_url_set(u.get(), CURLUPART_URL, href.c_str(), 0) != CURLUE_OK) return {};
  char* s = nullptr;
  if (curl_url_get(u.get(), CURLUPART_URL, &s, 0) != CURLUE_OK || !s) return {};
  std::string out(s);
  curl_free(s);
  return out;
}

}  // namespace pooltest
