// UI page probe: fetches one page in one language variant with libcurl
// (redirects followed hop by hop through the target policy, gzip, chunked,
// any charset iconv knows, TLS verification as configured), optionally
// renders it with headless Chromium (every request it makes through the same
// policy), and extracts facts with a real HTML parser: HTTP status, final
// URL, <html lang>, hreflang links, languages the switcher links to, visible
// text segments and the share of text in each language. Observes only; the
// R4.6 check decides.
//
// Observation data: status, final_url, hops [{method, url, host, port,
// address, resolved_by, status, location}], served_by (the address that
// answered), refused {kind, from, to, host, port, reason, harness_fault}
// when the target policy stopped a hop, content_type, bytes, body_sha256,
// charset {declared, source, used, converted}, tls_verify, rendered,
// render {dom_file, screenshot_file, argv, exit_code, blocked_requests
// [{url, host, reason}], blocked_total, allowed_requests [{url, host, via}]
// (to ui.allowed_hosts), allowed_total} (when rendering; a main document
// that left for an undeclared host sets refused, kind "redirect_refused"),
// html_lang, hreflang {lang: url}, page_path (the final URL's path without
// a /kk, /ru or /en prefix), switcher_langs [..], switcher_links
// {lang: url}, segments (count), words {kk, ru, en, neutral, unknown},
// share {kk, ru, en}, offending [up to 10 segments not in the expected
// language, longest first], attribute_words_excluded (words of title, alt
// and label attributes not counted: past as many as the page's own text
// has), texts [[segment, lang], ...] (up to 400, for
// comparing language variants), links [same-site URLs, up to 200],
// language_links [each link or form that may switch a variant to a
// language its switcher_langs lack, with where following it led: see
// language_links.h and language_switch.h], script_switches (rendered
// variants: each JavaScript language control tried, see script_switch.h:
// {lang, kind "script", control, method ("select"|"click"), outcome,
// effect ("navigated"|"changed_in_place"|"none"), final_url, status,
// detail, refused {…}, and for a landed one what ReadLanding reads:
// landed_page, html_lang, title, share, detected_lang, and dom_file, the
// page it led to kept under ui-render/ with an evidence folder}).
#pragma once

#include <map>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "probes/http/language_links.h"  // UiLangOf, ResolveUrl for the UI planner

namespace pooltest {

struct PageTarget {
  std::string page;                            // declared page path, e.g. "/help"
  std::string lang;                            // expected language of this variant: kk, ru, en
  std::string url;                             // the URL to fetch
  std::map<std::string, std::string> headers;  // e.g. Accept-Language, Cookie
  bool verify_tls = true;
  std::string ca_file;  // trust this PEM bundle instead of the system's
  bool render = false;  // also render with headless Chromium
};

boost::asio::awaitable<Observation> ProbeUiPage(ProbeContext ctx, PageTarget target);

}  // namespace pooltest
