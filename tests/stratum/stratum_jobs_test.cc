// The reference pool's work over time: a new job at the configured interval
// with advancing ntime, old jobs of the same block still accepted, jobs
// replaced by a new block rejected as stale, and one log line per session
// event and share. Against the real server on loopback, with short intervals.
#include "refpool/stratum_jobs.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "refpool/refpool_config.h"
#include "refpool/stratum_share.h"
#include "tests/stratum/stratum_test_support.h"

namespace pooltest {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;
using testing::LineClient;
using testing::ServerThread;

json Req(int id, const std::string& method, json params) {
  return json{{"id", id}, {"method", method}, {"params", std::move(params)}};
}

// A nonce whose share meets `difficulty` (or, with `meet` false, misses it).
std::string Nonce(const StratumJob& job, const std::string& en1, const std::string& en2,
                  double difficulty, bool meet = true) {
  for (uint32_t n = 0; n < 5000; ++n) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", n);
    auto header = BuildShareHeader(job, en1, en2, job.ntime, hex);
    if (header && (HashDifficulty(Sha256d(*header)) >= difficulty) == meet) return hex;
  }
  return "";
}

int ErrorCode(const json& r) {
  if (!r.is_object() || !r["error"].is_array() || r["error"].empty()) return -1;
  return r["error"][0].get<int>();
}

// The next mining.notify on `c` (bounded: 20 lines, each within 5 s).
json NextNotify(LineClient& c) {
  for (int i = 0; i < 20; ++i) {
    json j = c.ReadJson();
    if (j.is_discarded()) return j;
    if (j.is_object() && j.value("method", "") == "mining.notify") return j;
  }
  return json(json::value_t::discarded);
}

TEST(StratumWork, NewBlockMakesEveryEarlierJobStale) {
  const auto t0 = std::chrono::system_clock::time_point{std::chrono::seconds{1'700'000'000}};
  StratumWork work(4, 3, 7, t0);
  auto b1 = work.book();
  ASSERT_EQ(b1->valid.size(), 1u);
  EXPECT_TRUE(b1->clean);
  const std::string j1 = b1->current().job_id;
  auto b2 = work.Next(t0 + std::chrono::seconds(30));
  EXPECT_FALSE(b2->clean);
  EXPECT_NE(b2->current().job_id, j1);
  EXPECT_EQ(b2->current().prevhash, b1->current().prevhash);
  EXPECT_EQ(b2->current().ntime, "6553f11e");  // 1700000030
  EXPECT_NE(b2->Find(j1), nullptr);
  work.Next(t0 + std::chrono::seconds(60));
  auto b4 = work.Next(t0 + std::chrono::seconds(90));  // the 4th job: a new block
  EXPECT_TRUE(b4->clean);
  EXPECT_NE(b4->current().prevhash, b1->current().prevhash);
  EXPECT_EQ(b4->valid.size(), 1u);
  EXPECT_EQ(b4->Find(j1), nullptr);
  EXPECT_TRUE(b4->IsStale(j1));
  EXPECT_EQ(b4->stale.size(), 3u);
  // The snapshot a session holds does not change under it.
  EXPECT_NE(b1->Find(j1), nullptr);
}

TEST(StratumWork, BooksStayBounded) {
  const auto t0 = std::chrono::system_clock::now();
  StratumWork rare_blocks(4, 1'000'000, 1, t0);
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) ids.push_back(rare_blocks.Next(t0)->current().job_id);
  auto book = rare_blocks.book();
  EXPECT_EQ(book->valid.size(), kMaxValidJobs);
  EXPECT_EQ(book->stale.size(), kRememberedStaleJobs);
  EXPECT_FALSE(book->clean);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end()) << "job ids must be unique";
}

