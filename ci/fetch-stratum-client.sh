#!/usr/bin/env bash
# Installs the npm package stratum-client (a real Stratum V1 miner client for
# Node: subscribes, authorizes, follows mining.notify and submits), pinned to
# one version, for the long-running reference-pool test
# (tests/stratum/refpool_miner_test.cc). Debian 12 packages no cpuminer, so
# this is the real miner of that test. Idempotent. Called by install-deps.sh.
set -euo pipefail

version=1.1.0
# A prefix of its own: npm install --no-save in a shared prefix removes the
# packages it was not asked for.
prefix=${POOLTEST_NPM_PREFIX:-/var/cache/pooltest/npm}/stratum-client
# shellcheck source=ci/npm-pinned.sh
. "$(dirname "$0")/npm-pinned.sh"
npm_pinned stratum-client "$version" "$prefix"
echo "fetch-stratum-client: $prefix/node_modules/stratum-client present"
