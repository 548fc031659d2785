#!/usr/bin/env bash
# The Debian package as a lab gets it: built from this build tree (CPack,
# cmake/package.cmake), installed with apt-get into this machine, then used
# from an empty folder: `pooltest demo` and `pooltest validate` on the
# installed examples, the man pages through man, bash completion through
# compgen. The installed pooltest must find its installed files (the
# scenario and data folder it names). The package is purged
# at the end, pass or fail. Needs root (CI is root); exits 77 (skipped)
# otherwise. Usage: deb_install_test.sh BUILD_DIR SOURCE_DIR VERSION
set -uo pipefail
build=$(realpath "$1") src=$(realpath "$2") version=$3
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIPPED: not root, so the package cannot be installed (CI runs this as root)"
  exit 77
fi
fail=0
problem() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d)
apt_opts=(-y -qq --no-install-recommends -o DPkg::Lock::Timeout=300)
cleanup() {
  if dpkg-query -W -f='${Status}' pooltest 2>/dev/null | grep -q 'ok installed'; then
    DEBIAN_FRONTEND=noninteractive apt-get purge "${apt_opts[@]}" pooltest >/dev/null ||
      echo "FAIL: apt-get purge pooltest"
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
if dpkg-query -W -f='${Status}' pooltest 2>/dev/null | grep -q 'ok installed'; then
  echo "note: a pooltest package was installed already; it is replaced and purged"
fi

# The package, from the already built tree (cpack installs it into a
# staging folder; nothing is compiled again).
(cd "$build" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || {
  cat "$tmp/cpack.log"
  echo "FAIL: cpack"
  exit 1
}
deb="$tmp/pkg/pooltest_${version}_amd64.deb"
[ -f "$deb" ] || { ls "$tmp/pkg"; echo "FAIL: no $deb"; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# dpkg-shlibdeps's libraries and the programs declared by hand.
for d in libc6 libstdc++6 libssl3 libcurl4 libyaml-cpp0.7 libsqlite3-0 chromium tzdata; do
  grep -qE "(^|, )${d//+/\\+}( |,|$)" <<<"$depends" || problem "Depends lacks $d"
done

DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" "$deb" >"$tmp/apt.log" 2>&1 || {
  cat "$tmp/apt.log"
  echo "FAIL: apt-get install $deb"
  exit 1
}
[ "$(command -v pooltest)" = /usr/bin/pooltest ] || problem "pooltest on PATH is $(command -v pooltest)"
share=/usr/share/pooltest
for f in scenarios/demo.yaml scenarios/demo-lab.yaml scenarios/documents/demo-infosec-test-act.txt \
  checks/data/kz-settlements.json data/refpool-geo.mmdb data/refpool-asn.mmdb data/kz-places.json \
  data/calendars/kz/2026.json reports/schemas/act.schema.json; do
  [ -s "$share/$f" ] || problem "$share/$f not installed"
done
for f in /usr/share/doc/pooltest/README.md /usr/share/doc/pooltest/ATTRIBUTION.md \
  /usr/share/doc/pooltest/geo/LICENSE-amcharts /usr/share/doc/pooltest/scenarios/README.md \
  /usr/share/bash-completion/completions/pooltest /usr/share/zsh/vendor-completions/_pooltest; do
  [ -s "$f" ] || problem "$f not installed"
done

run=$(mktemp -d)
cd "$run" || exit 1
unset POOLTEST_DATA POOLTEST_LAB_DATA
# validate: the demo scenario must be valid as installed, and so must the
# other examples, which name a lab's real IP databases.
pooltest validate "$share/scenarios/demo.yaml" >"$tmp/v.log" 2>&1 ||
  { cat "$tmp/v.log"; problem "validate demo.yaml"; }
mkdir -p "$tmp/empty"
for s in full-accreditation.yaml operator-precheck.yaml operator-precheck.json; do
  # As shipped: ${POOLTEST_LAB_DATA} defaults to the folder ci/fetch-lab-data.sh
  # fills (install-deps.sh runs it), so the installed examples validate.
  pooltest validate "$share/scenarios/$s" >"$tmp/v.log" 2>&1 ||
    { cat "$tmp/v.log"; problem "validate $s as installed"; }
  # With the lab data pointed at an empty folder, the only errors are those
  # databases not being found, and the hint names the installed fetch script.
  POOLTEST_LAB_DATA="$tmp/empty" pooltest validate "$share/scenarios/$s" >"$tmp/v.log" 2>&1
  code=$?
  others=$(grep ': error: ' "$tmp/v.log" | grep -v ': error: file not found: .* (data_sources\.')
  if [ "$code" -ne 3 ] || [ -n "$others" ]; then
    cat "$tmp/v.log"
    problem "validate $s exited $code, not only for its missing IP databases"
  fi
  grep -qF "bash $share/ci/fetch-lab-data.sh" "$tmp/v.log" ||
    { cat "$tmp/v.log"; problem "validate $s does not name $share/ci/fetch-lab-data.sh"; }
done
[ -x "$share/ci/fetch-lab-data.sh" ] || problem "$share/ci/fetch-lab-data.sh not installed"

# The data folder is the installed one: a scenario naming a database that
# is not there is told where it was looked for.
cp -r "$share/scenarios/documents" .
sed 's|${POOLTEST_DATA}/refpool-geo.mmdb|${POOLTEST_DATA}/no-such.mmdb|' "$share/scenarios/demo.yaml" >probe.yaml
pooltest validate probe.yaml >"$tmp/v.log" 2>&1
grep -qF "file not found: $share/data/no-such.mmdb" "$tmp/v.log" ||
  { cat "$tmp/v.log"; problem "validate did not look for the databases in $share/data"; }

# The demo, from the installed files (it names the scenario it runs).
log=$(timeout 300 pooltest demo --out demo 2>&1) || { echo "$log"; problem "pooltest demo exited non-zero"; }
grep -q "^Running $share/scenarios/demo.yaml against it" <<<"$log" ||
  { echo "$log"; problem "the demo did not run the installed demo.yaml"; }
for clause in R4.1 R4.2 R4.3 R4.4 R4.5 R4.6 R4.7; do
  grep -q "^$clause " <<<"$log" || problem "no verdict line for $clause"
done
grep -E '^R4\.[1-7] ' <<<"$log"
for f in evidence.jsonl results.json act.json act.pdf; do
  [ -s "demo/$f" ] || problem "demo/$f missing or empty"
done
pooltest verify demo --ca demo.demo-ca.pem --tsa-ca demo.demo-tsa-ca.pem >"$tmp/verify.log" 2>&1 ||
  { cat "$tmp/verify.log"; problem "pooltest verify of the demo act"; }

# A support campaign plans over the installed holiday calendars.
pooltest campaign start --db campaign.db --scenario "$share/scenarios/demo.yaml" --plan-only \
  >"$tmp/campaign.log" 2>&1 && grep -q '^planned [0-9]* requests' "$tmp/campaign.log" ||
  { cat "$tmp/campaign.log"; problem "campaign start --plan-only"; }

# man finds both pages by name; man -l renders the installed files.
for page in pooltest pooltest-scenario; do
  man -w "$page" >/dev/null 2>&1 || problem "man -w $page: not found"
done
LC_ALL=C man -l -P cat /usr/share/man/man1/pooltest.1.gz 2>/dev/null | grep -q '^EXIT STATUS' ||
  problem "man -l pooltest.1.gz: no EXIT STATUS"
LC_ALL=C man -l -P cat /usr/share/man/man5/pooltest-scenario.5.gz 2>/dev/null | grep -q 'Scenario files' ||
  problem "man -l pooltest-scenario.5.gz: no 'Scenario files'"

# bash completion as installed, calling the installed pooltest.
mkdir -p acts/a && touch acts/a/act.json x.yaml
got=$(bash -c '
  source /usr/share/bash-completion/completions/pooltest
  complete -p pooltest >/dev/null || exit 1
  COMP_WORDS=(pooltest va); COMP_CWORD=1; _pooltest; echo "${COMPREPLY[*]}"
  COMP_WORDS=(pooltest run x); COMP_CWORD=2; _pooltest; echo "${COMPREPLY[*]}"
  COMP_WORDS=(pooltest verify acts/); COMP_CWORD=2; _pooltest; echo "${COMPREPLY[*]}"
  compgen -W "$(pooltest __complete "")" -- ve')
[ "$got" = "$(printf 'validate\nx.yaml\nacts/a\nverify')" ] || problem "bash completion: got '$got'"
cd / && rm -rf "$run"

[ "$fail" -eq 0 ] || exit 1
echo "deb ok: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
