// PerformHttp over libcurl's multi interface, against scripted servers on
// loopback: many slow transfers at once finish together (no pool to queue
// behind), the deadline holds with many silent or trickling servers in
// flight, a cancel ends in-flight transfers, the destination check still
// refuses an unadmitted address, a decompression bomb, a header flood and a
// stream of tiny chunks are cut off at their bounds, and an io_context
// destroyed mid-transfer closes its sockets.
#include <poll.h>
#include <sys/socket.h>
#include <zlib.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "probes/http/curl_transfer.h"
#include "tests/test_targets.h"
#include "tests/web/scripted_http_server.h"

namespace pooltest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::ScriptedHttpServer;
using testing::ScriptedPiece;
using testing::ScriptedRequest;
using Pieces = std::vector<ScriptedPiece>;

struct Finished {
  HttpResponse response;
  milliseconds after{0};  // from the start of the batch
};

HttpRequest Get(const ScriptedHttpServer& server, const std::string& path) {
  HttpRequest req;
  req.url = server.url(path);
  Admission a = TestTargets()->Admit("127.0.0.1", server.port());
  req.destination = a.destination;
  return req;
}

// Starts every request at once on one io_context run by one thread, as the
// runner's is, and waits (at most `hang_guard`) for all. The context's
// blocking pool has a single thread: a transfer that needed it would queue.
std::vector<std::optional<Finished>> RunAll(const std::vector<HttpRequest>& requests,
                                            milliseconds deadline,
                                            std::shared_ptr<CancelHub> hub = nullptr,
                                            milliseconds hang_guard = seconds(30)) {
  boost::asio::io_context io;
  boost::asio::thread_pool pool(1);
  ProbeContext ctx;
  ctx.executor = io.get_executor();
  ctx.deadline = steady_clock::now() + deadline;
  ctx.vantage = "test";
  ctx.cancel = hub ? hub : std::make_shared<CancelHub>();
  ctx.blocking = pool.get_executor();
  ctx.targets = TestTargets();
  std::vector<std::optional<Finished>> out(requests.size());
  const auto start = steady_clock::now();
  for (size_t i = 0; i < requests.size(); ++i) {
    boost::asio::co_spawn(
        io, PerformHttp(ctx, requests[i]), [&out, i, start](std::exception_ptr e, HttpResponse r) {
          if (e) return;
          out[i] = Finished{std::move(r),
                            std::chrono::duration_cast<milliseconds>(steady_clock::now() - start)};
        });
  }
  io.run_for(hang_guard);
  pool.join();
  return out;
}

TEST(HttpTransfer, SlowAnswersRunConcurrently) {
  ScriptedHttpServer server("127.0.0.1", [](const ScriptedRequest&) {
    return Pieces{{seconds(1), ScriptedHttpServer::Response(200, "", "slow")}};
  });
  std::vector<HttpRequest> reqs;
  for (int i = 0; i < 16; ++i) reqs.push_back(Get(server, "/" + std::to_string(i)));
  auto done = RunAll(reqs, seconds(20));
  milliseconds slowest{0};
  for (size_t i = 0; i < done.size(); ++i) {
    ASSERT_TRUE(done[i]) << i;
    EXPECT_EQ(done[i]->response.outcome, HttpOutcome::kOk) << i << ": " << done[i]->response.error;
    EXPECT_EQ(done[i]->response.body, "slow");
    EXPECT_GE(done[i]->after, milliseconds(950)) << "the server waited a second";
    slowest = std::max(slowest, done[i]->after);
  }
  // One after another (or two at a time) would take 16 (8) seconds.
  EXPECT_LT(slowest, seconds(4));
  EXPECT_EQ(server.requests().size(), 16u);
}

