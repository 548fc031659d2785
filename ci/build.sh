#!/usr/bin/env bash
# Configures and builds pooltest into build/ (or $POOLTEST_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${POOLTEST_BUILD_DIR:-build}
# ccache (installed by install-deps.sh) makes a rebuild of unchanged files,
# in this or another build folder, a cache hit.
launcher=()
# ccache caches files built with a precompiled header only when told that
# the PCH's macros and timestamps may be trusted (cmake/precompiled_headers.cmake).
if command -v ccache >/dev/null; then
  launcher=("-DCMAKE_CXX_COMPILER_LAUNCHER=env;CCACHE_SLOPPINESS=pch_defines,time_macros;ccache")
fi
# -g1: function names and line tables, enough for a readable backtrace;
# full -g costs a third more compile time on the Asio/Beast files and
# objects ten times larger.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DPOOLTEST_WERROR=ON "${launcher[@]}"
cmake --build "$build_dir" -j "$(nproc)"
