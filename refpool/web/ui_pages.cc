#include "refpool/web/ui_pages.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/markup_escape.h"
#include "refpool/web/ui_page_content.h"

namespace pooltest {
namespace {

using ui_pages::Block;
using ui_pages::BuildPages;
using ui_pages::Kind;
using ui_pages::Page;
using ui_pages::Text;

constexpr std::array<const char*, 3> kLangs = {"kk", "ru", "en"};

const Text kNavHome = {"Басты бет", "Главная", "Home"};
const Text kNavPricing = {"Тарифтер", "Тарифы", "Pricing"};
const Text kNavHelp = {"Анықтама", "Помощь", "Help"};
const Text kStatusLink = {"Серверлер күйі", "Состояние серверов", "Server status"};
const Text kFooter = {"© 2025 «Дала Пул» ЖШС. Барлық құқықтар қорғалған.",
                      "© 2025 ТОО «Дала Пул». Все права защищены.",
                      "© 2025 Dala Pool LLP. All rights reserved."};

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

const char* Pick(const Text& t, std::string_view lang) {
  if (lang == "kk") return t.kk;
  if (lang == "en") return t.en;
  return t.ru;
}

const char* LanguageName(std::string_view lang) {
  if (lang == "kk") return "Қазақша";
  if (lang == "en") return "English";
  return "Русский";
}

const char* ShortLanguageName(std::string_view lang) {
  if (lang == "kk") return "Қаз";
  if (lang == "en") return "Eng";
  return "Рус";
}

// Chooses each text segment's language as the behaviour dictates, counting
// segments in document order so "half translated" is every other one.
class Translator {
 public:
  Translator(const UiBehaviour& b, std::string_view lang)
      : lang_(lang),
        half_(Contains(b.half_translated, lang)),
        russian_body_(Contains(b.russian_as, lang)) {}

  std::string Translate(const Text& t, bool is_heading = false) {
    const int index = index_++;
    std::string_view use = lang_;
    if (russian_body_ && !is_heading) use = "ru";
    if (half_ && index % 2 == 1) use = "ru";
    return Pick(t, use);
  }

