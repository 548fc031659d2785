#!/usr/bin/env bash
# Builds the Debian package build/pooltest_<version>_amd64.deb from the
# normal build tree (ci/build.sh; an up-to-date tree is not rebuilt):
# the install rules of cmake/install.cmake, library dependencies from
# dpkg-shlibdeps (cmake/package.cmake). Install it with
#   apt-get install ./build/pooltest_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${POOLTEST_BUILD_DIR:-build}
bash ci/build.sh
(cd "$build_dir" && cpack -G DEB)
ls "$build_dir"/pooltest_*.deb
