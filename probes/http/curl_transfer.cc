#include "probes/http/curl_transfer.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include <curl/curl.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/time_format.h"
#include "probes/http/curl_destination.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Caps evidence from a chatty server (many redirects, huge header blocks).
constexpr size_t kMaxTranscriptRecords = 60;
constexpr size_t kMaxHeaderBytes = 64 * 1024;

struct TransferState {
  const HttpRequest* request = nullptr;
  const std::atomic<bool>* cancelled = nullptr;
  HttpResponse* response = nullptr;
  bool too_large = false;
  std::string header_block;  // response header lines being collected
  size_t header_bytes = 0;
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
  if (st->response->body.size() + len > st->request->max_body) {
    st->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  st->response->body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<TransferState*>(user);
  const size_t len = size * n;
  st->header_bytes += len;
  if (st->header_bytes > kMaxHeaderBytes) return 0;
  std::string line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    st->response->headers.clear();  // a new response (after a redirect or 100)
    return len;
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

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* st = static_cast<TransferState*>(user);
  return st->cancelled->load() ? 1 : 0;  // non-zero aborts the transfer
}

HttpResponse Transfer(const HttpRequest& req, milliseconds budget,
                      const std::atomic<bool>& cancelled) {
  HttpResponse res;
  if (cancelled.load()) {
    res.outcome = HttpOutcome::kCancelled;
    res.error = "cancelled before the request was sent";
    return res;
  }
  if (budget.count() <= 0) {
    res.outcome = HttpOutcome::kTimeout;
    res.error = "deadline passed before the request was sent";
    return res;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    res.error = "libcurl could not create a transfer handle";
    return res;
  }
  TransferState st;
  st.request = &req;
  st.cancelled = &cancelled;
  st.response = &res;
  CURL* h = curl.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : req.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers,
                                                                           curl_slist_free_all);
  CurlDestination destination;
  if (Status bound = destination.Bind(h, req.destination); !bound) {
    res.outcome = HttpOutcome::kRefused;
    res.error = bound.error().message;
    return res;
  }
  if (!req.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, req.ca_file.c_str());

  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, req.verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, req.verify_tls ? 2L : 0L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(budget.count()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "pooltest/0.1 (accreditation conformance probe)");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &st);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);  // feeds OnDebug, which keeps the evidence
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &st);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &st);
  if (req.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
  }

  const CURLcode rc = curl_easy_perform(h);
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

  if (rc == CURLE_OK) {
    res.outcome = HttpOutcome::kOk;
  } else if (!destination.refused_addresses().empty() && rc == CURLE_COULDNT_CONNECT) {
    res.outcome = HttpOutcome::kRefused;
    res.error = "libcurl tried to connect to " + destination.refused_addresses().front() +
                ", which is not an address of " + req.destination.host +
                " in this run; refused before a packet left";
  } else if (st.too_large) {
    res.outcome = HttpOutcome::kTooLarge;
    res.error = "response body larger than " + std::to_string(req.max_body) + " bytes";
  } else if (rc == CURLE_ABORTED_BY_CALLBACK && cancelled.load()) {
    res.outcome = HttpOutcome::kCancelled;
    res.error = "cancelled during the transfer";
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
  return res;
}

// Runs `Transfer` on the blocking executor and completes on the awaiting
// coroutine's executor, keeping that executor's context alive meanwhile.
struct InitiateTransfer {
  template <typename Handler>
  void operator()(Handler handler, boost::asio::any_io_executor blocking, HttpRequest req,
                  milliseconds budget, std::shared_ptr<std::atomic<bool>> cancelled) const {
    auto home = boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                    boost::asio::execution::outstanding_work.tracked);
    boost::asio::post(blocking, [handler = std::move(handler), home, req = std::move(req), budget,
                                 cancelled]() mutable {
      HttpResponse res;
      try {
        res = Transfer(req, budget, *cancelled);
      } catch (const std::exception& e) {
        res.outcome = HttpOutcome::kFailed;
        res.error = std::string("transfer failed: ") + e.what();
      }
      boost::asio::post(home, [handler = std::move(handler), res = std::move(res)]() mutable {
        std::move(handler)(std::move(res));
      });
    });
  }
};

}  // namespace

boost::asio::awaitable<HttpResponse> PerformHttp(ProbeContext ctx, HttpRequest request) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  // The hub may fire from any thread; the transfer polls the flag.
  CancelRegistration registration(*ctx.cancel, [cancelled] { cancelled->store(true); });
  auto left = std::chrono::duration_cast<milliseconds>(ctx.deadline - steady_clock::now());
  const milliseconds budget = std::min(left, request.max_time);
  if (!ctx.blocking) {
    // No pool for blocking work was given: still correct, but this holds the
    // caller's thread for the transfer.
    co_return Transfer(request, budget, *cancelled);
  }
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                 void(HttpResponse)>(
      InitiateTransfer{}, boost::asio::use_awaitable, ctx.blocking, std::move(request), budget,
      cancelled);
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
