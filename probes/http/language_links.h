// How a page's links and forms name languages: the UI language of a tag,
// the /kk, /ru, /en path prefix, and the language links and forms that
// switch the language by setting state (a set-language endpoint, a cookie
// link, a Django set_language form) rather than by linking the same page's
// other variant. Pure functions of the parsed page; no I/O.
#pragma once

#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "probes/http/html_text.h"

namespace pooltest {

// "kk-KZ" -> "kk"; empty when not kk, ru or en.
std::string UiLangOf(const std::string& tag);

// The path of a URL or href, without query and fragment.
std::string PathOf(const std::string& url);

// Resolves an href's path against the page's path (enough for same-page
// comparison: no dot-segment handling).
std::string ResolvePath(const std::string& href, const std::string& base_path);

// Splits "/kk/help" into ("kk", "/help"); ("", path) without a prefix.
std::pair<std::string, std::string> SplitLangPrefix(const std::string& path);

// The language a link points to: its hreflang or lang attribute, a lang=,
// language=, locale= or hl= query parameter, a /xx/ path prefix or a last
// path segment naming one ("/lang/kk", "/i18n/ru/"). "" when none.
std::string LinkLang(const HtmlAnchor& a, const std::string& resolved_path);

// The links and forms that may switch `page_url` (in `lang`) to another
// language not in `reached` (the languages a link to the same page's
// variant already reaches): per language, the first such link (a language
// link to another path, or to this path carrying only hreflang/lang) and
// the first form with a language, lang or locale field offering it, as
// {lang, kind: "link"|"form", method, url (absolute), href|action as
// written, body (a POST's fields, form-urlencoded)}. At most one of each
// per language; forms whose action is not http(s) are left out.
nlohmann::json LanguageLinks(const HtmlFacts& facts, const std::string& page_url,
                             const std::string& lang, const std::set<std::string>& reached);

// Resolves `href` against `base` (an absolute URL) with libcurl's URL
// parser; "" when it cannot.
std::string ResolveUrl(const std::string& base, const std::string& href);

}  // namespace pooltest
