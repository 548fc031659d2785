// The ticket API face's misbehaviours (HTTP on the desk's base URL:
// POST /api/support/tickets opens a ticket, GET /api/support/tickets/<id>
// reads it) and their rows of the behaviour table. Where a behaviour keeps
// part of the exchange correct, a human reply is one that does not match
// the scenario's auto_reply_pattern.
#include "tests/hostile/hostile_behaviour.h"
#include "tests/hostile/hostile_http.h"

namespace pooltest::hostile {
namespace {

using namespace std::chrono_literals;

constexpr char kTickets[] = "/api/support/tickets";
constexpr char kJson[] = "application/json";

bool IsCreate(const HttpSeen& r) { return r.method == "POST" && r.target == kTickets; }

std::string Created(const std::string& id_json) {
  return HttpResponse(201, kJson, R"({"id":)" + id_json + "}");
}

std::string HumanReply() {
  return HttpResponse(200, kJson,
                      R"({"replies":[{"text":"Hello, this is Aigerim from support: )"
                      R"(your request is being handled.","auto":false}]})");
}

asio::awaitable<void> NotJson(Wire& w, const HttpSeen&) {
  const std::string all = HttpResponse(201, "text/html; charset=utf-8",
                                       "<html><body><h1>Ticket created!</h1></body></html>");
  co_await w.Write(all);
}

asio::awaitable<void> HugeCreateReply(Wire& w, const HttpSeen&) {
  // A valid JSON answer of 64 MiB, the id first.
  const std::string all =
      HttpResponse(201, kJson, R"({"id":"7","pad":")" + std::string(64 << 20, 'p') + "\"}");
  co_await w.Write(all);
}

asio::awaitable<void> NeverAnswers(Wire& w, const HttpSeen&) { co_await w.HoldUntilClosed(); }

// A desk that answers correctly under the id `id_json` (a JSON value): a
// poll arriving at exactly `poll_target` gets a human reply, any other 404.
asio::awaitable<void> WeirdId(Wire& w, const HttpSeen& r, const std::string& id_json,
                              const std::string& poll_target) {
  std::string all;
  if (IsCreate(r)) {
    all = Created(id_json);
  } else if (r.method == "GET" && r.target == poll_target) {
    all = HumanReply();
  } else {
    all = HttpResponse(404, kJson, R"({"error":"no such ticket"})");
  }
  co_await w.Write(all);
}

constexpr char kDotDotTarget[] = "/api/support/tickets/..%2F..%2Fadmin%2Fusers";
constexpr char kSpacesTarget[] = "/api/support/tickets/ticket%2042%20";
constexpr char kQueryTarget[] = "/api/support/tickets/7%3Fx%3D1%26y%23frag";
constexpr char kCrlfTarget[] = "/api/support/tickets/1%0D%0AX-Injected%3A%20yes";

asio::awaitable<void> DotDotId(Wire& w, const HttpSeen& r) {
  co_await WeirdId(w, r, R"("../../admin/users")", kDotDotTarget);
}
asio::awaitable<void> SpacesId(Wire& w, const HttpSeen& r) {
  co_await WeirdId(w, r, R"("ticket 42 ")", kSpacesTarget);
}
asio::awaitable<void> QueryFragmentId(Wire& w, const HttpSeen& r) {
  co_await WeirdId(w, r, R"("7?x=1&y#frag")", kQueryTarget);
}
asio::awaitable<void> CrlfId(Wire& w, const HttpSeen& r) {
  co_await WeirdId(w, r, R"("1\r\nX-Injected: yes")", kCrlfTarget);
}

asio::awaitable<void> HugeId(Wire& w, const HttpSeen& r) {
  // A 60 KB id: the poll URL is three times that once percent-encoded.
  const std::string id = std::string(20000, '/') + std::string(40000, 'i');
  const std::string all = IsCreate(r) ? Created("\"" + id + "\"") : HumanReply();
  co_await w.Write(all);
}

// The ticket opens correctly (id 5); what a poll gets is `answer`.
asio::awaitable<void> OpenThen(Wire& w, const HttpSeen& r, const std::string& answer) {
  const std::string all = IsCreate(r) ? Created("\"5\"") : answer;
  co_await w.Write(all);
}

asio::awaitable<void> DeepReply(Wire& w, const HttpSeen& r) {
  const std::string deep = HttpResponse(
      200, kJson, R"({"replies":)" + std::string(100000, '[') + std::string(100000, ']') + "}");
  co_await OpenThen(w, r, deep);
}

asio::awaitable<void> HugePollReply(Wire& w, const HttpSeen& r) {
  const std::string huge = HttpResponse(
      200, kJson, R"({"replies":[{"text":")" + std::string(64 << 20, 'r') + R"(","auto":false}]})");
  co_await OpenThen(w, r, huge);
}

asio::awaitable<void> EndlessPollBody(Wire& w, const HttpSeen& r) {
  if (IsCreate(r)) {
    const std::string created = Created("\"5\"");
    co_await w.Write(created);
    co_return;
  }
  // JSON whitespace without end (4 GiB at most), never the closing bracket.
  co_await w.Flood(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
      R"({"replies":[)",
      " ", size_t{4} << 30);
}

asio::awaitable<void> DripCreate(Wire& w, const HttpSeen&) {
  const std::string all = Created("\"5\"");
  co_await w.Drip(all, 1s);
}

asio::awaitable<void> InvalidUtf8Reply(Wire& w, const HttpSeen& r) {
  const std::string bad = HttpResponse(
      200, kJson,
      std::string(R"({"replies":[{"text":"Hello )") +
          std::string("\xff\xfe\xc0\xaf\x00\x00 \xed\xa0\x80", 11) + R"(","auto":false}]})");
  co_await OpenThen(w, r, bad);
}

