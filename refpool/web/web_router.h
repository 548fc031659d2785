// Maps one parsed HTTP request of the reference pool's web server to its
// response: UI pages (ui_pages.h) and the support ticket API
// (support_desk.h). Independent of the HTTP library so the server file only
// moves bytes; never throws, answers garbage with 4xx.
#pragma once

#include <optional>
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

// Request headers that choose the UI language of an unprefixed page.
struct LanguageHeaders {
  std::string host;             // Host header: "kk.pool.test:8080" picks Kazakh
  std::string accept_language;  // "ru-RU,ru;q=0.9,en;q=0.5"
  std::string cookie;           // "lang=en; other=1"
  std::string referer;          // where a "cookie" switch link sends the browser back to
};

// The UI language a request for an unprefixed page asks for, by (in this
// order) the "lang" query parameter, the "lang" cookie, the host's first
// label, then Accept-Language; "" when none names kk, ru or en. The
// django_language cookie counts as the lang cookie.
std::string RequestedUiLanguage(const WebRequest& request, const LanguageHeaders& headers);

struct WebResponse {
  int status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. Location
  std::string body;
};

class WebRouter {
 public:
  WebRouter(UiBehaviour ui, SupportBehaviour support, SupportDesk::Clock clock);

  WebResponse Handle(const WebRequest& request, const LanguageHeaders& headers = {});

 private:
  WebResponse HandleTickets(const WebRequest& request, const std::string& path);
  // The switch endpoints of UiBehaviour::language_switch; nullopt for
  // other paths.
  std::optional<WebResponse> HandleSwitch(const WebRequest& request, const LanguageHeaders& headers,
                                          const std::string& path);

  UiBehaviour ui_;
  SupportBehaviour desk_behaviour_;  // the redirect knobs; the desk keeps the rest
  SupportDesk desk_;
};

}  // namespace pooltest
