// The reference pool's Stratum server spoken to line by line by a raw client:
// handshake order, every error code, real share judgement, hostile input.
#include "refpool/stratum_server.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "refpool/stratum_share.h"
#include "tests/stratum/stratum_test_support.h"

namespace pooltest {
namespace {

using nlohmann::json;
using testing::LineClient;
using testing::ServerThread;

json Req(int id, const std::string& method, json params) {
  return json{{"id", id}, {"method", method}, {"params", std::move(params)}};
}

// Subscribes and authorizes; returns the subscribe result, leaves the last
// mining.notify in client.last_notify.
json Handshake(LineClient& c, const std::string& user = "alice.rig1") {
  EXPECT_TRUE(c.Send(Req(1, "mining.subscribe", {"test/1"})));
  json sub = c.ReadResponse(1);
  EXPECT_TRUE(c.Send(Req(2, "mining.authorize", {user, "x"})));
  json auth = c.ReadResponse(2);
  EXPECT_EQ(auth.value("result", json()), true) << auth;
  return sub;
}

int ErrorCode(const json& response) {
  if (!response.is_object() || !response.contains("error") || !response["error"].is_array() ||
      response["error"].empty() || !response["error"][0].is_number_integer()) {
    return -1;
  }
  return response["error"][0].get<int>();
}

TEST(StratumServer, SubscribeResultShape) {
  ServerThread server({}, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", {"test/1"})));
  json r = c.ReadResponse(1);
  ASSERT_TRUE(r.is_object()) << r;
  EXPECT_TRUE(r["error"].is_null());
  ASSERT_TRUE(r["result"].is_array());
  ASSERT_EQ(r["result"].size(), 3u);
  EXPECT_EQ(r["result"][0][0][0], "mining.set_difficulty");
  EXPECT_EQ(r["result"][0][1][0], "mining.notify");
  std::string en1 = r["result"][1].get<std::string>();
  EXPECT_EQ(en1.size(), 8u);
  EXPECT_TRUE(HexDecode(en1).has_value());
  EXPECT_EQ(r["result"][2], 4);

  LineClient c2("127.0.0.11", server.port());
  ASSERT_TRUE(c2.Send(Req(1, "mining.subscribe", json::array())));
  json r2 = c2.ReadResponse(1);
  ASSERT_TRUE(r2.is_object());
  EXPECT_NE(r2["result"][1], en1) << "extranonce1 must be unique per session";
}

// The ids of the responses (not notifications) received until the one with
// `last`, at most 20 lines.
std::vector<int> ResponseIdsUntil(LineClient& c, int last) {
  std::vector<int> ids;
  for (int i = 0; i < 20; ++i) {
    json j = c.ReadJson();
    if (!j.is_object()) break;
    if (j.contains("method") || !j.value("id", json()).is_number_integer()) continue;
    ids.push_back(j["id"].get<int>());
    if (ids.back() == last) break;
  }
  return ids;
}

TEST(StratumServer, RepeatedSubscribeGetsNoReplyLikeCkpool) {
  ServerThread server({}, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", {"test/1"})));
  ASSERT_TRUE(c.Send(Req(2, "mining.subscribe", {"test/1"})));
  ASSERT_TRUE(c.Send(Req(3, "mining.authorize", {"alice", "x"})));
  // Neither a result nor an error for id 2: ckpool only logs the repeat.
  EXPECT_EQ(ResponseIdsUntil(c, 3), (std::vector<int>{1, 3}));
}

TEST(StratumServer, RepeatedSubscribeAnsweredWhenLenient) {
  StratumBehaviour b;
  b.ignore_repeated_subscribe = false;
  ServerThread server(b, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", {"test/1"})));
  ASSERT_TRUE(c.Send(Req(2, "mining.subscribe", {"test/1"})));
  ASSERT_TRUE(c.Send(Req(3, "mining.authorize", {"alice", "x"})));
  EXPECT_EQ(ResponseIdsUntil(c, 3), (std::vector<int>{1, 2, 3}));
}

TEST(StratumServer, EveryNthConnectionIsADeadBackend) {
  StratumBehaviour b;
  b.silent_every = 2;
  ServerThread server(b, {"127.0.0.11"});
  for (int n = 1; n <= 3; ++n) {
    LineClient c("127.0.0.11", server.port());
    ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", {"test/1"})));
    if (n != 2) {
      EXPECT_TRUE(c.ReadResponse(1).is_object()) << "connection " << n;
    } else {
      // Accepted, never answered: the client's 5 s receive timeout ends it.
      EXPECT_FALSE(c.ReadLine().has_value()) << "connection " << n;
    }
  }
}

TEST(StratumServer, NotifyBeforeAuthorizeResultWhenConfigured) {
  ServerThread server({}, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", json::array())));
  c.ReadResponse(1);
  ASSERT_TRUE(c.Send(Req(2, "mining.authorize", {"alice", "x"})));
  json a = c.ReadJson(), b = c.ReadJson(), d = c.ReadJson();
  EXPECT_EQ(a.value("method", ""), "mining.set_difficulty");
  EXPECT_EQ(a["params"][0], 1024);
  EXPECT_EQ(b.value("method", ""), "mining.notify");
  ASSERT_EQ(b["params"].size(), 9u);
  EXPECT_EQ(b["params"][1].get<std::string>().size(), 64u);  // prevhash
  EXPECT_TRUE(b["params"][4].is_array());                    // merkle branch
  EXPECT_EQ(b["params"][8], true);                           // clean_jobs
  EXPECT_EQ(d.value("id", json()), 2);
  EXPECT_EQ(d.value("result", json()), true);
}

TEST(StratumServer, AuthorizeResultFirstWhenConfigured) {
  StratumBehaviour b;
  b.notify_before_authorize_result = false;
  ServerThread server(b, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", json::array())));
  c.ReadResponse(1);
  ASSERT_TRUE(c.Send(Req(2, "mining.authorize", {"alice", "x"})));
  EXPECT_EQ(c.ReadJson().value("id", json()), 2);
  EXPECT_EQ(c.ReadJson().value("method", ""), "mining.set_difficulty");
  EXPECT_EQ(c.ReadJson().value("method", ""), "mining.notify");
}

TEST(StratumServer, RejectAuthorization) {
  StratumBehaviour b;
  b.reject_authorization = true;
  ServerThread server(b, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", json::array())));
  c.ReadResponse(1);
  ASSERT_TRUE(c.Send(Req(2, "mining.authorize", {"alice", "x"})));
  json r = c.ReadResponse(2);
  EXPECT_EQ(r.value("result", json()), false);
  EXPECT_EQ(ErrorCode(r), 24);
  EXPECT_EQ(r["error"][1], "Unauthorized worker");
}

TEST(StratumServer, SubmitErrorCodes) {
  ServerThread server({}, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  // Not subscribed.
  ASSERT_TRUE(c.Send(Req(5, "mining.submit", {"alice", "1", "00000000", "00000000", "00000000"})));
  EXPECT_EQ(ErrorCode(c.ReadResponse(5)), 25);
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", json::array())));
  c.ReadResponse(1);
  // Subscribed, not authorized.
  ASSERT_TRUE(c.Send(Req(6, "mining.submit", {"alice", "1", "00000000", "00000000", "00000000"})));
  EXPECT_EQ(ErrorCode(c.ReadResponse(6)), 24);
  ASSERT_TRUE(c.Send(Req(2, "mining.authorize", {"alice", "x"})));
  c.ReadResponse(2);
  ASSERT_TRUE(c.last_notify.is_object());
  const std::string job = c.last_notify["params"][0];
  const std::string ntime = c.last_notify["params"][7];
  // Unknown job.
  ASSERT_TRUE(c.Send(Req(7, "mining.submit", {"alice", "nojob", "00000000", ntime, "00000000"})));
  EXPECT_EQ(ErrorCode(c.ReadResponse(7)), 21);
  // Wrong extranonce2 size.
  ASSERT_TRUE(c.Send(Req(8, "mining.submit", {"alice", job, "00", ntime, "00000000"})));
  EXPECT_EQ(ErrorCode(c.ReadResponse(8)), 20);
  // A dummy share at difficulty 1024 is low difficulty; again, a duplicate.
  ASSERT_TRUE(c.Send(Req(9, "mining.submit", {"alice", job, "00000000", ntime, "00000000"})));
  json low = c.ReadResponse(9);
  EXPECT_EQ(ErrorCode(low), 23);
  EXPECT_EQ(low["error"][1], "Low difficulty share");
  EXPECT_EQ(low["result"], false);
  ASSERT_TRUE(c.Send(Req(10, "mining.submit", {"alice", job, "00000000", ntime, "00000000"})));
  EXPECT_EQ(ErrorCode(c.ReadResponse(10)), 22);
  // Unknown method and string ids.
  ASSERT_TRUE(
      c.Send(json{{"id", "x1"}, {"method", "mining.frobnicate"}, {"params", json::array()}}));
  json unk = c.ReadJson();
  EXPECT_EQ(unk["id"], "x1");
  EXPECT_EQ(ErrorCode(unk), 20);
}

TEST(StratumServer, ShareMeetingTheTargetIsAccepted) {
  StratumBehaviour b;
  b.difficulty = 1e-9;  // about one hash in four meets it
  ServerThread server(b, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  json sub = Handshake(c);
  ASSERT_TRUE(c.last_notify.is_object());
  const StratumJob job = testing::JobFromNotify(c.last_notify);
  const std::string en1 = sub["result"][1];
  const std::string en2 = "0000abcd";

  std::string good, bad;
  for (uint32_t n = 0; n < 2000 && (good.empty() || bad.empty()); ++n) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", n);
    auto header = BuildShareHeader(job, en1, en2, job.ntime, hex);
    ASSERT_TRUE(header.ok()) << header.error().message;
    (HashDifficulty(Sha256d(*header)) >= b.difficulty ? good : bad) = hex;
  }
  ASSERT_FALSE(good.empty());
  ASSERT_FALSE(bad.empty());
  ASSERT_TRUE(c.Send(Req(3, "mining.submit", {"alice.rig1", job.job_id, en2, job.ntime, good})));
  json accepted = c.ReadResponse(3);
  EXPECT_EQ(accepted.value("result", json()), true) << accepted;
  EXPECT_TRUE(accepted["error"].is_null());
  ASSERT_TRUE(c.Send(Req(4, "mining.submit", {"alice.rig1", job.job_id, en2, job.ntime, bad})));
  EXPECT_EQ(ErrorCode(c.ReadResponse(4)), 23);
  // The same good share again is a duplicate.
  ASSERT_TRUE(c.Send(Req(5, "mining.submit", {"alice.rig1", job.job_id, en2, job.ntime, good})));
  EXPECT_EQ(ErrorCode(c.ReadResponse(5)), 22);
}

TEST(StratumServer, InvalidJsonKeepsTheSessionAlive) {
  ServerThread server({}, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.SendRaw("this is not json\n"));
  json e = c.ReadJson();
  EXPECT_EQ(ErrorCode(e), 20);
  EXPECT_TRUE(e["id"].is_null());
  ASSERT_TRUE(c.SendRaw("[1,2,3]\n{\"id\":4}\n{\"id\":5,\"method\":7}\n"));
  EXPECT_EQ(ErrorCode(c.ReadJson()), 20);
  EXPECT_EQ(ErrorCode(c.ReadJson()), 20);
  EXPECT_EQ(ErrorCode(c.ReadJson()), 20);
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", json::array())));
  EXPECT_TRUE(c.ReadResponse(1)["result"].is_array());
}

TEST(StratumServer, HostileInputDoesNotStopServingOthers) {
  ServerThread server({}, {"127.0.0.11"});
  {
    // Binary junk with newlines and invalid UTF-8 inside JSON strings.
    LineClient junk("127.0.0.11", server.port());
    std::string bytes;
    for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<char>((i * 37) & 0xff));
    ASSERT_TRUE(junk.SendRaw(bytes + "\n"));
    ASSERT_TRUE(junk.SendRaw("{\"id\":\"\xff\xfe\",\"method\":\"\xc3\x28\"}\n"));
    ASSERT_TRUE(junk.SendRaw(
        "{\"id\":1,\"method\":\"mining.authorize\",\"params\":[\"\xff\xfe\",null]}\n"));
  }
  {
    // A line longer than the 16 KiB cap: the server hangs up on it.
    LineClient huge("127.0.0.11", server.port());
    ASSERT_TRUE(huge.connected());
    huge.SendRaw(std::string(64 * 1024, 'a'));
    EXPECT_TRUE(huge.PeerClosed());
  }
  {
    // Deeply nested JSON.
    LineClient deep("127.0.0.11", server.port());
    ASSERT_TRUE(deep.SendRaw(std::string(8000, '[') + "\n"));
    EXPECT_EQ(ErrorCode(deep.ReadJson()), 20);
  }
  LineClient good("127.0.0.11", server.port());
  ASSERT_TRUE(good.connected());
  Handshake(good);
  EXPECT_TRUE(good.last_notify.is_object());
}

TEST(StratumServer, ListensOnSeveralAddresses) {
  ServerThread server({}, {"127.0.0.11", "127.0.0.12"});
  ASSERT_NE(server.port(0), 0);
  ASSERT_NE(server.port(1), 0);
  LineClient a("127.0.0.11", server.port(0));
  LineClient b("127.0.0.12", server.port(1));
  Handshake(a);
  Handshake(b);
  EXPECT_TRUE(a.last_notify.is_object());
  EXPECT_TRUE(b.last_notify.is_object());
}

TEST(StratumServer, GarbageModeAnswersWithNonJson) {
  StratumBehaviour b;
  b.garbage = true;
  ServerThread server(b, {"127.0.0.11"});
  LineClient c("127.0.0.11", server.port());
  ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", json::array())));
  auto line = c.ReadLine();
  ASSERT_TRUE(line.has_value());
  EXPECT_TRUE(json::parse(*line, nullptr, false).is_discarded());
}

TEST(StratumServer, ListenErrorsNameTheAddress) {
  boost::asio::io_context io;
  StratumServer server(io, {});
  auto bad = server.Listen("not-an-ip", 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not-an-ip"), std::string::npos);
  auto first = server.Listen("127.0.0.11", 0);
  ASSERT_TRUE(first.ok());
  // Same port on the same address is taken.
  StratumServer other(io, {});
  auto taken = other.Listen("127.0.0.11", *first);
  EXPECT_FALSE(taken.ok());
  server.Stop();
  other.Stop();
  io.run();
}

}  // namespace
}  // namespace pooltest
