# Sourced by the ci/fetch-*.sh scripts: npm_pinned PACKAGE VERSION PREFIX
# installs PACKAGE@VERSION under PREFIX/node_modules unless that version is
# there already (npm from Debian when missing). Each caller gives its own
# PREFIX: npm install --no-save removes the packages it was not asked for.
npm_pinned() {
  local package=$1 version=$2 prefix=$3
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if ! command -v npm >/dev/null 2>&1; then
    $sudo apt-get install -y -qq --no-install-recommends npm
  fi
  if ! grep -q "\"version\": *\"$version\"" "$prefix/node_modules/$package/package.json" \
    2>/dev/null; then
    $sudo mkdir -p "$prefix"
    $sudo npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error \
      "$package@$version"
  fi
}
