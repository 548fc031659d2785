// The one command line prefix every headless Chromium the harness starts
// uses (page rendering, PDF printing): no sandbox (runs as root), no GPU, and
// no background traffic of its own, so the browser talks only to the page it
// is given. Callers append their own options (profile, output, URL).
#pragma once

#include <string>
#include <vector>

namespace pooltest {

std::vector<std::string> HeadlessChromiumArgs(const std::string& chromium);

}  // namespace pooltest
