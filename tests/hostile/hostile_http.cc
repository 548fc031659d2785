#include "tests/hostile/hostile_http.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "refpool/web/ui_pages.h"

namespace pooltest::hostile {
namespace {

namespace http = boost::beast::http;

constexpr size_t kHeadLimit = 64 * 1024;
constexpr size_t kBodyLimit = 1024 * 1024;

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 302:
      return "Found";
    case 404:
      return "Not Found";
    default:
      return "Whatever";
  }
}

}  // namespace

asio::awaitable<std::optional<HttpSeen>> ReadHttpRequest(Wire& w) {
  boost::beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.header_limit(kHeadLimit);
  parser.body_limit(kBodyLimit);
  boost::system::error_code ec;
  co_await http::async_read(w.socket(), buffer, parser,
                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return std::nullopt;
  const auto& req = parser.get();
  HttpSeen seen;
  seen.method = std::string(req.method_string());
  seen.target = std::string(req.target());
  seen.body = req.body();
  seen.accept_encoding = std::string(req[http::field::accept_encoding]);
  co_return seen;
}

std::string HttpResponse(int status, std::string_view content_type, std::string_view body,
                         std::string_view extra_headers) {
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) + "\r\n";
  r += "Server: pooltest-hostile\r\nConnection: close\r\n";
  if (!content_type.empty()) r += "Content-Type: " + std::string(content_type) + "\r\n";
  r += extra_headers;
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  r += body;
  return r;
}

std::string GoodPage(const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  UiPageResponse page = RenderUiPage(UiBehaviour{}, path);
  if (page.status == 200) return page.body;
  // A path the pool has no page at: the home page in the path's language.
  for (const char* lang : {"/ru", "/en"}) {
    if (path.rfind(lang, 0) == 0) return RenderUiPage(UiBehaviour{}, std::string(lang) + "/").body;
  }
  return RenderUiPage(UiBehaviour{}, "/kk/").body;
}

}  // namespace pooltest::hostile
