// How to ask for one page in one language variant: the URL to fetch and the
// headers to send, for each way a pool can expose its languages (path prefix,
// query parameter, sub-domain, Accept-Language, cookie; for `follow` the
// unmarked page, whose own links lead to the variants). And the reverse for
// crawling: which declared-style page a link found on the site is.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "scenarios/scenario.h"

namespace pooltest {

struct UiRequest {
  std::string url;
  std::map<std::string, std::string> headers;
};

Result<UiRequest> BuildUiRequest(const WebUi& ui, const LanguageVariant& variant,
                                 const std::string& page);

// The page a same-site link leads to, as a declared page would be written
// ("/help" for https://pool/kk/help?x=1#top when kk is reached by the /kk
// prefix), so every language variant of one page gets one key. The error
// says why the link is not a UI page to check: another site, outside
// base_url, a file rather than a page, or (when every language is reached by
// a path prefix) no language prefix.
Result<std::string> UiPageKey(const WebUi& ui, const std::string& url);

// The host part of a URL ("" when it has none), via libcurl's URL parser.
std::string UrlHost(const std::string& url);
// The same for a URL template ("http://desk/api/{{ticket_id}}"): the
// placeholders are never in the host, so they are replaced before parsing.
std::string UrlTemplateHost(std::string url_template);

}  // namespace pooltest
