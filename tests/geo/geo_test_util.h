// Shared by the geo tests: where the build put the fixture databases, the
// reference pool's world as the tests expect it (mirrors refpool/data/
// world.json), and scratch files that are removed when the test ends.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "scenarios/scenario.h"

namespace pooltest::testing {

inline std::string DataPath(const std::string& file) {
  return std::string(POOLTEST_DATA_DIR) + "/" + file;
}

inline DataSource Source(const std::string& name, const std::string& path,
                         DataSource::Kind kind = DataSource::Kind::kGeolocation,
                         DataSource::Format format = DataSource::Format::kMaxMindDb) {
  DataSource s;
  s.name = name;
  s.kind = kind;
  s.format = format;
  s.path = path;
  return s;
}

struct WorldHost {
  const char* address;
  const char* country;
  const char* city;
  double latitude;
  double longitude;
  unsigned asn;
  const char* organisation;
};

inline const WorldHost kWorld[] = {
    {"127.0.0.11", "KZ", "Astana", 51.1801, 71.44598, 9198, "JSC Kazakhtelecom"},
    {"127.0.0.12", "KZ", "Astana", 51.1801, 71.44598, 35104, "Transtelecom JSC"},
    {"127.0.0.21", "KZ", "Almaty", 43.25667, 76.92861, 9198, "JSC Kazakhtelecom"},
    {"127.0.0.22", "KZ", "Almaty", 43.25667, 76.92861, 48716, "PS Internet Company LLP"},
    {"::1", "KZ", "Astana", 51.1801, 71.44598, 9198, "JSC Kazakhtelecom"},
};

// The build epoch every fixture database carries (world*.json).
inline constexpr uint64_t kWorldBuildEpoch = 1735689600;

// A file under the test temp dir, unique per process and name.
class ScratchFile {
 public:
  ScratchFile(const std::string& name, const std::string& content)
      : path_(::testing::TempDir() + "pooltest-geo-" + std::to_string(getpid()) + "-" + name) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~ScratchFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace pooltest::testing
