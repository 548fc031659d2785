// One HTTP(S) exchange with libcurl for probes: one hop, no redirects
// followed (http_fetch.h follows them through the target policy), to the
// addresses of the request's Destination only (curl_destination.h). The
// transfer runs on the awaiting coroutine's own io_context through libcurl's
// multi interface (curl_multi.h): no thread is held and nothing queues, so
// many transfers proceed at once. It ends by an absolute deadline (the
// probe's, or max_time after it starts if sooner), leaves promptly when the
// run is cancelled, is cut off at the bounds below (body bytes, decoding
// ratio, body pieces, header bytes and lines: outcome kTooLarge naming it),
// and records its evidence (request and response headers, connection
// events, optionally body excerpts) as transcript records {at, dir, text} in
// Observation's format. Never throws.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "core/observation.h"
#include "probes/common/probe_context.h"
#include "probes/common/target_policy.h"

namespace pooltest {

// Bounds on what a server may make a transfer hold, besides max_body. Past
// any of them the transfer stops as kTooLarge with an error naming it.
// Header bytes count every header line of the exchange (1xx included).
inline constexpr size_t kHttpMaxHeaderBytes = 64 * 1024;
// Header lines (fields) in one response; real servers send a few dozen.
inline constexpr size_t kHttpMaxHeaderLines = 100;
// Decoded body bytes per body byte received: deflate's best is about 1000,
// real pages rarely exceed 20. Applies once kHttpDecodeRatioFrom bytes are
// decoded, so a small, very compressible page is never refused; a
// decompression bomb is stopped there, long before max_body is allocated.
inline constexpr size_t kHttpMaxDecodeRatio = 100;
inline constexpr size_t kHttpDecodeRatioFrom = 1024 * 1024;
// Pieces libcurl hands over for one body (one per chunk of a chunked body,
// one per read otherwise): a real page comes in hundreds. A stream of tiny
// chunks costs the io thread per chunk, so past this many the transfer
// stops, before it can slow every other transfer and probe down.
inline constexpr size_t kHttpMaxBodyPieces = 100000;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent when non-empty (or for POST/PUT/PATCH)
  bool verify_tls = true;
  std::string ca_file;  // PEM bundle to trust instead of the system's; empty: system
  // Where this hop may connect, as the target policy admitted it; a request
  // without an address is refused unsent. FetchHttp sets it for each hop.
  Destination destination;
  long max_redirects = 5;  // for FetchHttp; 0: do not follow redirects
  // Decoded (gzip etc. undone) body bytes kept; more is kTooLarge.
  size_t max_body = 8 * 1024 * 1024;
  // How many bytes of the request and response bodies to copy into the
  // transcript; 0 keeps headers only (the caller hashes the body instead).
  size_t transcript_body_bytes = 0;
  // Upper bound for this transfer from when it starts; the probe deadline
  // may cut it shorter.
  std::chrono::milliseconds max_time{30000};
  // libcurl's cookie engine, in memory: `cookies` (lines in the Netscape
  // cookie-file format, as CURLINFO_COOKIELIST gives them) are loaded before
  // the exchange and the jar after it comes back in HttpResponse::cookies,
  // so a caller keeps the cookies a site sets across requests of one probe.
  // A Cookie header in `headers` is sent in the engine's Cookie line. Off:
  // nothing is kept. At most kHttpMaxCookies come back.
  bool cookie_engine = false;
  std::vector<std::string> cookies;
};

// Cookies a jar keeps (each at most kHttpMaxCookieLine bytes); a site that
// sets more loses the rest, never the harness its memory.
inline constexpr size_t kHttpMaxCookies = 50;
inline constexpr size_t kHttpMaxCookieLine = 4096;

enum class HttpOutcome {
  kOk,         // a complete response was received (any HTTP status)
  kTimeout,    // the deadline or max_time passed
  kCancelled,  // the run was cancelled
  kTooLarge,   // a bound was hit (max_body, decoding ratio, header bytes or lines); see error
  kFailed,     // connection, TLS or protocol failure; see error
  kTlsFailed,  // the server's certificate could not be verified; see error
  kRefused,    // not sent: the target policy refused the destination; see error
};

// What a transfer outcome means for the observation's status.
ProbeStatus ToProbeStatus(HttpOutcome o);

struct HttpResponse {
  HttpOutcome outcome = HttpOutcome::kFailed;
  std::string error;  // libcurl's explanation when not kOk
  long status = 0;
  std::string final_url;
  std::string content_type;
  // Headers of the last response (after redirects), names lowercased.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // decoded (gzip etc. undone)
  long redirects = 0;
  std::string primary_ip;            // the address that answered ("" if none did)
  bool connected = false;            // a connection was made (the request may have been sent)
  std::vector<std::string> cookies;  // the jar after the exchange (cookie_engine only)
  nlohmann::json transcript = nlohmann::json::array();
};

boost::asio::awaitable<HttpResponse> PerformHttp(ProbeContext ctx, HttpRequest request);

}  // namespace pooltest
