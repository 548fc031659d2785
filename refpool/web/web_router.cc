#include "refpool/web/web_router.h"

#include <algorithm>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "refpool/web/ui_pages.h"

namespace pooltest {
namespace {

constexpr size_t kMaxSubject = 500;
constexpr size_t kMaxMessage = 20000;
const char kTicketsPath[] = "/api/support/tickets";

WebResponse Json(int status, const nlohmann::json& j) {
  WebResponse r;
  r.status = status;
  r.content_type = "application/json";
  // Replace invalid UTF-8 rather than throw: subjects come from clients.
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

WebResponse JsonError(int status, const std::string& message) {
  return Json(status, {{"error", message}});
}

WebResponse Redirect(int status, const std::string& location) {
  WebResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  r.body = "moved to " + location + "\n";
  return r;
}

// Form decoding of a query value: '+' is a space, %XX a byte (libcurl).
std::string FormDecode(std::string raw) {
  std::replace(raw.begin(), raw.end(), '+', ' ');
  int n = 0;
  char* decoded = curl_easy_unescape(nullptr, raw.c_str(), static_cast<int>(raw.size()), &n);
  std::string out = decoded ? std::string(decoded, static_cast<size_t>(n)) : raw;
  curl_free(decoded);
  return out;
}

// Value of `key` in a "k=v<sep>k=v" list, spaces around items trimmed.
std::string ListValue(std::string_view list, std::string_view key, char sep) {
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t end = list.find(sep, pos);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const size_t eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == key)
      return std::string(item.substr(eq + 1));
    pos = end + 1;
  }
  return {};
}

}  // namespace

std::string RequestedUiLanguage(const WebRequest& request, const LanguageHeaders& headers) {
  const size_t q = request.target.find('?');
  if (q != std::string::npos) {
    const std::string query = request.target.substr(q + 1, request.target.find('#', q) - q - 1);
    if (std::string l = UiLanguageOf(ListValue(query, "lang", '&')); !l.empty()) return l;
  }
  if (std::string l = UiLanguageOf(ListValue(headers.cookie, "lang", ';')); !l.empty()) return l;
  if (std::string l = UiLanguageOf(ListValue(headers.cookie, "django_language", ';')); !l.empty())
    return l;
  const std::string label = headers.host.substr(0, headers.host.find('.'));
  if (headers.host.find('.') != std::string::npos)
    if (std::string l = UiLanguageOf(label); !l.empty()) return l;
  // Accept-Language in the client's order; q-values other than 0 are not
  // ranked (clients list their preference first).
  std::string_view al = headers.accept_language;
  size_t pos = 0;
  while (pos < al.size()) {
    size_t end = al.find(',', pos);
    if (end == std::string_view::npos) end = al.size();
    std::string_view item = al.substr(pos, end - pos);
    if (item.find("q=0") == std::string_view::npos || item.find("q=0.") != std::string_view::npos)
      if (std::string l = UiLanguageOf(item); !l.empty()) return l;
    pos = end + 1;
  }
  return {};
}

WebRouter::WebRouter(UiBehaviour ui, SupportBehaviour support, SupportDesk::Clock clock)
    : ui_(std::move(ui)), desk_behaviour_(support), desk_(support, std::move(clock)) {}

WebResponse WebRouter::Handle(const WebRequest& request, const LanguageHeaders& headers) {
  std::string path = request.target.substr(0, request.target.find_first_of("?#"));
  if (path.rfind(kTicketsPath, 0) == 0) return HandleTickets(request, path);
  if (!ui_.redirect_to.empty()) return Redirect(302, ui_.redirect_to + request.target);
  if (ui_.redirect_loop) return Redirect(302, request.target);
  if (std::optional<WebResponse> sw = HandleSwitch(request, headers, path)) return *sw;

  if (request.method != "GET" && request.method != "HEAD") {
    WebResponse r;
    r.status = 405;
    r.content_type = "text/plain; charset=utf-8";
    r.headers.emplace_back("Allow", "GET, HEAD");
    r.body = "method not allowed\n";
    return r;
  }
  // Unprefixed pages answer in the language the request asks for; without
  // one, "/" redirects to the Kazakh prefix as before.
  UiPageResponse page;
  const std::string lang = RequestedUiLanguage(request, headers);
  if (!lang.empty() && (path == "/" || IsUiPagePath(path)))
    page = RenderUiPageIn(ui_, lang, path);
  else
    page = RenderUiPage(ui_, path);
  WebResponse r;
  r.status = page.status;
  r.content_type = page.content_type;
  r.body = std::move(page.body);
  if (!page.location.empty()) r.headers.emplace_back("Location", page.location);
  if (r.status == 200) r.headers.emplace_back("Vary", "Accept-Language");
  if (r.status == 200 && ui_.language_switch == "django_form")
    r.headers.emplace_back("Set-Cookie", std::string("csrftoken=") + kUiCsrfToken + "; Path=/");
  return r;
}

