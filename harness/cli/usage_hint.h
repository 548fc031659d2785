// What to tell someone who mistyped a command line: the sub-command or
// option nearest to an unknown word ("pooltest rnu" -> "did you mean
// 'run'?", "registry ad" -> "did you mean 'add'?", "run --ouput" -> "did
// you mean '--out'?"), from the words `app`
// defines, by scenarios/did_you_mean.h's distance. Empty when no argument is
// unknown or none is close. Reads only the arguments; never throws.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace pooltest {

std::string UsageHint(CLI::App& app, const std::vector<std::string>& args);

}  // namespace pooltest