asio::awaitable<void> ReplyFlood(Wire& w, const HttpSeen& r) {
  // Half a million automatic acknowledgements, no human reply.
  std::string body = R"({"replies":[)";
  for (int i = 0; i < 500000; ++i) body += std::string(i ? "," : "") + R"({"text":"received"})";
  body += "]}";
  const std::string flood = HttpResponse(200, kJson, body);
  co_await OpenThen(w, r, flood);
}

asio::awaitable<void> ResetOnCreate(Wire& w, const HttpSeen&) {
  w.Reset();
  co_return;
}

Behaviour Row(std::string name, HttpPlay play, std::string what,
              std::vector<std::string> verdicts = {"fail"}, std::string poll_target = "") {
  Behaviour b = HostileRow(std::move(name), Face::kDesk, std::move(what), "R4.5.support",
                           std::move(verdicts));
  b.http = play;
  b.poll_target = std::move(poll_target);
  return b;
}

}  // namespace

std::vector<Behaviour> DeskBehaviours() {
  // A desk that answers correctly under a strange id is "works now",
  // inconclusive without a campaign: the harness must reach it at exactly
  // the percent-encoded poll URL, never at a path the id would make up.
  const std::vector<std::string> answered = {"inconclusive"};
  return {
      Row("desk_not_json", NotJson, "201 with an HTML page instead of JSON"),
      Row("desk_huge_reply", HugeCreateReply, "201 with 64 MiB of valid JSON"),
      Row("desk_never_answers", NeverAnswers, "reads the request, never answers"),
      Row("desk_id_dotdot", DotDotId, "ticket id ../../admin/users", answered, kDotDotTarget),
      Row("desk_id_spaces", SpacesId, "ticket id with spaces", answered, kSpacesTarget),
      Row("desk_id_query_fragment", QueryFragmentId, "ticket id with ?, & and #", answered,
          kQueryTarget),
      Row("desk_id_crlf", CrlfId, "ticket id with CR LF and a header", answered, kCrlfTarget),
      Row("desk_id_huge", HugeId, "a 60 KB ticket id", {"fail", "inconclusive"}),
      Row("desk_deep_reply", DeepReply, "poll answer nested 100000 deep"),
      Row("desk_huge_poll_reply", HugePollReply, "poll answer with a 64 MiB reply text"),
      Row("desk_endless_poll_body", EndlessPollBody, "poll answer without end"),
      Row("desk_drip", DripCreate, "the create answer at 1 byte/s"),
      Row("desk_invalid_utf8", InvalidUtf8Reply, "reply text with invalid UTF-8 and NULs",
          {"fail", "inconclusive"}),
      Row("desk_reply_flood", ReplyFlood, "500000 automatic replies, no human one"),
      Row("desk_rst_on_create", ResetOnCreate, "RST after reading the create request"),
  };
}

}  // namespace pooltest::hostile
