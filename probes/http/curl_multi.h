// Runs a configured libcurl easy handle to completion without a thread of
// its own: libcurl's multi interface (curl_multi_socket_action) driven by
// the awaiting coroutine's io_context, so any number of transfers proceed
// at once and each one's deadline counts from when it starts.
//
// One multi handle per io_context, kept in an Asio service of that context
// (boost::asio::use_service) and found from the coroutine's executor: the
// runner, a test or the ticket client just co_await RunCurl on the
// io_context they already run, and nothing is passed around. The service
// is single-threaded: the io_context must be run by one thread (the runner's
// io thread, a test's or the ticket client's private context). A CancelHub
// may fire from any thread; its action is posted to that io_context.
//
// The multi watches each socket libcurl reports with a stream_descriptor
// that never owns it (released before libcurl closes the socket, through
// CURLOPT_CLOSESOCKETFUNCTION, which RunCurl sets on the handle). It opens
// no sockets itself: CURLOPT_OPENSOCKETFUNCTION stays the caller's, so the
// destination check of curl_destination.h sees every connection.
//
// The transfer leaves the multi when it completes, when `deadline` passes,
// when `cancel` fires, or when the coroutine is destroyed unfinished (its
// io_context shut down); the handle and what its callbacks point to must
// outlive the co_await. Never throws for a transfer's failure.
#pragma once

#include <chrono>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <curl/curl.h>

#include <boost/asio/awaitable.hpp>

#include "probes/common/cancel_hub.h"

namespace pooltest {

struct CurlRun {
  enum class End {
    kDone,       // libcurl finished the transfer; see code
    kDeadline,   // the deadline passed first; the transfer was stopped
    kCancelled,  // the hub fired first; the transfer was stopped
    kNotRun,     // the multi handle refused the transfer; see error
  };
  End end = End::kNotRun;
  CURLcode code = CURLE_OK;  // libcurl's result when kDone
  std::string error;         // why, when kNotRun
};

boost::asio::awaitable<CurlRun> RunCurl(CURL* easy, std::chrono::steady_clock::time_point deadline,
                                        CancelHub& cancel);

}  // namespace pooltest
