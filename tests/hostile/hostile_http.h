// The hostile pool's HTTP side: reading one request the way a server would
// (Beast's parser, head at most 64 KiB, body at most 1 MiB) and the raw
// response pieces the UI and ticket-API plays write. Plays write bytes, not
// Beast messages, because the misbehaviour is on the wire.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tests/hostile/hostile_behaviour.h"

namespace pooltest::hostile {

// The next request on `w`; nullopt when the harness closed first or sent
// something no HTTP server would read.
asio::awaitable<std::optional<HttpSeen>> ReadHttpRequest(Wire& w);

// A complete HTTP/1.1 response with Content-Length and Connection: close.
std::string HttpResponse(int status, std::string_view content_type, std::string_view body,
                         std::string_view extra_headers = "");

// The reference pool's UI page (HTML, UTF-8) for `target`, e.g. "/kk/help"
// (refpool/web/ui_pages.h); for a path it has no page at, its home page in the
// path's language (Kazakh without a language prefix).
std::string GoodPage(const std::string& target);

}  // namespace pooltest::hostile
