// Runs a tool the reports print with (headless Chromium for PDF, pandoc for
// DOCX) as a child process bounded in time: in its own process group, so a
// timeout kills its helpers too; stdin/stdout/stderr on /dev/null; no
// inherited descriptor beyond those (a browser's helpers can outlive it and
// must not hold the harness's sockets). What it returns is the tool's exit
// status; an error only when it could not be started or ran past `timeout`.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"

namespace pooltest {

// The first of `names` found as an executable on PATH; "" when none is.
std::string FindOnPath(const std::vector<std::string>& names);

// argv[0] is the executable's path. Exit status (-1 when killed by a signal).
Result<int> RunBounded(std::vector<std::string> argv, std::chrono::seconds timeout);

}  // namespace pooltest
