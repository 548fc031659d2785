#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds, and runs every test through
# ctest. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
bash ci/build.sh
build_dir=${POOLTEST_BUILD_DIR:-build}
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 600