std::optional<WebResponse> WebRouter::HandleSwitch(const WebRequest& request,
                                                   const LanguageHeaders& headers,
                                                   const std::string& path) {
  const std::string& kind = ui_.language_switch;
  const size_t q = request.target.find('?');
  const std::string query = q == std::string::npos ? "" : request.target.substr(q + 1);
  std::string lang, next, cookie = "lang";
  if (kind == "set_language" && path.rfind("/lang/", 0) == 0) {
    lang = UiLanguageOf(path.substr(6));
    next = FormDecode(ListValue(query, "next", '&'));
  } else if (kind == "cookie" && path == "/switch-language") {
    lang = UiLanguageOf(FormDecode(ListValue(query, "lang", '&')));
    next = headers.referer;  // back where the browser was
    const size_t scheme = next.find("://");
    if (scheme != std::string::npos) {
      const size_t slash = next.find('/', scheme + 3);
      next = slash == std::string::npos ? "/" : next.substr(slash);
    }
  } else if (kind == "django_form" && path == "/i18n/setlang/") {
    if (request.method != "POST") return Redirect(302, "/");
    const std::string token = FormDecode(ListValue(request.body, "csrfmiddlewaretoken", '&'));
    if (token != kUiCsrfToken || ListValue(headers.cookie, "csrftoken", ';') != kUiCsrfToken) {
      WebResponse r;
      r.status = 403;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "CSRF verification failed\n";
      return r;
    }
    lang = UiLanguageOf(FormDecode(ListValue(request.body, "language", '&')));
    next = FormDecode(ListValue(request.body, "next", '&'));
    cookie = "django_language";
  } else {
    return std::nullopt;
  }
  // Only a path of this site is a place to go back to.
  if (next.empty() || next[0] != '/' || next.rfind("//", 0) == 0) next = "/";
  WebResponse r = Redirect(302, ui_.switch_redirect_to + next);
  if (!lang.empty()) r.headers.emplace_back("Set-Cookie", cookie + "=" + lang + "; Path=/");
  return r;
}

WebResponse WebRouter::HandleTickets(const WebRequest& request, const std::string& path) {
  const std::string rest = path.substr(sizeof(kTicketsPath) - 1);
  if (rest.empty() || rest == "/") {
    // GET /api/support/tickets?subject=TEXT: find tickets by subject text.
    const size_t q = request.target.find("?subject=");
    if (request.method == "GET" && q != std::string::npos) {
      const std::string raw = request.target.substr(q + 9);
      const std::string text = FormDecode(raw.substr(0, raw.find_first_of("&#")));
      nlohmann::json found = nlohmann::json::array();
      for (const std::string& id : desk_.FindBySubject(text)) found.push_back({{"id", id}});
      return Json(200, {{"tickets", found}});
    }
    if (request.method != "POST") return JsonError(405, "use POST to open a ticket");
    if (!desk_behaviour_.create_redirect_to.empty())
      return Redirect(307, desk_behaviour_.create_redirect_to + request.target);
    nlohmann::json j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
      return JsonError(400, "body must be a JSON object {\"subject\": ..., \"message\": ...}");
    auto subject = j.find("subject");
    auto message = j.find("message");
    if (subject == j.end() || !subject->is_string() || subject->get<std::string>().empty())
      return JsonError(400, "\"subject\" must be a non-empty string");
    if (message != j.end() && !message->is_string())
      return JsonError(400, "\"message\" must be a string");
    std::string subj = subject->get<std::string>();
    std::string msg = message == j.end() ? "" : message->get<std::string>();
    if (subj.size() > kMaxSubject || msg.size() > kMaxMessage)
      return JsonError(413, "subject or message too long");
    Result<std::string> id = desk_.Create(std::move(subj), std::move(msg));
    if (!id) return JsonError(503, id.error().message);
    WebResponse r = Json(201, {{"id", *id}});
    r.headers.emplace_back("Location", std::string(kTicketsPath) + "/" + *id);
    return r;
  }
  if (request.method != "GET" && request.method != "HEAD")
    return JsonError(405, "use GET to read a ticket");
  if (!desk_behaviour_.poll_redirect_to.empty())
    return Redirect(302, desk_behaviour_.poll_redirect_to + request.target);
  const std::string id = rest.substr(1);
  std::optional<SupportTicketView> t = desk_.Get(id);
  if (!t) return JsonError(404, "no ticket with this id");
  nlohmann::json replies = nlohmann::json::array();
  for (const SupportReply& reply : t->replies)
    replies.push_back(
        {{"text", reply.text}, {"at", FormatUtc(reply.at)}, {"auto", reply.automatic}});
  return Json(200, {{"id", t->id}, {"subject", t->subject}, {"replies", replies}});
}

}  // namespace pooltest
