// HTTP for every probe that talks HTTP to the pool (UI pages, the ticket
// API): redirects are followed by the harness itself, hop by hop, each hop
// admitted by the run's TargetPolicy before a packet leaves, so a pool can
// never steer a request to a host the scenario does not declare.
//
// Rules (RFC 9110 §15.4): 301/302 turn POST into GET without a body, 303
// turns anything but HEAD into GET, 307/308 keep method and body. A request
// body is never sent to another host than the first hop's, and
// credentials (Authorization, Cookie) are dropped when the host changes.
// At most request.max_redirects hops are followed (0: none); a URL visited
// twice is a loop. A refused hop is not fetched; the result says why:
//   kind "target_refused"     the first URL's host is not admitted
//        "redirect_refused"   a redirect to an undeclared host or address
//        "redirect_scheme"    a redirect to something other than http(s)
//        "body_to_other_host" a 307/308 would send the body to another host
//        "redirect_loop"      a URL came back
//        "too_many_redirects" more hops than allowed
// Every hop is recorded: method, url, host, port, the address that
// answered, status, Location, and how the host was resolved. With
// request.cookie_engine the jar goes from hop to hop (cookies a redirect
// sets are sent where they belong, as a browser would) and
// response.cookies is the jar at the end. Never throws.
#pragma once

#include <optional>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "probes/common/probe_context.h"
#include "probes/common/target_policy.h"
#include "probes/http/curl_transfer.h"

namespace pooltest {

struct HttpRefusal {
  std::string kind;  // see above
  std::string from;  // the URL whose answer led there ("" for the first hop)
  std::string to;    // the URL that was not fetched
  Refusal refusal;   // host, port, reason, whose fault
};

struct HttpFetch {
  HttpResponse response;  // the last hop fetched; outcome kRefused when refused
  nlohmann::json hops = nlohmann::json::array();
  std::optional<HttpRefusal> refused;
  // The address that served the final response ("" if none did).
  std::string served_by;
};

boost::asio::awaitable<HttpFetch> FetchHttp(ProbeContext ctx, HttpRequest request);

// The refusal as evidence: {kind, from, to, host, port, reason, harness_fault}.
nlohmann::json RefusalJson(const HttpRefusal& r);

}  // namespace pooltest
