// The reference pool's web UI pages: a home page, a pricing table and a help
// page written in Kazakh, Russian and English, and the ways UiBehaviour breaks
// them on purpose (missing language, half-translated, Russian text under a
// Kazakh heading, wrong <html lang>, switcher without a language, text that
// only appears after JavaScript runs). Pure functions of (behaviour, path):
// no I/O, so the pages can be tested without a server.
#pragma once

#include <string>
#include <string_view>

#include "refpool/refpool_config.h"

namespace pooltest {

// The CSRF token of the "django_form" switcher: the page sets it as the
// csrftoken cookie and in the form; a POST without both is refused (403).
inline constexpr char kUiCsrfToken[] = "refpool0csrf0token0f3a9c";

struct UiPageResponse {
  int status = 200;
  std::string content_type;  // "text/html; charset=utf-8"
  std::string location;      // set for redirects
  std::string body;
};

// Answers a GET for `path` (no query string): "/" redirects to "/kk/", and
// "/pricing", "/help", "/status" to their Kazakh pages; "/{kk,ru,en}/",
// ".../pricing", ".../help" (in the menu) and ".../status" (linked from the
// footer only) are pages; anything else is 404.
UiPageResponse RenderUiPage(const UiBehaviour& behaviour, std::string_view path);

// The same pages at their unprefixed paths ("/", "/pricing", "/help", "/status") in
// `lang`, for pools that choose the language by query parameter, cookie,
// sub-domain or Accept-Language. 404 for other paths or languages.
UiPageResponse RenderUiPageIn(const UiBehaviour& behaviour, std::string_view lang,
                              std::string_view path);

// True when `path` (e.g. "/help", not "/") is one of the pages' unprefixed paths.
bool IsUiPagePath(std::string_view path);

// "kk", "ru" or "en" when `tag` ("kk-KZ", "RU") names one; else "".
std::string UiLanguageOf(std::string_view tag);

}  // namespace pooltest
