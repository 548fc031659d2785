#include "probes/http/curl_transfer.h"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include <curl/curl.h>

#include "core/time_format.h"
#include "probes/http/curl_destination.h"
#include "probes/http/curl_multi.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Caps evidence from a chatty server (many redirects, huge header blocks).
constexpr size_t kMaxTranscriptRecords = 60;

struct TransferState {
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
  CURL* easy = nullptr;
  std::string bound_hit;     // set when a bound stopped the transfer: which one
  std::string header_block;  // response header lines being collected
  size_t header_bytes = 0;
  size_t header_lines = 0;  // in the current response
  size_t body_pieces = 0;
  std::string sent_body;

  void Record(const char* dir, std::string text) {
    if (response->transcript.size() >= kMaxTranscriptRecords) return;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    response->transcript.push_back(
        {{"at", FormatUtc(std::chrono::system_clock::now())}, {"dir", dir}, {"text", text}});
  }
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<TransferState*>(user);
  const size_t len = size * n;
  const size_t decoded = st->response->body.size() + len;
  if (++st->body_pieces > kHttpMaxBodyPieces) {
    st->bound_hit = "response body in more than " + std::to_string(kHttpMaxBodyPieces) +
                    " pieces (" + std::to_string(decoded) +
                    " bytes so far): a stream of tiny chunks is not followed";
    return 0;
  }
  if (decoded > st->request->max_body) {
    st->bound_hit = "response body larger than " + std::to_string(st->request->max_body) + " bytes";
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  if (decoded > kHttpDecodeRatioFrom) {
    // Bytes of body received so far, before decoding.
    curl_off_t received = 0;
    curl_easy_getinfo(st->easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
    const size_t wire = static_cast<size_t>(std::max<curl_off_t>(received, 1));
    if (decoded / wire > kHttpMaxDecodeRatio) {
      st->bound_hit = "response body decodes to more than " + std::to_string(kHttpMaxDecodeRatio) +
                      " times the bytes received (" + std::to_string(decoded) + " bytes from " +
                      std::to_string(wire) +
                      "): decoding ratio bound hit, a decompression bomb is not expanded";
      return 0;
    }
  }
  st->response->body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<TransferState*>(user);
  const size_t len = size * n;
  st->header_bytes += len;
  if (st->header_bytes > kHttpMaxHeaderBytes) {
    st->bound_hit =
        "response headers larger than " + std::to_string(kHttpMaxHeaderBytes) + " bytes";
    return 0;
  }
  std::string line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    st->response->headers.clear();  // a new response (after a redirect or 100)
    st->header_lines = 0;
    return len;
  }
  if (line.empty()) return len;
  if (++st->header_lines > kHttpMaxHeaderLines) {
    st->bound_hit =
        "more than " + std::to_string(kHttpMaxHeaderLines) + " header lines in one response";
    return 0;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos) return len;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const size_t v = line.find_first_not_of(" \t", colon + 1);
  st->response->headers.emplace_back(name, v == std::string::npos ? "" : line.substr(v));
  return len;
}

int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* st = static_cast<TransferState*>(user);
  std::string_view text(data, size);
  switch (type) {
    case CURLINFO_TEXT:
      st->Record("event", std::string(text));
      break;
    case CURLINFO_HEADER_OUT:
      st->Record("sent", std::string(text));
      break;
    case CURLINFO_HEADER_IN:
      // Arrives one line at a time; record each response's block whole.
      st->header_block.append(text.substr(0, std::min<size_t>(text.size(), 8192)));
      if (text == "\r\n" || text == "\n") {
        st->Record("received", st->header_block);
        st->header_block.clear();
      }
      break;
    case CURLINFO_DATA_OUT:
      if (st->sent_body.size() < st->request->transcript_body_bytes)
        st->sent_body.append(
            text.substr(0, st->request->transcript_body_bytes - st->sent_body.size()));
      break;
    default:
      break;
  }
  return 0;
}

