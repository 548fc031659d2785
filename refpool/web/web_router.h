// Maps one parsed HTTP request of the reference pool's web server to its
// response: UI pages (ui_pages.h) and the support ticket API
// (support_desk.h). Independent of the HTTP library so the server file only
// moves bytes; never throws, answers garbage with 4xx.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "refpool/refpool_config.h"
#include "refpool/web/support_desk.h"

namespace pooltest {

struct WebRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // origin-form: "/kk/help?x=1"
  std::string body;
};

struct WebResponse {
  int status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. Location
  std::string body;
};

class WebRouter {
 public:
  WebRouter(UiBehaviour ui, SupportBehaviour support, SupportDesk::Clock clock);

  WebResponse Handle(const WebRequest& request);

 private:
  WebResponse HandleTickets(const WebRequest& request, const std::string& path);

  UiBehaviour ui_;
  SupportDesk desk_;
};

}  // namespace pooltest
