// The evidence store's group commit: ids in order, durable after Flush,
// transcripts on disk but not in memory, write errors as values, a torn last
// line diagnosed, and (kill -9) nothing acknowledged as durable ever lost.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "harness/runner/evidence_store.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("pooltest-evidence-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(p);
  return p;
}

Observation Sample(size_t i, size_t transcript_bytes) {
  Observation o;
  o.probe = "test.sample";
  o.target = "127.0.0.1:" + std::to_string(3000 + i % 1000);
  o.started = o.finished = std::chrono::system_clock::now();
  o.status = ProbeStatus::kOk;
  o.data["i"] = i;
  AddTranscript(o, "received", std::string(transcript_bytes, 'x'));
  return o;
}

std::string Id(size_t n) {
  char id[32];
  std::snprintf(id, sizeof id, "obs-%04zu", n);
  return id;
}

// Appends n samples to a new store in `dir` and destroys it (no Flush);
// returns the evidence file, empty on a failure.
std::string AppendAndClose(const fs::path& dir, size_t n, size_t transcript_bytes) {
  auto store = EvidenceStore::Create(dir.string());
  if (!store) return "";
  for (size_t i = 1; i <= n; ++i) {
    Observation o = Sample(i, transcript_bytes);
    if (!store->Append(o)) return "";
  }
  return store->path();
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(EvidenceStore, IdsInOrderDurableAfterFlushTranscriptOnlyOnDisk) {
  fs::path dir = TempDir("order");
  auto store = EvidenceStore::Create(dir.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  for (size_t i = 1; i <= 300; ++i) {
    Observation o = Sample(i, 1000);
    ASSERT_TRUE(store->Append(o).ok());
    EXPECT_FALSE(o.transcript.empty()) << "the caller's observation keeps its transcript";
  }
  ASSERT_TRUE(store->Flush().ok());
  EXPECT_EQ(store->durable(), 300u);
  ASSERT_EQ(store->observations().size(), 300u);
  for (size_t i = 0; i < 300; ++i) {
    const Observation& o = store->observations()[i];
    EXPECT_TRUE(o.transcript.empty()) << "kept in memory without its transcript";
    EXPECT_EQ(o.data["i"], i + 1) << "the facts checks read stay";
  }
  auto back = ReadEvidenceFile(store->path());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->torn_tail.empty());
  ASSERT_EQ(back->observations.size(), 300u);
  for (size_t i = 0; i < 300; ++i) {
    EXPECT_EQ(back->observations[i].id, Id(i + 1));
    EXPECT_EQ(back->observations[i].data["i"], i + 1);
    ASSERT_EQ(back->observations[i].transcript.size(), 1u) << "the record on disk is whole";
    EXPECT_EQ(back->observations[i].transcript[0]["text"].get<std::string>().size(), 1000u);
  }
  fs::remove_all(dir);
}

TEST(EvidenceStore, TheDestructorWritesWhatIsQueued) {
  fs::path dir = TempDir("destructor");
  const std::string path = AppendAndClose(dir, 50, 10);
  ASSERT_FALSE(path.empty());
  auto back = ReadEvidence(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->size(), 50u);
  fs::remove_all(dir);
}

// /dev/full fails every write with ENOSPC: the error is returned once by
// Append and by every Flush, naming the first observation not on disk.
TEST(EvidenceStore, DiskFullIsAnErrorNamingWhatWasLost) {
  fs::path dir = TempDir("full");
  fs::create_directories(dir);
  fs::create_symlink("/dev/full", dir / "evidence.jsonl");
  auto store = EvidenceStore::Create(dir.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  Observation first = Sample(1, 10);
  EXPECT_TRUE(store->Append(first).ok()) << "Append does not wait for the disk";
  Status flushed = store->Flush();
  ASSERT_FALSE(flushed.ok());
  EXPECT_NE(flushed.error().message.find("No space left on device"), std::string::npos)
      << flushed.error().message;
  EXPECT_NE(flushed.error().message.find("obs-0001 and later"), std::string::npos)
      << flushed.error().message;
  Observation second = Sample(2, 10);
  Status appended = store->Append(second);
  ASSERT_FALSE(appended.ok()) << "the next Append reports the failure";
  EXPECT_EQ(appended.error().message, flushed.error().message);
  Observation third = Sample(3, 10);
  EXPECT_TRUE(store->Append(third).ok()) << "reported once, not once per observation";
  EXPECT_FALSE(store->Flush().ok()) << "every barrier says the evidence is incomplete";
  EXPECT_EQ(store->durable(), 0u);
  EXPECT_EQ(store->observations().size(), 3u) << "the run goes on in memory";
  EXPECT_EQ(store->observations()[2].id, "obs-0003");
  fs::remove_all(dir);
}

TEST(ReadEvidence, ATornLastLineIsDiagnosedAndTheWholeRecordsKept) {
  fs::path dir = TempDir("torn");
  const std::string path = AppendAndClose(dir, 3, 100);
  ASSERT_FALSE(path.empty());
  std::string whole = ReadAll(path);
  // The third record cut in its middle, as a kill during its write leaves it.
  const size_t third = whole.rfind('\n', whole.size() - 2) + 1;
  fs::resize_file(path, third + 40);
  auto file = ReadEvidenceFile(path);
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->observations.size(), 2u);
  EXPECT_NE(file->torn_tail.find(":3: the last record is cut short (40 bytes, no end of line)"),
            std::string::npos)
      << file->torn_tail;
  EXPECT_NE(file->torn_tail.find("the 2 records before it are whole"), std::string::npos);
  auto strict = ReadEvidence(path);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().message, file->torn_tail);

  // A whole last record without its end of line is still a record.
  std::ofstream(path, std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() - 1);
  auto unterminated = ReadEvidence(path);
  ASSERT_TRUE(unterminated.ok()) << unterminated.error().message;
  EXPECT_EQ(unterminated->size(), 3u);

  // A broken line anywhere but last is not a torn tail: the file is corrupt.
  std::string corrupt = whole;
  corrupt[third - 10] = '#';
  std::ofstream(path, std::ios::binary | std::ios::trunc) << corrupt;
  auto bad = ReadEvidenceFile(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find(":2: malformed evidence record"), std::string::npos)
      << bad.error().message;
  fs::remove_all(dir);
}

