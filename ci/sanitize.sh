#!/usr/bin/env bash
# Builds pooltest with clang under ASan+UBSan into build-asan/ (or
# $POOLTEST_ASAN_DIR), the fuzz targets of fuzz/ included, and runs the whole
# test suite through ctest under the sanitizers. Exits non-zero if the build
# fails, any test fails, or a sanitizer reports anything (a report aborts the
# process, so its test fails). --configure-only / --build-only stop early
# (ci/fuzz configures through it).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${POOLTEST_ASAN_DIR:-build-asan}

launcher=()
# ccache caches files built with a precompiled header only when told that
# the PCH's macros and timestamps may be trusted (cmake/precompiled_headers.cmake).
if command -v ccache >/dev/null; then
  launcher=("-DCMAKE_CXX_COMPILER_LAUNCHER=env;CCACHE_SLOPPINESS=pch_defines,time_macros;ccache")
fi
# -O0 and line tables only: clang compiles the coroutine-heavy Asio/Beast
# files two to three times faster than at -O1 (29 s against 97 s for
# tests/web/tls_test_server.cc), and the suite is I/O-bound. No NDEBUG, and
# libstdc++'s own checks on: an assertion that fires here is a bug found.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -gline-tables-only -D_GLIBCXX_ASSERTIONS" \
  -DPOOLTEST_WERROR=ON -DPOOLTEST_SANITIZE=ON -DPOOLTEST_FUZZ=ON "${launcher[@]}" >/dev/null
[[ ${1:-} == --configure-only ]] && exit 0
cmake --build "$build_dir" -j "$(nproc)"
[[ ${1:-} == --build-only ]] && exit 0

source ci/sanitizer_env.sh
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 900
