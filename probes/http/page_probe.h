// UI page probe: fetches one page in one language variant with libcurl
// (redirects, gzip, chunked, TLS verification as configured) and extracts
// facts with a real HTML parser: HTTP status, final URL, <html lang>,
// hreflang links, languages the switcher links to, visible text segments and
// the share of text in each language. Observes only; the R4.6 check decides.
//
// Observation data: status, final_url, content_type, bytes, body_sha256,
// html_lang, hreflang {lang: url}, switcher_langs [..], segments (count),
// words {kk, ru, en, neutral, unknown}, share {kk, ru, en},
// offending [up to 10 segments not in the expected language].
#pragma once

#include <map>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "harness/core/observation.h"
#include "probes/common/probe_context.h"

namespace pooltest {

struct PageTarget {
  std::string page;                            // declared page path, e.g. "/help"
  std::string lang;                            // expected language of this variant: kk, ru, en
  std::string url;                             // the URL to fetch
  std::map<std::string, std::string> headers;  // e.g. Accept-Language, Cookie
  bool verify_tls = true;
};

boost::asio::awaitable<Observation> ProbeUiPage(ProbeContext ctx, PageTarget target);

}  // namespace pooltest