 private:
  std::string_view lang_;
  bool half_;
  bool russian_body_;
  int index_ = 0;
};

std::string PagePath(std::string_view lang, std::string_view page) {
  std::string p = "/";
  p += lang;
  p += "/";
  p += page;
  return p;
}

// The language switcher, as UiBehaviour::language_switch builds it. The
// state-setting kinds carry no hreflang: only following them tells.
std::string Switcher(const UiBehaviour& b, const Page& page, std::string_view lang,
                     const std::vector<std::string>& others) {
  const std::string here = std::string("/") + page.path;
  const std::string& kind = b.language_switch;
  if (kind == "django_form") {
    std::string f = "<form action=\"/i18n/setlang/\" method=\"post\">";
    f += "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"";
    f += kUiCsrfToken;
    f += "\"><input name=\"next\" type=\"hidden\" value=\"" + EscapeMarkup(here) +
         "\"><select name=\"language\">";
    for (const char* l : kLangs) {
      if (lang != l && !Contains(others, l)) continue;
      f += std::string("<option value=\"") + l + "\"" + (lang == l ? " selected" : "") + ">" + l +
           "</option>";
    }
    return f + "</select><button type=\"submit\">&#8644;</button></form>";
  }
  if (kind == "js_cookie") {
    // A <select> that only script makes work: the cookie set, the page
    // loaded again (or, for a hostile pool, sent to another origin).
    std::string act = b.switch_redirect_to.empty()
                          ? "document.cookie='lang='+this.value+'; path=/';location.reload();"
                          : "location.href=" + nlohmann::json(b.switch_redirect_to).dump() +
                                "+location.pathname;";
    std::string f = "<select id=\"lang-select\" onchange=\"" + EscapeMarkup(act) + "\">";
    for (const char* l : kLangs) {
      if (lang != l && !Contains(others, l)) continue;
      f += std::string("<option value=\"") + l + "\"" + (lang == l ? " selected" : "") + ">" +
           LanguageName(l) + "</option>";
    }
    return f + "</select>";
  }
  if (kind == "js_inplace") {
    // Spans whose click handler rewrites the page in place (RenderPage
    // ships every language's text), labelled with short names.
    std::string f;
    for (const std::string& l : others)
      f += "<span class=\"lang\" role=\"button\" tabindex=\"0\" onclick=\"poolSetLang('" + l +
           "')\">" + ShortLanguageName(l) + "</span> ";
    return f;
  }
  std::string ul = "<ul>";
  for (const std::string& l : others) {
    std::string href;
    if (kind == "set_language")
      href = "/lang/" + l + "?next=" + here;
    else if (kind == "cookie")
      href = "/switch-language?lang=" + l;
    else
      href = PagePath(l, page.path);
    ul += "<li><a href=\"" + EscapeMarkup(href) + "\"";
    if (kind.empty()) ul += " hreflang=\"" + l + "\" lang=\"" + l + "\"";
    ul += ">" + std::string(LanguageName(l)) + "</a></li>";
  }
  return ul + "</ul>";
}

std::string Body(const UiBehaviour& b, const Page& page, std::string_view lang, Translator& tr);

std::string RenderPage(const UiBehaviour& b, const Page& page, std::string_view lang) {
  Translator tr(b, lang);
  const bool spa = b.spa_only;

  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"";
  h += Contains(b.wrong_html_lang, lang) ? "ru" : std::string(lang);
  h += "\">\n<head>\n<meta charset=\"";
  h += Contains(b.legacy_charset, lang) ? "windows-1251" : "utf-8";
  h += "\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + EscapeMarkup(tr.Translate(page.title)) + "</title>\n";
  for (const char* l : kLangs) {
    if (lang != l && Contains(b.switcher_drops, l)) continue;
    h += "<link rel=\"alternate\" hreflang=\"";
    h += l;
    // A hostile pool's alternate pointing at another host (nothing listens there).
    h += std::string("\" href=\"") +
         (Contains(b.foreign_hreflang, l) ? "http://127.0.0.99:8080" : "") +
         PagePath(l, page.path) + "\">\n";
  }
  h += "<style>body{font-family:sans-serif;max-width:50em;margin:auto}"
       "nav ul{list-style:none;display:flex;gap:1em;padding:0}</style>\n";
  h += "</head>\n<body>\n";
  const std::string body = Body(b, page, lang, tr);
  if (b.language_switch == "js_inplace") {
    // Every language's page in the script, swapped in by the switcher's
    // handler with the title and <html lang>, as Vue or React i18n do.
    nlohmann::json ui = nlohmann::json::object(), titles = nlohmann::json::object();
    for (const char* l : kLangs) {
      Translator other(b, l);
      titles[l] = other.Translate(page.title);
      ui[l] = l == lang ? body : Body(b, page, l, other);
    }
    std::string data = ui.dump() + ";var poolTitles=" + titles.dump();
    for (size_t pos = 0; (pos = data.find("</", pos)) != std::string::npos; pos += 3)
      data.replace(pos, 2, "<\\/");
    h += "<div id=\"app\">" + body + "</div>\n<script>\nvar poolUi=" + data +
         ";\nfunction poolSetLang(l){document.getElementById('app').innerHTML=poolUi[l];"
         "document.documentElement.lang=l;document.title=poolTitles[l];"
         "try{localStorage.setItem('lang',l);}catch(e){}}\n</script>\n";
  } else if (!spa) {
    h += body;
  } else {
    // A client-rendered shell: the whole UI (navigation, switcher, content)
    // is built by the script, so without running it there is no text.
    std::string data = nlohmann::json(body).dump();
    for (size_t pos = 0; (pos = data.find("</", pos)) != std::string::npos; pos += 3)
      data.replace(pos, 2, "<\\/");
    h += "<div id=\"app\"></div>\n<script>\n(function(){var ui=" + data +
         ";document.getElementById('app').innerHTML=ui;})();\n</script>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

// The page's body in `lang`, every text through `tr` (which translated
// the title already).
std::string Body(const UiBehaviour& b, const Page& page, std::string_view lang, Translator& tr) {
  std::vector<std::string> others;
  for (const char* l : kLangs)
    if (lang != l && !Contains(b.switcher_drops, l)) others.push_back(l);
  // Everything translatable goes through `text`; in SPA mode the finished
  // body is shipped inside the script instead of as markup.
  std::string body;
  auto text = [&](const Text& t, bool heading = false) {
    std::string s = tr.Translate(t, heading);
    return EscapeMarkup(s);
  };

  body += "<header>\n<nav class=\"site-nav\"><ul>";
  const std::array<std::pair<const char*, const Text*>, 3> nav = {
      {{"", &kNavHome}, {"pricing", &kNavPricing}, {"help", &kNavHelp}}};
  for (const auto& [path, label] : nav) {
    body += "<li><a href=\"" + PagePath(lang, path) + "\">" + text(*label) + "</a></li>";
  }
  body += "</ul></nav>\n<nav class=\"lang-switcher\">" + Switcher(b, page, lang, others) +
          "</nav>\n</header>\n<main>\n";

  bool in_list = false, in_table = false;
  for (const Block& blk : page.blocks) {
    const bool list_kind = blk.kind == Kind::kLi;
    const bool table_kind =
        blk.kind == Kind::kTh || blk.kind == Kind::kTd || blk.kind == Kind::kRow;
    if (in_list && !list_kind) {
      body += "</ol>\n";
      in_list = false;
    }
    if (in_table && !table_kind) {
      body += "</tr></table>\n";
      in_table = false;
    }
    if (list_kind && !in_list) {
      body += "<ol>\n";
      in_list = true;
    }
    if (table_kind && !in_table) {
      body += "<table>\n<tr>";
      in_table = true;
    }
    switch (blk.kind) {
      case Kind::kH1:
        body += "<h1>" + text(blk.text, true) + "</h1>\n";
        break;
      case Kind::kH2:
        body += "<h2>" + text(blk.text) + "</h2>\n";
        break;
      case Kind::kP:
        body += "<p>" + text(blk.text) + "</p>\n";
        break;
      case Kind::kLi:
        body += "<li>" + text(blk.text) + "</li>\n";
        break;
      case Kind::kTh:
        body += "<th>" + text(blk.text) + "</th>";
        break;
      case Kind::kTd:
        body += "<td>" + text(blk.text) + "</td>";
        break;
      case Kind::kRow:
        body += "</tr>\n<tr>";
        break;
      case Kind::kImg:
        body += "<p><img src=\"/static/datacentre.jpg\" width=\"480\" height=\"270\" alt=\"" +
                text(blk.text) + "\"></p>\n";
        break;
      case Kind::kPlaceholder:
        body +=
            "<form action=\"/api/support/tickets\" method=\"post\">\n<textarea "
            "name=\"message\" placeholder=\"" +
            text(blk.text) + "\"></textarea>\n";
        break;
      case Kind::kButton:
        body += "<button type=\"submit\">" + text(blk.text) + "</button>\n</form>\n";
        break;
    }
  }
  if (in_list) body += "</ol>\n";
  if (in_table) body += "</tr></table>\n";
  body += "</main>\n<footer><p><a href=\"" + PagePath(lang, "status") + "\">" + text(kStatusLink) +
          "</a></p><p>" + text(kFooter) + "</p></footer>\n";
  return body;
}

UiPageResponse NotFound() {
  UiPageResponse r;
  r.status = 404;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>404 Not "
      "Found</title></head><body><h1>404 Not Found</h1></body></html>\n";
  return r;
}

UiPageResponse Redirect(std::string location) {
  UiPageResponse r;
  r.status = 302;
  r.content_type = "text/html; charset=utf-8";
  r.location = std::move(location);
  r.body = "<!DOCTYPE html>\n<html><head><title>Found</title></head><body><a href=\"" +
           EscapeMarkup(r.location) + "\">" + EscapeMarkup(r.location) + "</a></body></html>\n";
  return r;
}

// Encodes UTF-8 text in windows-1251 (what older Russian sites still serve);
// characters it lacks are transliterated by iconv. Empty on failure.
std::string ToWindows1251(const std::string& utf8) {
  iconv_t cd = iconv_open("WINDOWS-1251//TRANSLIT", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return {};
  out.resize(out.size() - out_left);
  return out;
}

UiPageResponse PageIn(const UiBehaviour& behaviour, std::string_view lang, std::string_view rest) {
  if (Contains(behaviour.missing_languages, lang)) return NotFound();
  if (Contains(behaviour.missing_pages, PagePath(lang, rest))) return NotFound();
  for (const Page& page : BuildPages()) {
    if (rest != page.path) continue;
    UiPageResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = RenderPage(behaviour, page, lang);
    if (Contains(behaviour.legacy_charset, lang)) {
      std::string legacy = ToWindows1251(r.body);
      if (!legacy.empty()) {
        r.body = std::move(legacy);
        r.content_type = "text/html; charset=windows-1251";
      }
    }
    return r;
  }
  return NotFound();
}

}  // namespace

std::string UiLanguageOf(std::string_view tag) {
  std::string t(tag.substr(0, tag.find_first_of("-_;")));
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(0, 1);
  for (const char* l : kLangs)
    if (t == l) return t;
  return {};
}

UiPageResponse RenderUiPage(const UiBehaviour& behaviour, std::string_view path) {
  if (path == "/") return Redirect("/kk/");
  // Unprefixed page paths lead to the Kazakh page, as "/" does.
  if (IsUiPagePath(path)) return Redirect(PagePath("kk", path.substr(1)));
  for (const char* lang : kLangs) {
    const std::string prefix = std::string("/") + lang;
    if (path == prefix) return Redirect(prefix + "/");
    if (path.substr(0, prefix.size() + 1) != prefix + "/") continue;
    return PageIn(behaviour, lang, path.substr(prefix.size() + 1));
  }
  return NotFound();
}

bool IsUiPagePath(std::string_view path) {
  for (const Page& page : BuildPages())
    if (*page.path && path.size() == std::strlen(page.path) + 1 && path[0] == '/' &&
        path.substr(1) == page.path)
      return true;
  return false;
}

UiPageResponse RenderUiPageIn(const UiBehaviour& behaviour, std::string_view lang,
                              std::string_view path) {
  if (UiLanguageOf(lang).empty() || path.empty() || path[0] != '/') return NotFound();
  return PageIn(behaviour, UiLanguageOf(lang), path.substr(1));
}

}  // namespace pooltest
