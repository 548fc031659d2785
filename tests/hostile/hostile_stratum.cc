// The stratum face's misbehaviours (plain TCP, on both addresses of the
// primary site) and their rows of the behaviour table. Each play answers
// what the harness sends the way a broken or hostile pool would; each ends
// when the harness goes away, and every loop has a bound besides.
#include <nlohmann/json.hpp>

#include "tests/hostile/hostile_behaviour.h"

namespace pooltest::hostile {
namespace {

using namespace std::chrono_literals;

// Well-formed pieces of a real conversation, for the parts a behaviour
// keeps correct.
constexpr char kNotify[] =
    R"({"id":null,"method":"mining.notify","params":["4d2f",)"
    R"("00000000a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbcc",)"
    R"("01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff1303a0bb0d08",)"
    R"("122f706f6f6c746573742d686f7374696c652fffffffff0100000000000000000000000000",)"
    R"([],"20000000","17034219","6650a1b2",true]})"
    "\n";

// The id of a request the harness sent ("null" when the line is not JSON).
std::string IdOf(const std::string& line) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  return j.is_object() && j.contains("id") ? j["id"].dump() : "null";
}

std::string SubscribeResult(const std::string& id) {
  return R"({"id":)" + id +
         R"(,"result":[[["mining.set_difficulty","d1"],["mining.notify","n1"]],"08000002",4],)"
         R"("error":null})"
         "\n";
}

std::string TrueResult(const std::string& id) {
  return R"({"id":)" + id + R"(,"result":true,"error":null})" + "\n";
}

// Reads the harness's mining.subscribe and answers it correctly.
asio::awaitable<void> AnswerSubscribe(Wire& w) {
  const std::string line = co_await w.ReadLine();
  const std::string answer = SubscribeResult(IdOf(line));
  co_await w.Write(answer);
}

// Reads the harness's mining.authorize and accepts it.
asio::awaitable<void> AnswerAuthorize(Wire& w) {
  const std::string line = co_await w.ReadLine();
  const std::string answer = TrueResult(IdOf(line));
  co_await w.Write(answer);
}

asio::awaitable<void> EndlessLine(Wire& w) {
  co_await w.ReadLine();
  co_await w.Flood(R"({"id":1,"result":")", "a", size_t{4} << 30);  // never a newline
}

asio::awaitable<void> HugeLine(Wire& w) {
  const std::string line = co_await w.ReadLine();
  // One complete, valid JSON line of 16 MiB.
  const std::string huge = R"({"id":)" + IdOf(line) + R"(,"result":[[],")" +
                           std::string(16 * 1024 * 1024, 'f') + R"(",4],"error":null})" + "\n";
  co_await w.Write(huge);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> Drip(Wire& w) {
  const std::string line = co_await w.ReadLine();
  // A correct answer, one byte a second: done in about 3 minutes at most.
  const std::string answer = SubscribeResult(IdOf(line)) + TrueResult("2") + kNotify;
  co_await w.Drip(answer, 1s);
}

asio::awaitable<void> ResetAfterAccept(Wire& w) {
  w.Reset();
  co_return;
}

asio::awaitable<void> ResetMidHandshake(Wire& w) {
  co_await AnswerSubscribe(w);
  co_await w.ReadLine();  // the authorize request
  w.Reset();
}