using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using Share = std::unique_ptr<CURLSH, decltype(&curl_share_cleanup)>;
using Headers = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// Everything libcurl points to while the transfer runs, in one place that
// outlives it (the coroutine frame). The easy handle is declared last so
// it is cleaned up first.
struct Exchange {
  char errbuf[CURL_ERROR_SIZE] = {0};
  std::string cookie;  // the request's own Cookie header, when the engine is on
  Headers headers{nullptr, curl_slist_free_all};
  CurlDestination destination;
  TransferState state;
  Share share{curl_share_init(), curl_share_cleanup};
  Easy easy{curl_easy_init(), curl_easy_cleanup};
};

void Configure(Exchange& x, const HttpRequest& req, milliseconds budget) {
  CURL* h = x.easy.get();
  // A DNS cache of this transfer's own: CURLOPT_RESOLVE would otherwise put
  // its admitted addresses in the multi handle's cache, shared by every
  // transfer of the io_context. Likewise no connection is reused or kept,
  // so every connection passes the destination check and the evidence
  // (connected, the transcript) is this transfer's own.
  curl_share_setopt(x.share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_easy_setopt(h, CURLOPT_SHARE, x.share.get());
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  curl_slist* list = nullptr;
  for (const auto& [name, value] : req.headers) {
    // With the engine on, libcurl would send a second Cookie line of its own.
    if (req.cookie_engine && strcasecmp(name.c_str(), "cookie") == 0) {
      x.cookie = value;
      continue;
    }
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  x.headers.reset(list);
  if (!req.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, req.ca_file.c_str());

  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x.errbuf);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, req.verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, req.verify_tls ? 2L : 0L);
  // RunCurl enforces the deadline; libcurl's own timeout names the phase.
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "pooltest/0.1 (accreditation conformance probe)");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, x.headers.get());
  if (req.cookie_engine) {
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");  // the engine on, reading no file
    for (const std::string& line : req.cookies)
      curl_easy_setopt(h, CURLOPT_COOKIELIST, line.c_str());
    if (!x.cookie.empty()) curl_easy_setopt(h, CURLOPT_COOKIE, x.cookie.c_str());
  }
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &x.state);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &x.state);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);  // feeds OnDebug, which keeps the evidence
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &x.state);
  if (req.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
  }
}

// The evidence libcurl holds, however the transfer ended.
void Collect(Exchange& x, const HttpRequest& req, HttpResponse& res) {
  TransferState& st = x.state;
  CURL* h = x.easy.get();
  if (!st.header_block.empty()) st.Record("received", st.header_block);
  if (!st.sent_body.empty()) st.Record("sent", st.sent_body);
  if (req.transcript_body_bytes > 0 && !res.body.empty())
    st.Record("received", res.body.substr(0, req.transcript_body_bytes));

  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res.status);
  char* url = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url) res.final_url = url;
  char* ct = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) res.content_type = ct;
  curl_off_t connect_us = 0;
  if (curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us) == CURLE_OK)
    res.connected = connect_us > 0;
  char* ip = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) res.primary_ip = ip;
  struct curl_slist* jar = nullptr;
  if (req.cookie_engine && curl_easy_getinfo(h, CURLINFO_COOKIELIST, &jar) == CURLE_OK) {
    res.cookies.clear();
    for (const curl_slist* c = jar; c && res.cookies.size() < kHttpMaxCookies; c = c->next)
      if (c->data && std::strlen(c->data) <= kHttpMaxCookieLine) res.cookies.emplace_back(c->data);
    curl_slist_free_all(jar);
  }
}

