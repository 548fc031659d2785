// How to ask for one page in one language variant: the URL to fetch and the
// headers to send, for each way a pool can expose its languages (path prefix,
// query parameter, sub-domain, Accept-Language, cookie).
#pragma once

#include <map>
#include <string>

#include "harness/core/result.h"
#include "harness/scenario/scenario.h"

namespace pooltest {

struct UiRequest {
  std::string url;
  std::map<std::string, std::string> headers;
};

Result<UiRequest> BuildUiRequest(const WebUi& ui, const LanguageVariant& variant,
                                 const std::string& page);

// The host part of a URL ("" when it has none), via libcurl's URL parser.
std::string UrlHost(const std::string& url);

}  // namespace pooltest
