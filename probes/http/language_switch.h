// Following a page's language links and forms that set state: a
// set-language endpoint ("/lang/kk?next=/fees"), a link that sets a cookie
// and sends the browser back, a Django set_language form POSTed. The page
// probe (page_probe.h) lists them as "language_links"; this fetches one as
// a browser would — the page's URL as Referer, the variant's headers but its
// Cookie, the probe's cookie jar (libcurl's engine, in memory, kept across
// the page and its follows) — redirects followed hop by hop through the
// target policy (http_fetch.h: never off the declared hosts, within the
// probe's deadline and size bounds), and reads the page it lands on.
// Observes only: whether the link counts is R4.6's to say.
//
// The record added to the link: outcome ("landed", "refused", "failed",
// "timeout", "cancelled", "too_large", "unfinished"), detail, hops [as
// http_fetch.h], refused {…} (when the policy stopped a hop), status,
// final_url, and when a page was read: html_lang, title, share {kk, ru, en},
// detected_lang (the language with the largest share, "" when no text),
// landed_page (the final URL's path without a /kk, /ru or /en prefix), as
// the page probe's reader gives them.
#pragma once

#include <functional>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "probes/common/probe_context.h"

namespace pooltest {

// At most this many links and forms are followed per page (one link and one
// form per other language).
inline constexpr size_t kMaxLanguageLinks = 4;

struct LanguageLinkFetch {
  std::string page_url;                                      // sent as Referer
  std::vector<std::pair<std::string, std::string>> headers;  // Cookie left out
  bool verify_tls = true;
  std::string ca_file;
  // The page probe's reading of a landed page (html, its URL, the link's
  // language): its facts, among them html_lang and share; run off the io
  // thread.
  std::function<nlohmann::json(const std::string&, const std::string&, const std::string&)> read;
};

struct LanguageLinkResult {
  nlohmann::json link;               // the link as given, with what happened added
  std::vector<std::string> cookies;  // the jar afterwards
  nlohmann::json transcript = nlohmann::json::array();  // the exchanges, as http_fetch.h's
};

// `link`: {lang, kind ("link" or "form"), method, url, body (a POST's
// form-urlencoded fields)}.
boost::asio::awaitable<LanguageLinkResult> FollowLanguageLink(ProbeContext ctx, nlohmann::json link,
                                                              LanguageLinkFetch fetch,
                                                              std::vector<std::string> cookies);

}  // namespace pooltest
