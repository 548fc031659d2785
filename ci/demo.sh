#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds, and runs `pooltest demo`: the
# bundled reference pool on loopback, tested with scenarios/demo.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
bash ci/build.sh
build_dir=${POOLTEST_BUILD_DIR:-build}
exec "$build_dir/pooltest" demo "$@"