void Judge(const Exchange& x, const HttpRequest& req, const CurlRun& run, milliseconds budget,
           HttpResponse& res) {
  const CURLcode rc = run.code;
  const char* errbuf = x.errbuf;
  const auto& refused = x.destination.refused_addresses();
  if (run.end == CurlRun::End::kNotRun) {
    res.outcome = HttpOutcome::kFailed;
    res.error = run.error;
  } else if (run.end == CurlRun::End::kCancelled) {
    res.outcome = HttpOutcome::kCancelled;
    res.error = "cancelled during the transfer";
  } else if (run.end == CurlRun::End::kDeadline) {
    curl_off_t received = 0;
    curl_easy_getinfo(x.easy.get(), CURLINFO_SIZE_DOWNLOAD_T, &received);
    res.outcome = HttpOutcome::kTimeout;
    res.error = "no complete response within " + std::to_string(budget.count()) + " ms (" +
                std::to_string(received) + " body bytes received)";
  } else if (rc == CURLE_OK) {
    res.outcome = HttpOutcome::kOk;
  } else if (!refused.empty() && rc == CURLE_COULDNT_CONNECT) {
    res.outcome = HttpOutcome::kRefused;
    res.error = "libcurl tried to connect to " + refused.front() + ", which is not an address of " +
                req.destination.host + " in this run; refused before a packet left";
  } else if (!x.state.bound_hit.empty()) {
    res.outcome = HttpOutcome::kTooLarge;
    res.error = x.state.bound_hit;
  } else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
             rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
    res.outcome = HttpOutcome::kTlsFailed;
    res.error = std::string("TLS certificate verification failed: ") +
                (errbuf[0] ? errbuf : curl_easy_strerror(rc)) +
                " (the pool must present a certificate a public CA vouches for; "
                "verify_tls: false skips this and is recorded)";
  } else if (rc == CURLE_OPERATION_TIMEDOUT) {
    res.outcome = HttpOutcome::kTimeout;
    res.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  } else {
    res.outcome = HttpOutcome::kFailed;
    res.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  }
}

boost::asio::awaitable<HttpResponse> Transfer(ProbeContext ctx, HttpRequest req) {
  HttpResponse res;
  res.cookies = req.cookies;  // unchanged unless the exchange runs
  const auto start = steady_clock::now();
  const auto deadline = std::min(ctx.deadline, start + req.max_time);
  const auto budget = std::chrono::duration_cast<milliseconds>(deadline - start);
  if (ctx.cancel->cancelled()) {
    res.outcome = HttpOutcome::kCancelled;
    res.error = "cancelled before the request was sent";
    co_return res;
  }
  if (budget.count() <= 0) {
    res.outcome = HttpOutcome::kTimeout;
    res.error = "deadline passed before the request was sent";
    co_return res;
  }
  Exchange x;
  if (!x.easy || !x.share) {
    res.error = "libcurl could not create a transfer handle";
    co_return res;
  }
  x.state.request = &req;
  x.state.response = &res;
  x.state.easy = x.easy.get();
  if (Status bound = x.destination.Bind(x.easy.get(), req.destination); !bound) {
    res.outcome = HttpOutcome::kRefused;
    res.error = bound.error().message;
    co_return res;
  }
  Configure(x, req, budget);
  const CurlRun run = co_await RunCurl(x.easy.get(), deadline, *ctx.cancel);
  Collect(x, req, res);
  Judge(x, req, run, budget, res);
  co_return res;
}

}  // namespace

boost::asio::awaitable<HttpResponse> PerformHttp(ProbeContext ctx, HttpRequest request) {
  try {
    co_return co_await Transfer(std::move(ctx), std::move(request));
  } catch (const std::exception& e) {
    HttpResponse res;
    res.outcome = HttpOutcome::kFailed;
    res.error = std::string("transfer failed: ") + e.what();
    co_return res;
  }
}

ProbeStatus ToProbeStatus(HttpOutcome o) {
  switch (o) {
    case HttpOutcome::kOk:
      return ProbeStatus::kOk;
    case HttpOutcome::kTimeout:
      return ProbeStatus::kTimeout;
    case HttpOutcome::kCancelled:
      return ProbeStatus::kCancelled;
    case HttpOutcome::kTooLarge:
    case HttpOutcome::kFailed:
    case HttpOutcome::kTlsFailed:
    case HttpOutcome::kRefused:
      return ProbeStatus::kFailed;
  }
  return ProbeStatus::kFailed;
}

}  // namespace pooltest
