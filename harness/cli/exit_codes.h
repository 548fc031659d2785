// pooltest's process exit codes, documented in README.md. CI pipelines and
// labs branch on them, so they never change meaning.
#pragma once

namespace pooltest {

enum ExitCode : int {
  kExitPositive = 0,       // every check passed or is attested
  kExitFailed = 1,         // at least one check failed
  kExitInconclusive = 2,   // nothing failed, but something is inconclusive
  kExitScenarioError = 3,  // the scenario (or a file it names) is invalid
  kExitHarnessError = 4,   // the harness could not do its job (a check errored, I/O, ports)
  kExitInterrupted = 5,    // stopped by Ctrl-C/SIGTERM; evidence so far is kept
  kExitUsage = 64,         // the command line is wrong (sysexits' EX_USAGE); nothing was run
};

// Every code with its meaning, for `pooltest --help` (and so the man page,
// which help2man makes from it; tests/man checks that none is missing).
struct ExitCodeMeaning {
  ExitCode code;
  const char* meaning;
};
inline constexpr ExitCodeMeaning kExitCodeMeanings[] = {
    {kExitPositive, "positive: every check passed or is attested"},
    {kExitFailed, "at least one check failed"},
    {kExitInconclusive, "nothing failed, but something is inconclusive"},
    {kExitScenarioError, "the scenario (or a file it names) is invalid"},
    {kExitHarnessError, "harness error: a check could not run, output not writable, ports taken"},
    {kExitInterrupted, "interrupted (Ctrl-C / SIGTERM); the evidence so far is kept"},
    {kExitUsage, "the command line is wrong; nothing was run"},
};

}  // namespace pooltest