TEST(StratumJobs, NewJobsAtTheIntervalOldOnesValidUntilANewBlock) {
  StratumBehaviour b;
  b.difficulty = 1e-9;  // about one hash in four meets it
  b.job_interval = std::chrono::milliseconds(600);
  b.new_block_every = 3;
  std::mutex mu;
  std::vector<std::string> log;
  ServerThread server(b, {"127.0.0.11"}, [&](const std::string& line) {
    std::lock_guard lock(mu);
    log.push_back(line);
  });
  {
    LineClient c("127.0.0.11", server.port());
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(c.Send(Req(1, "mining.subscribe", {"test/1"})));
    const std::string en1 = c.ReadResponse(1)["result"][1];
    ASSERT_TRUE(c.Send(Req(2, "mining.authorize", {"alice.rig1", "x"})));
    ASSERT_EQ(c.ReadResponse(2).value("result", json()), true);
    // The first work is whatever job is current, always clean.
    ASSERT_TRUE(c.last_notify.is_object());
    EXPECT_EQ(c.last_notify["params"][8], true);

    // Collect jobs until the first of a new block.
    std::vector<json> notes = {c.last_notify};
    std::vector<steady_clock::time_point> at = {steady_clock::now()};
    for (int i = 0; i < 5 && (notes.size() < 2 || notes.back()["params"][8] != true); ++i) {
      json n = NextNotify(c);
      ASSERT_TRUE(n.is_object()) << "no new job within 5 s at an interval of 0.6 s";
      notes.push_back(n);
      at.push_back(steady_clock::now());
      if (notes.size() == 2) {
        // A share on the previous job of the same block is still good.
        const StratumJob old = testing::JobFromNotify(notes[0]);
        const std::string nonce = Nonce(old, en1, "00000001", b.difficulty);
        ASSERT_FALSE(nonce.empty());
        ASSERT_TRUE(c.Send(
            Req(10, "mining.submit", {"alice.rig1", old.job_id, "00000001", old.ntime, nonce})));
        json r = c.ReadResponse(10);
        EXPECT_EQ(r.value("result", json()), true) << r;
      }
    }
    ASSERT_GE(notes.size(), 3u);
    const json& last = notes.back();
    ASSERT_EQ(last["params"][8], true) << "no new block (clean_jobs) after 3 jobs";
    for (size_t i = 1; i < notes.size(); ++i) {
      EXPECT_NE(notes[i]["params"][0], notes[i - 1]["params"][0]) << "job ids must change";
      EXPECT_GE(notes[i]["params"][7].get<std::string>(),
                notes[i - 1]["params"][7].get<std::string>())
          << "ntime must not go back";
      const double gap = std::chrono::duration<double>(at[i] - at[i - 1]).count();
      if (i >= 2) {  // the first gap starts at the handshake, not at a job
        EXPECT_GT(gap, 0.3) << "job " << i;
        EXPECT_LT(gap, 3.0) << "job " << i;
      }
    }
    // Jobs 1.2 s apart cross at least one second boundary.
    EXPECT_GT(notes[2]["params"][7].get<std::string>(), notes[0]["params"][7].get<std::string>());

    // After the new block, the first job is stale; the new one is good;
    // an id the pool never sent is not found.
    const StratumJob stale = testing::JobFromNotify(notes[0]);
    const std::string en2 = "00000002";
    ASSERT_TRUE(c.Send(
        Req(11, "mining.submit",
            {"alice.rig1", stale.job_id, en2, stale.ntime, Nonce(stale, en1, en2, b.difficulty)})));
    json r11 = c.ReadResponse(11);
    EXPECT_EQ(r11.value("result", json()), false) << r11;
    EXPECT_EQ(ErrorCode(r11), 21);
    EXPECT_NE(r11["error"][1].get<std::string>().find("Stale"), std::string::npos) << r11;
    const StratumJob fresh = testing::JobFromNotify(last);
    ASSERT_TRUE(c.Send(
        Req(12, "mining.submit",
            {"alice.rig1", fresh.job_id, en2, fresh.ntime, Nonce(fresh, en1, en2, b.difficulty)})));
    json r12 = c.ReadResponse(12);
    EXPECT_EQ(r12.value("result", json()), true) << r12;
    ASSERT_TRUE(
        c.Send(Req(13, "mining.submit", {"alice.rig1", "ffffffff", en2, fresh.ntime, "00000000"})));
    json r13 = c.ReadResponse(13);
    EXPECT_EQ(ErrorCode(r13), 21);
    EXPECT_EQ(r13["error"][1], "Job not found");
    const std::string low = Nonce(fresh, en1, "00000003", b.difficulty, false);
    ASSERT_TRUE(c.Send(
        Req(14, "mining.submit", {"alice.rig1", fresh.job_id, "00000003", fresh.ntime, low})));
    EXPECT_EQ(ErrorCode(c.ReadResponse(14)), 23);
  }
  // One line per session event and per share, in order; the disconnect is
  // logged once the server has seen the close (bounded wait).
  std::vector<std::string> lines;
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(mu);
      lines = log;
    }
    if (!lines.empty() && lines.back().find("disconnect") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto count = [&](const std::string& what) {
    return std::count_if(lines.begin(), lines.end(),
                         [&](const std::string& l) { return l.find(what) != std::string::npos; });
  };
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_EQ(count("stratum session 1 connect from 127.0.0.1:"), 1) << all;
  EXPECT_EQ(count("session 1 subscribe, extranonce1 "), 1) << all;
  EXPECT_EQ(count("session 1 authorize alice.rig1 ok"), 1) << all;
  EXPECT_EQ(count("share accepted job "), 2) << all;
  EXPECT_EQ(count("share rejected job "), 3) << all;
  EXPECT_EQ(count("Stale share"), 1) << all;
  EXPECT_EQ(count("Low difficulty share (23)"), 1) << all;
  EXPECT_EQ(count("session 1 disconnect: 2 shares accepted, 3 rejected"), 1) << all;
  EXPECT_GE(count("stratum pool new job "), 2) << all;
  // Each line starts with its UTC time.
  for (const auto& l : lines) {
    std::chrono::system_clock::time_point t;
    EXPECT_TRUE(ParseUtc(l.substr(0, l.find(' ')), &t)) << l;
  }
}

// job_interval_s and new_block_every in the refpool config, strictly read.
TEST(StratumJobs, ConfigKeys) {
  const std::string dir = ::testing::TempDir();
  auto load = [&](const std::string& yaml) {
    const std::string path = dir + "/refpool-jobs.yaml";
    std::ofstream(path) << yaml;
    return LoadRefpoolConfig(path);
  };
  EXPECT_EQ(DefaultRefpoolConfig().stratum.job_interval, std::chrono::seconds(30));
  auto c = load("stratum: {job_interval_s: 5, new_block_every: 4}\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->stratum.job_interval, std::chrono::seconds(5));
  EXPECT_EQ(c->stratum.new_block_every, 4);
  auto one_job = load("stratum: {job_interval_s: 0}\n");
  ASSERT_TRUE(one_job);
  EXPECT_EQ(one_job->stratum.job_interval.count(), 0);
  for (const char* bad : {"stratum: {job_interval_s: -1}\n", "stratum: {job_interval_s: 0.001}\n",
                          "stratum: {new_block_every: 0}\n"}) {
    auto r = load(bad);
    EXPECT_FALSE(r) << bad;
  }
}

}  // namespace
}  // namespace pooltest
