#!/usr/bin/env bash
# Configures and builds pooltest into build/ (or $POOLTEST_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${POOLTEST_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOOLTEST_WERROR=ON
cmake --build "$build_dir" -j "$(nproc)"
