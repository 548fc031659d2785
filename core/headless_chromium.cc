#include "core/headless_chromium.h"

namespace pooltest {

std::vector<std::string> HeadlessChromiumArgs(const std::string& chromium) {
  return {chromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync"};
}

}  // namespace pooltest
