#include "harness/runner/install_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace pooltest {
namespace {

namespace fs = std::filesystem;

// PREFIX/share/pooltest when this process is PREFIX/bin/pooltest of an
// installation (its demo scenario is there), else empty. The relative path
// from the executable's folder comes from the build's GNUInstallDirs.
std::string InstalledShareDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const fs::path share = (exe.parent_path() / POOLTEST_BIN_TO_SHARE).lexically_normal();
  return fs::is_regular_file(share / "scenarios" / "demo.yaml", ec) ? share.string() : "";
}

}  // namespace

std::string SourceDir() {
  const std::string installed = InstalledShareDir();
  return installed.empty() ? POOLTEST_SOURCE_DIR : installed;
}

std::string DataDir() {
  const char* env = std::getenv("POOLTEST_DATA");
  if (env != nullptr && *env != '\0') return env;
  const std::string installed = InstalledShareDir();
  return installed.empty() ? POOLTEST_DATA_DIR : installed + "/data";
}

std::string GazetteerFile() { return SourceDir() + "/checks/data/kz-settlements.json"; }

std::string PlacesFile() {
  const std::string installed = InstalledShareDir();
  return installed.empty() ? POOLTEST_PLACES_FILE : installed + "/data/kz-places.json";
}

std::string HarnessVersion() { return POOLTEST_VERSION; }

}  // namespace pooltest
