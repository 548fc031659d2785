// `pooltest verify` reads only what it should from a tampered folder: the
// file names in act.json are the act's own word, so a name outside the
// folder, a FIFO or a link to a device (/dev/zero) is a problem reported,
// never a file read. Each case runs VerifyActFolder in a child process with
// a deadline: a verifier that blocks on such a file fails the test instead
// of hanging it.
#include "reports/act_verify.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/reports/test_pki.h"

namespace pooltest {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::WriteFile;

// VerifyActFolder's problems, one a line, or nullopt when it did not return
// within `deadline`.
std::optional<std::string> ProblemsWithin(const fs::path& dir, std::chrono::seconds deadline) {
  const fs::path out = dir.string() + ".problems";
  const pid_t child = ::fork();
  if (child == 0) {
    VerifyOptions options;
    options.ca_file = "/nonexistent-ca.pem";
    std::string all;
    for (const std::string& p : VerifyActFolder(dir.string(), options).problems) all += p + "\n";
    WriteFile(out, all);
    ::_exit(0);
  }
  const auto until = std::chrono::steady_clock::now() + deadline;
  int status = 0;
  while (::waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string problems = ReadFile(out);
  fs::remove(out);
  return problems;
}

TEST(ActVerify, NamesOfDevicesFifosAndPathsOutsideTheFolderAreNotRead) {
  const fs::path dir =
      fs::temp_directory_path() / ("pooltest-verify-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", dir / "zeros");
  WriteFile(dir / "act.json",
            R"({"manifest":[{"file":"pipe","sha256":"00"},{"file":"zeros","sha256":"00"}],)"
            R"("renderings":[],"scenario":{"file":"/dev/zero","sha256":"00"}})");

  const std::optional<std::string> problems = ProblemsWithin(dir, std::chrono::seconds(20));
  fs::remove_all(dir);
  ASSERT_TRUE(problems.has_value()) << "verify did not return: it read a FIFO or a device";
  EXPECT_NE(problems->find("pipe: not a regular file"), std::string::npos) << *problems;
  EXPECT_NE(problems->find("zeros: not a regular file"), std::string::npos) << *problems;
  EXPECT_NE(problems->find("act.json: its scenario copy is not a file inside the folder"),
            std::string::npos)
      << *problems;
}

}  // namespace
}  // namespace pooltest
