# Sourced by ci/sanitize.sh and ci/fuzz: how sanitized programs report.
# halt_on_error: the first report ends the process, so its test or fuzz run
# fails. detect_leaks is LeakSanitizer, on by default on x86-64 and said
# here so nobody turns it off by accident; ci/lsan.supp holds the system
# libraries' own leaks, each with its reason.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan.supp:print_suppressions=0
# The sanitizer tree is built at -O0 (ci/sanitize.sh): frames are larger
# than in the optimised tree, and the tests that nest JSON thousands deep
# (tests/core/evidence_bounds_test.cc) need more than the default 8 MiB of
# stack on the main thread.
ulimit -s 65536 2>/dev/null || true
