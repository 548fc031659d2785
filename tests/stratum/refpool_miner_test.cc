// A real miner keeps mining on the reference pool past cpuminer's 120 s
// stale-work limit: `pooltest refpool` (a new job every 5 s, a new block
// every 30 s) on a free loopback port, and the npm stratum-client driven by
// stratum_client_miner.js hashing for 130 s. Shares must keep being
// accepted after 120 s, the jobs must keep coming with advancing ntime, and
// the pool's log must hold every session event and share. Long on purpose
// (one test); ci/fetch-stratum-client.sh installs the client.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace pooltest {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kMineSeconds = 130;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Starts argv with stdout and stderr into files; env entries are added.
pid_t Spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err,
            const std::vector<std::string>& env = {}) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings(env);
  for (char** e = environ; *e; ++e) env_strings.push_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

// Waits for `pid` until `limit`, then kills it. Returns the exit code, -1
// when it was killed or died of a signal.
int Wait(pid_t pid, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(50ms);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(RefpoolMiner, StratumClientKeepsGettingSharesAcceptedPast120s) {
  ASSERT_TRUE(std::filesystem::exists(POOLTEST_NODE))
      << "node not found at " << POOLTEST_NODE << " (ci/install-deps.sh installs npm and node)";
  ASSERT_TRUE(std::filesystem::exists(std::string(POOLTEST_STRATUM_CLIENT_MODULES) +
                                      "/stratum-client/package.json"))
      << "stratum-client missing under " << POOLTEST_STRATUM_CLIENT_MODULES
      << " (run bash ci/fetch-stratum-client.sh)";
  const std::string dir = ::testing::TempDir() + "refpool-miner-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  const std::string config = dir + "/refpool.yaml";
  // Difficulty 2^-24: one hash in 256 makes a share, so a light miner finds
  // one every second; the interval is short so the 130 s see some 26 jobs.
  std::ofstream(config) << "sites:\n"
                           "  - id: primary\n"
                           "    addresses: [127.0.0.1]\n"
                           "    stratum_port: 0\n"
                           "    http_port: 0\n"
                           "stratum: {job_interval_s: 5, new_block_every: 6, "
                           "difficulty: 5.9604644775390625e-08}\n";
  const std::string pool_log = dir + "/stratum.log";
  const std::string pool_out = dir + "/pool.out";
  pid_t pool = Spawn({POOLTEST_BINARY, "refpool", "--config", config, "--log", pool_log}, pool_out,
                     dir + "/pool.err");
  ASSERT_GT(pool, 0);
  // The address and port it chose, from "listening: stratum HOST:PORT"
  // (bounded): the loopback block is 127.0.0.0/24 unless a demo or another
  // test holds that one, then another free one.
  std::string host, port;
  for (int i = 0; i < 200 && port.empty(); ++i) {
    const std::string text = ReadAll(pool_out);
    const std::string key = "listening: stratum ";
    const size_t at = text.find(key);
    const size_t nl = at == std::string::npos ? at : text.find('\n', at);
    const size_t colon = nl == std::string::npos ? nl : text.rfind(':', nl);
    if (colon != std::string::npos && colon > at + key.size()) {
      host = text.substr(at + key.size(), colon - at - key.size());
      port = text.substr(colon + 1, nl - colon - 1);
    }
    if (port.empty()) std::this_thread::sleep_for(50ms);
  }
  if (port.empty()) {
    kill(pool, SIGKILL);
    Wait(pool, 5s);
    FAIL() << "the reference pool did not say where it listens: " << ReadAll(pool_out)
           << ReadAll(dir + "/pool.err");
  }
  const std::string miner_out = dir + "/miner.out";
  pid_t miner = Spawn(
      {POOLTEST_NODE, POOLTEST_MINER_SCRIPT, host, port, std::to_string(kMineSeconds)}, miner_out,
      dir + "/miner.err", {std::string("NODE_PATH=") + POOLTEST_STRATUM_CLIENT_MODULES});
  ASSERT_GT(miner, 0);
  const int miner_rc = Wait(miner, std::chrono::seconds(kMineSeconds + 60));
  // Give the pool a moment to log the disconnect, then stop it.
  std::this_thread::sleep_for(500ms);
  kill(pool, SIGTERM);
  EXPECT_EQ(Wait(pool, 10s), 0);
  ASSERT_EQ(miner_rc, 0) << ReadAll(dir + "/miner.err");

  std::vector<json> events;
  std::istringstream lines(ReadAll(miner_out));
  for (std::string line; std::getline(lines, line);) {
    json j = json::parse(line, nullptr, false);
    if (j.is_object()) events.push_back(j);
  }
  long long end_ms = 0, last_accepted_ms = -1;
  int accepted = 0, accepted_late = 0, rejected_stale = 0, clean_jobs = 0;
  std::vector<std::string> other_rejects;
  std::vector<json> jobs;
  bool authorized = false, stopped = false;
  for (const json& e : events) {
    const std::string what = e.value("event", "");
    const long long t = e.value("t", 0LL);
    if (what == "authorized") authorized = true;
    if (what == "stale-work-stop") stopped = true;
    if (what == "end") end_ms = t;
    if (what == "job") {
      jobs.push_back(e);
      clean_jobs += e.value("clean", false) ? 1 : 0;
    }
    if (what == "accepted") {
      ++accepted;
      last_accepted_ms = t;
      if (t > 120000) ++accepted_late;
    }
    if (what == "rejected") {
      const std::string why = e["error"].dump();
      // A share found just before a new block may arrive after it.
      if (why.find("Stale") != std::string::npos)
        ++rejected_stale;
      else
        other_rejects.push_back(why);
    }
  }
  RecordProperty("jobs", static_cast<int>(jobs.size()));
  RecordProperty("accepted", accepted);
  RecordProperty("rejected_stale", rejected_stale);
  EXPECT_TRUE(authorized);
  EXPECT_FALSE(stopped) << "the miner stopped hashing: no new job for 120 s";
  EXPECT_GT(end_ms, 120000) << "the miner ran for less than 120 s";
  EXPECT_GT(accepted_late, 0) << "no share accepted after 120 s; last at " << last_accepted_ms;
  EXPECT_GE(last_accepted_ms, end_ms - 10000);
  EXPECT_GE(accepted, 40) << "about one share a second expected";
  EXPECT_TRUE(other_rejects.empty()) << other_rejects.front();
  EXPECT_LE(rejected_stale * 4, accepted);
  ASSERT_GE(jobs.size(), static_cast<size_t>(kMineSeconds / 5 - 3)) << "jobs stopped coming";
  EXPECT_GE(clean_jobs, 3) << "a new block every 6 jobs";
  std::set<std::string> ids;
  for (size_t i = 0; i < jobs.size(); ++i) {
    ids.insert(jobs[i]["id"].get<std::string>());
    if (i > 0) {
      EXPECT_GE(jobs[i]["ntime"].get<std::string>(), jobs[i - 1]["ntime"].get<std::string>());
    }
  }
  EXPECT_EQ(ids.size(), jobs.size()) << "every job has a new id";
  const long long first_ntime = std::stoll(jobs.front()["ntime"].get<std::string>(), nullptr, 16);
  const long long last_ntime = std::stoll(jobs.back()["ntime"].get<std::string>(), nullptr, 16);
  EXPECT_GE(last_ntime - first_ntime, 115) << "ntime must follow the clock";

  // The pool's side: one line per session event and per share.
  const std::string log = ReadAll(pool_log);
  auto count = [&](const std::string& what) {
    int n = 0;
    for (size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(" connect from 127.0.0.1:"), 1) << log.substr(0, 2000);
  EXPECT_EQ(count(" subscribe, extranonce1 "), 1);
  EXPECT_EQ(count(" authorize miner.rig1 ok"), 1);
  EXPECT_EQ(count(" share accepted job "), accepted);
  EXPECT_EQ(count(" share rejected job "), rejected_stale);
  EXPECT_EQ(count(" disconnect: " + std::to_string(accepted) + " shares accepted, " +
                  std::to_string(rejected_stale) + " rejected"),
            1)
      << log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
  // The pool's stdout stays readable: only where it listens and its state.
  EXPECT_EQ(ReadAll(pool_out).find("share"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pooltest