// Eight servers that never answer and eight that send their head and then
// one body byte a second of a gigabyte: every transfer ends at the probe's
// deadline, not later, while all sixteen are in flight.
TEST(HttpTransfer, DeadlineHoldsWithManyStalledTransfers) {
  ScriptedHttpServer silent("127.0.0.1", [](const ScriptedRequest&) {
    return Pieces{{std::chrono::hours(1), ""}};
  });
  ScriptedHttpServer trickle("127.0.0.1", [](const ScriptedRequest&) {
    Pieces p{{milliseconds(0), "HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\nx"}};
    for (int i = 0; i < 100; ++i) p.push_back({seconds(1), "x"});
    return p;
  });
  std::vector<HttpRequest> reqs;
  for (int i = 0; i < 8; ++i) reqs.push_back(Get(silent, "/"));
  for (int i = 0; i < 8; ++i) reqs.push_back(Get(trickle, "/"));
  auto done = RunAll(reqs, milliseconds(1500));
  for (size_t i = 0; i < done.size(); ++i) {
    ASSERT_TRUE(done[i]) << i;
    const HttpResponse& r = done[i]->response;
    EXPECT_EQ(r.outcome, HttpOutcome::kTimeout) << i << ": " << r.error;
    EXPECT_TRUE(r.connected) << i;
    EXPECT_GE(done[i]->after, milliseconds(1400)) << i;
    EXPECT_LT(done[i]->after, milliseconds(2000)) << i << ": the deadline was 1.5 s";
    if (i >= 8) {
      EXPECT_EQ(r.status, 200) << i << ": the head arrived";
      EXPECT_GE(r.body.size(), 1u) << i;
      EXPECT_LT(r.body.size(), 10u) << i;
    }
  }
}

TEST(HttpTransfer, MaxTimeCountsFromTheStart) {
  ScriptedHttpServer silent("127.0.0.1", [](const ScriptedRequest&) {
    return Pieces{{std::chrono::hours(1), ""}};
  });
  HttpRequest req = Get(silent, "/");
  req.max_time = milliseconds(700);
  auto done = RunAll({req, req, req, req}, seconds(20));
  for (const auto& d : done) {
    ASSERT_TRUE(d);
    EXPECT_EQ(d->response.outcome, HttpOutcome::kTimeout) << d->response.error;
    EXPECT_GE(d->after, milliseconds(650));
    EXPECT_LT(d->after, milliseconds(1200));
  }
}

TEST(HttpTransfer, CancelEndsTransfersInFlight) {
  ScriptedHttpServer silent("127.0.0.1", [](const ScriptedRequest&) {
    return Pieces{{std::chrono::hours(1), ""}};
  });
  std::vector<HttpRequest> reqs(16, Get(silent, "/"));
  auto hub = std::make_shared<CancelHub>();
  // From another thread, as a test or a signal may; the runner cancels from
  // its io thread.
  std::thread canceller([hub] {
    std::this_thread::sleep_for(milliseconds(400));
    hub->Cancel();
  });
  auto done = RunAll(reqs, seconds(20), hub);
  canceller.join();
  for (size_t i = 0; i < done.size(); ++i) {
    ASSERT_TRUE(done[i]) << i;
    EXPECT_EQ(done[i]->response.outcome, HttpOutcome::kCancelled)
        << i << ": " << done[i]->response.error;
    EXPECT_TRUE(done[i]->response.connected) << i << ": it was in flight";
    EXPECT_GE(done[i]->after, milliseconds(350)) << i;
    EXPECT_LT(done[i]->after, milliseconds(1400)) << i << ": cancelled at 0.4 s";
  }
}

// The destination check (curl_destination.h) still guards every socket the
// multi interface opens: an address the policy did not admit is refused.
TEST(HttpTransfer, UnadmittedAddressIsRefusedUnsent) {
  ScriptedHttpServer server("127.0.0.1", [](const ScriptedRequest&) {
    return ScriptedHttpServer::Response(200, "", "reached");
  });
  HttpRequest req = Get(server, "/");
  req.destination.addresses = {"127.0.0.11"};  // admitted, but not where the URL points
  auto done = RunAll({req}, seconds(10));
  ASSERT_TRUE(done[0]);
  EXPECT_EQ(done[0]->response.outcome, HttpOutcome::kRefused) << done[0]->response.error;
  EXPECT_NE(done[0]->response.error.find("127.0.0.1"), std::string::npos);
  EXPECT_FALSE(done[0]->response.connected);
  EXPECT_TRUE(server.requests().empty());
}

// `data` in the zlib format, as Content-Encoding: deflate carries it.
std::string Deflate(const std::string& data) {
  uLongf size = compressBound(data.size());
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), data.size(), 9) != Z_OK)
    return "";
  out.resize(size);
  return out;
}

HttpResponse FetchEncoded(const std::string& body, const std::string& encoding, size_t max_body) {
  ScriptedHttpServer server("127.0.0.1", [&](const ScriptedRequest&) {
    return ScriptedHttpServer::Response(200, "Content-Encoding: " + encoding + "\r\n", body);
  });
  HttpRequest req = Get(server, "/");
  req.max_body = max_body;
  auto done = RunAll({req}, seconds(20));
  return done[0] ? done[0]->response : HttpResponse{};
}