// The child appends as fast as it can and reports acknowledgements on a
// pipe: "d N" when durable() reached N, "f N" when a Flush() after the N-th
// Append returned. SIGKILL lands at a random moment; every observation up to
// the highest acknowledgement read must be in the file, in order, whole.
[[noreturn]] void AppendUntilKilled(const std::string& dir, int ack_fd, unsigned seed) {
  auto store = EvidenceStore::Create(dir);
  if (!store) ::_exit(2);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> size(0, 60000);
  size_t acked = 0;
  auto ack = [&](char kind, size_t n) {
    std::string line = std::string(1, kind) + " " + std::to_string(n) + "\n";
    if (::write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(3);
  };
  for (size_t i = 1; i <= 2'000'000; ++i) {
    Observation o = Sample(i, size(rng));
    if (!store->Append(o)) ::_exit(4);
    if (size_t d = store->durable(); d > acked) ack('d', acked = d);
    if (i % 97 == 0) {
      if (!store->Flush()) ::_exit(5);
      ack('f', i);
    }
  }
  ::_exit(0);
}

TEST(EvidenceStoreKill, NothingAcknowledgedIsLostToSigkill) {
  constexpr int kKills = 20;
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<int> delay_ms(5, 250);
  size_t total_acked = 0, torn = 0;
  for (int k = 0; k < kKills; ++k) {
    fs::path dir = TempDir("kill" + std::to_string(k));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      AppendUntilKilled(dir.string(), fds[1], static_cast<unsigned>(k));
    }
    ::close(fds[1]);
    // Even kills land at a random time; odd ones right after a random
    // acknowledgement, where acknowledging before the write would show.
    std::string acks;
    char buf[4096];
    const auto kill_at =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(rng));
    const size_t kill_after_acks = k % 2 ? 1 + rng() % 40 : 0;
    for (size_t seen = 0; std::chrono::steady_clock::now() < kill_at;) {
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 5) <= 0) continue;
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      acks.append(buf, n);
      seen += std::count(buf, buf + n, '\n');
      if (kill_after_acks != 0 && seen >= kill_after_acks) break;
    }
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the child ended on its own (status " << wstatus << ")";
    // The child is dead: the pipe holds every acknowledgement it sent.
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) acks.append(buf, n);
    ::close(fds[0]);
    size_t acked = 0;
    std::istringstream in(acks);
    char kind;
    size_t n;
    while (in >> kind >> n) acked = std::max(acked, n);
    total_acked += acked;

    auto file = ReadEvidenceFile((dir / "evidence.jsonl").string());
    ASSERT_TRUE(file.ok()) << "kill " << k << ": " << file.error().message;
    torn += !file->torn_tail.empty();
    ASSERT_GE(file->observations.size(), acked) << "kill " << k << ": acknowledged, then lost";
    for (size_t i = 0; i < file->observations.size(); ++i) {
      ASSERT_EQ(file->observations[i].id, Id(i + 1)) << "kill " << k;
      ASSERT_EQ(file->observations[i].data["i"], i + 1) << "kill " << k;
    }
    fs::remove_all(dir);
  }
  std::printf("%d kills: %zu observations acknowledged in all, %zu files with a torn last line\n",
              kKills, total_acked, torn);
  EXPECT_GT(total_acked, 0u) << "no kill landed after an acknowledgement: the test proved nothing";
}

}  // namespace
}  // namespace pooltest