asio::awaitable<void> WrongIds(Wire& w) {
  // Every request answered, never under its own id.
  for (int i = 0; i < 100; ++i) {
    const std::string line = co_await w.ReadLine();
    const std::string id = IdOf(line);
    const std::string answers = SubscribeResult("\"" + id + "x\"") + SubscribeResult(id + "000") +
                                SubscribeResult("[" + id + "]") + TrueResult("{\"id\":" + id + "}");
    co_await w.Write(answers);
  }
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> DuplicateIds(Wire& w) {
  // Every answer under id 1, as a pool that echoes its first id would.
  const std::string subscribed = SubscribeResult("1");
  const std::string other = TrueResult("1") + kNotify;
  for (int i = 0; i < 2000; ++i) {
    const std::string line = co_await w.ReadLine();
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    const bool subscribe = j.is_object() && j.value("method", "") == "mining.subscribe";
    const std::string& answer = subscribe ? subscribed : other;
    co_await w.Write(answer);
  }
}

asio::awaitable<void> DeepJson(Wire& w) {
  const std::string line = co_await w.ReadLine();
  // 30000 levels: under the harness's 64 KiB line bound, far past any
  // recursive parser's stack and Python's recursion limit.
  const std::string deep = R"({"id":)" + IdOf(line) + R"(,"result":)" + std::string(30000, '[') +
                           std::string(30000, ']') + R"(,"error":null})" + "\n";
  co_await w.Write(deep);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> InvalidUtf8(Wire& w) {
  const std::string line = co_await w.ReadLine();
  // Overlong '/', a lone surrogate, bytes that never occur in UTF-8.
  const std::string bad =
      R"({"id":)" + IdOf(line) +
      "\x2c\"result\":[[],\"\xc0\xaf\xed\xa0\x80\xff\xfe\",4],\"error\":null}\n" + kNotify;
  co_await w.Write(bad);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> NulBytes(Wire& w) {
  const std::string line = co_await w.ReadLine();
  std::string bad = SubscribeResult(IdOf(line));
  bad.insert(bad.find("08000002") + 2, std::string("\0\0\0", 3));
  bad.insert(1, std::string("\0", 1));
  bad += kNotify;
  co_await w.Write(bad);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> NotifyFlood(Wire& w) {
  co_await AnswerSubscribe(w);
  // Work, and more work, but never an answer to mining.authorize.
  co_await w.Flood("", kNotify, size_t{4} << 30);
}

asio::awaitable<void> TlsBytes(Wire& w) {
  co_await w.ReadLine();
  // What a stratum+ssl port answers: a TLS 1.2 ServerHello record, then a
  // handshake-failure alert.
  std::string hello("\x16\x03\x03\x00\x2a\x02\x00\x00\x26\x03\x03", 11);
  for (int i = 0; i < 32; ++i) hello.push_back(static_cast<char>(0x5a + i));
  hello.append("\x00\xc0\x2f\x00", 4);
  hello.append("\x15\x03\x03\x00\x02\x02\x28", 7);
  co_await w.Write(hello);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> Silent(Wire& w) { co_await w.HoldUntilClosed(); }

asio::awaitable<void> BlankLineFlood(Wire& w) {
  co_await w.ReadLine();
  co_await w.Flood("", "\n", size_t{4} << 30);
}

asio::awaitable<void> AbsurdNumbers(Wire& w) {
  const std::string line = co_await w.ReadLine();
  const std::string id = IdOf(line);
  const std::string answer =
      R"({"id":null,"method":"mining.set_difficulty","params":[1e999]})"
      "\n"
      R"({"id":)" +
      id + R"(,"result":[[],"08000002",18446744073709551616],"error":null})" + "\n" + kNotify;
  co_await w.Write(answer);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> RequestFlood(Wire& w) {
  co_await AnswerSubscribe(w);
  // Requests the harness must answer, without end, and none of its own answered.
  for (int i = 0; i < 100000; ++i) {
    const std::string request = R"({"id":)" + std::to_string(1000 + i) +
                                R"(,"method":"client.get_version","params":[]})" + "\n";
    co_await w.Write(request);
  }
}

asio::awaitable<void> CloseBeforeWork(Wire& w) {
  co_await AnswerSubscribe(w);
  co_await AnswerAuthorize(w);
  w.Close();
}

asio::awaitable<void> NoWork(Wire& w) {
  co_await AnswerSubscribe(w);
  co_await AnswerAuthorize(w);
  co_await w.HoldUntilClosed();
}

asio::awaitable<void> HttpReply(Wire& w) {
  co_await w.ReadLine();
  co_await w.Write(
      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 24\r\n"
      "Connection: close\r\n\r\n<html>bad request</html>");
}

Behaviour Row(std::string name, StratumPlay play, std::string what) {
  Behaviour b = HostileRow(std::move(name), Face::kStratum, std::move(what),
                           "R4.4.channels.primary", {"fail"});
  b.stratum = play;
  return b;
}

}  // namespace

std::vector<Behaviour> StratumBehaviours() {
  std::vector<Behaviour> rows = {
      Row("stratum_endless_line", EndlessLine, "one line without end (no newline)"),
      Row("stratum_huge_line", HugeLine, "one valid 16 MiB JSON line"),
      Row("stratum_drip", Drip, "a correct answer at 1 byte/s"),
      Row("stratum_rst_after_accept", ResetAfterAccept, "RST right after accept"),
      Row("stratum_rst_mid_handshake", ResetMidHandshake, "subscribes, then RST on authorize"),
      Row("stratum_wrong_ids", WrongIds, "every answer under an id never asked"),
      Row("stratum_duplicate_ids", DuplicateIds, "every answer under id 1"),
      Row("stratum_deep_json", DeepJson, "a result nested 30000 deep"),
      Row("stratum_invalid_utf8", InvalidUtf8, "overlong, surrogate and 0xff bytes in a string"),
      Row("stratum_nul_bytes", NulBytes, "raw NUL bytes inside and between JSON tokens"),
      Row("stratum_notify_flood", NotifyFlood, "endless mining.notify, authorize never answered"),
      Row("stratum_tls_bytes", TlsBytes, "TLS records on the plain stratum port"),
      Row("stratum_silent", Silent, "accepts, reads, never answers"),
      Row("stratum_never_accepts", nullptr, "listens, never accepts (kernel backlog only)"),
      Row("stratum_blank_line_flood", BlankLineFlood, "endless empty lines"),
      Row("stratum_absurd_numbers", AbsurdNumbers, "difficulty 1e999, extranonce2_size 2^64"),
      Row("stratum_request_flood", RequestFlood, "endless client.get_version requests"),
      Row("stratum_close_before_work", CloseBeforeWork, "authorizes, closes before any work"),
      Row("stratum_no_work", NoWork, "authorizes, never sends work"),
      Row("stratum_http_reply", HttpReply, "an HTTP server on the stratum port"),
  };
  for (Behaviour& b : rows) {
    if (b.name == "stratum_never_accepts") b.never_accept = true;
  }
  return rows;
}

}  // namespace pooltest::hostile