// 64 MiB of zeros sent as 65 KB (deflate) or as a few hundred bytes
// (deflate, deflate: libcurl undoes both); gzip is the same inflate in
// libcurl. With max_body far above, only the ratio bound can stop it, and it
// must do so after about kHttpDecodeRatioFrom decoded bytes, not at max_body.
TEST(HttpTransfer, DecompressionBombStopsEarly) {
  const std::string once = Deflate(std::string(64 << 20, '\0'));
  ASSERT_FALSE(once.empty());
  ASSERT_LT(once.size(), 100'000u);
  const std::string twice = Deflate(once);
  ASSERT_LT(twice.size(), 2'000u);
  const size_t max_body = 256u << 20;
  for (const auto& [body, encoding] : {std::pair{once, std::string("deflate")},
                                       std::pair{twice, std::string("deflate, deflate")}}) {
    HttpResponse r = FetchEncoded(body, encoding, max_body);
    EXPECT_EQ(r.outcome, HttpOutcome::kTooLarge) << encoding << ": " << r.error;
    EXPECT_NE(r.error.find("decoding ratio"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find(std::to_string(kHttpMaxDecodeRatio) + " times"), std::string::npos)
        << r.error;
    EXPECT_GE(r.body.size(), kHttpDecodeRatioFrom - CURL_MAX_WRITE_SIZE) << encoding;
    EXPECT_LT(r.body.size(), 2u << 20) << encoding << ": stopped far below max_body";
  }
}

// The ratio bound leaves ordinary compressible pages alone, large or small.
TEST(HttpTransfer, CompressiblePageIsNotABomb) {
  std::string page;
  for (int i = 0; page.size() < (4u << 20); ++i)
    page += "<p class=\"row\">Row " + std::to_string(i * 7919 % 100003) + " of the table</p>\n";
  const std::string packed = Deflate(page);
  ASSERT_GT(packed.size(), page.size() / kHttpMaxDecodeRatio);
  HttpResponse r = FetchEncoded(packed, "deflate", 8u << 20);
  EXPECT_EQ(r.outcome, HttpOutcome::kOk) << r.error;
  EXPECT_EQ(r.body, page);
  HttpResponse small = FetchEncoded(Deflate(std::string(900'000, 'a')), "deflate", 8u << 20);
  EXPECT_EQ(small.outcome, HttpOutcome::kOk) << "below kHttpDecodeRatioFrom: " << small.error;
  EXPECT_EQ(small.body.size(), 900'000u);
}

std::string HeadWith(size_t lines, size_t value_bytes) {
  std::string head = "HTTP/1.1 200 OK\r\n";
  for (size_t i = 0; i < lines; ++i)
    head += "X-Flood-" + std::to_string(i) + ": " + std::string(value_bytes, 'v') + "\r\n";
  return head + "Content-Length: 2\r\nConnection: close\r\n\r\nok";
}

TEST(HttpTransfer, HeaderFloodIsCutOffWithEvidence) {
  // 5000 short lines: under the byte bound, far over the line bound.
  ScriptedHttpServer many("127.0.0.1", [](const ScriptedRequest&) { return HeadWith(5000, 1); });
  auto done = RunAll({Get(many, "/")}, seconds(10));
  ASSERT_TRUE(done[0]);
  const HttpResponse& r = done[0]->response;
  EXPECT_EQ(r.outcome, HttpOutcome::kTooLarge) << r.error;
  EXPECT_NE(r.error.find(std::to_string(kHttpMaxHeaderLines) + " header lines"), std::string::npos)
      << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.size(), kHttpMaxHeaderLines) << "the ones kept are the evidence";
  EXPECT_TRUE(r.body.empty());
  bool recorded = false;
  for (const auto& rec : r.transcript)
    recorded |= rec["dir"] == "received" &&
                rec["text"].get<std::string>().find("X-Flood-99:") != std::string::npos;
  EXPECT_TRUE(recorded) << r.transcript.dump();

  // Few, long lines: over the byte bound first.
  ScriptedHttpServer long_lines("127.0.0.1",
                                [](const ScriptedRequest&) { return HeadWith(40, 4000); });
  auto big = RunAll({Get(long_lines, "/")}, seconds(10));
  ASSERT_TRUE(big[0]);
  EXPECT_EQ(big[0]->response.outcome, HttpOutcome::kTooLarge) << big[0]->response.error;
  EXPECT_NE(big[0]->response.error.find(std::to_string(kHttpMaxHeaderBytes) + " bytes"),
            std::string::npos)
      << big[0]->response.error;

  // At the bound exactly: an answer.
  ScriptedHttpServer at_bound("127.0.0.1", [](const ScriptedRequest&) {
    return HeadWith(kHttpMaxHeaderLines - 2, 1);  // plus Content-Length, Connection
  });
  auto ok = RunAll({Get(at_bound, "/")}, seconds(10));
  ASSERT_TRUE(ok[0]);
  EXPECT_EQ(ok[0]->response.outcome, HttpOutcome::kOk) << ok[0]->response.error;
  EXPECT_EQ(ok[0]->response.headers.size(), kHttpMaxHeaderLines);
}

// A chunked body as `chunks` chunks of `size` bytes each, then the last.
std::string Chunked(size_t chunks, size_t size) {
  char head[16];
  std::snprintf(head, sizeof head, "%zx\r\n", size);
  std::string body = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  const std::string chunk = head + std::string(size, 'a') + "\r\n";
  for (size_t i = 0; i < chunks; ++i) body += chunk;
  return body + "0\r\n\r\n";
}

TEST(HttpTransfer, TinyChunksAreCutOffAtThePieceBound) {
  // 200000 one-byte chunks: 1.2 MB on the wire, each a callback on the io
  // thread.
  ScriptedHttpServer tiny("127.0.0.1", [](const ScriptedRequest&) { return Chunked(200000, 1); });
  auto done = RunAll({Get(tiny, "/")}, seconds(10));
  ASSERT_TRUE(done[0]);
  EXPECT_EQ(done[0]->response.outcome, HttpOutcome::kTooLarge) << done[0]->response.error;
  EXPECT_NE(done[0]->response.error.find(std::to_string(kHttpMaxBodyPieces) + " pieces"),
            std::string::npos)
      << done[0]->response.error;
  EXPECT_EQ(done[0]->response.body.size(), kHttpMaxBodyPieces);

  // Ordinary chunks, a thousand of them: an answer.
  ScriptedHttpServer ordinary("127.0.0.1",
                              [](const ScriptedRequest&) { return Chunked(1000, 4096); });
  auto ok = RunAll({Get(ordinary, "/")}, seconds(10));
  ASSERT_TRUE(ok[0]);
  EXPECT_EQ(ok[0]->response.outcome, HttpOutcome::kOk) << ok[0]->response.error;
  EXPECT_EQ(ok[0]->response.body.size(), 1000u * 4096);
}

// The runner may give up on a straggler and destroy its io_context with a
// transfer in flight: nothing runs afterwards and the socket is closed.
TEST(HttpTransfer, DestroyedContextClosesItsTransfers) {
  namespace ip = boost::asio::ip;
  boost::asio::io_context server_io;
  ip::tcp::acceptor acceptor(server_io, {ip::make_address("127.0.0.1"), 0});
  acceptor.non_blocking(true);  // accept below must not wait for a client that never came
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/";
  req.destination = TestTargets()->Admit("127.0.0.1", acceptor.local_endpoint().port()).destination;
  bool completed = false;
  {
    boost::asio::io_context io;
    ProbeContext ctx;
    ctx.executor = io.get_executor();
    ctx.deadline = steady_clock::now() + seconds(30);
    ctx.cancel = std::make_shared<CancelHub>();
    boost::asio::co_spawn(io, PerformHttp(ctx, req),
                          [&completed](std::exception_ptr, HttpResponse) { completed = true; });
    io.run_for(milliseconds(500));
  }
  EXPECT_FALSE(completed);
  ip::tcp::socket peer(server_io);
  boost::system::error_code ec;
  acceptor.accept(peer, ec);  // in the backlog since the client connected
  ASSERT_FALSE(ec) << ec.message();
  // The client's request, then its end of the connection: end of stream.
  pollfd p{peer.native_handle(), POLLIN, 0};
  std::string got;
  char buf[4096];
  for (int i = 0; i < 20 && poll(&p, 1, 2000) == 1; ++i) {
    const ssize_t n = recv(peer.native_handle(), buf, sizeof buf, 0);
    if (n <= 0) {
      SUCCEED();
      EXPECT_NE(got.find("GET / HTTP/1.1"), std::string::npos) << got;
      return;
    }
    got.append(buf, static_cast<size_t>(n));
  }
  ADD_FAILURE() << "the connection stayed open after its io_context was destroyed: " << got;
}

}  // namespace
}  // namespace pooltest
