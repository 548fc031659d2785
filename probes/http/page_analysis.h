// Reading one HTML document of a UI page (fetched, rendered, or where a
// language link or control led) into the facts page_probe.h lists: its
// shape, <html lang>, title, hreflang, switcher links, language links,
// same-site links, text segments with their languages and shares. Pure and
// bounded by html_bounds.h: a document over its limits is measured, not
// parsed ("too_large_to_check"). Runs off the io thread.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "probes/http/page_probe.h"

namespace pooltest {

// The page's facts as the variant `target` of `page_url`.
nlohmann::json AnalyzePageHtml(const std::string& html, const PageTarget& target,
                               const std::string& page_url);

// What a language link, form or control led to, for language_switch.h and
// script_switch.h: the landed page read as a variant in `lang` (landed_page,
// html_lang, title, share, counted_words, detected_lang, or
// too_large_to_check).
nlohmann::json ReadLanding(const std::string& html, const std::string& url,
                           const std::string& lang);

}  // namespace pooltest
