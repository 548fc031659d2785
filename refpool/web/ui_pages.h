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

struct UiPageResponse {
  int status = 200;
  std::string content_type;  // "text/html; charset=utf-8"
  std::string location;      // set for redirects
  std::string body;
};

// Answers a GET for `path` (no query string): "/" redirects to "/kk/";
// "/{kk,ru,en}/", ".../pricing", ".../help" are pages; anything else is 404.
UiPageResponse RenderUiPage(const UiBehaviour& behaviour, std::string_view path);

}  // namespace pooltest
