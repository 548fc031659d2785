#!/usr/bin/env bash
# Exit codes as documented in README.md.
set -uo pipefail
pooltest=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {  # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, want $want"; cat "$tmp/out"; fail=1
  else
    echo "ok: $what (exit $got)"
  fi
}
export POOLTEST_DATA=${POOLTEST_DATA:-}
printf 'pooltest: 1\nname: broken\nsites: 3\n' >"$tmp/broken.yaml"
expect 0 "valid scenario validates" -- "$pooltest" validate "$src/scenarios/demo.yaml"
expect 3 "broken scenario is a scenario error" -- "$pooltest" validate "$tmp/broken.yaml"
expect 3 "missing scenario file is a scenario error" -- "$pooltest" validate "$tmp/nope.yaml"
expect 3 "run refuses a broken scenario" -- "$pooltest" run "$tmp/broken.yaml" --out "$tmp/o1"
mkdir -p "$tmp/full" && touch "$tmp/full/keep"
expect 4 "run refuses to overwrite evidence" -- "$pooltest" run "$src/scenarios/demo.yaml" --out "$tmp/full"
# Nothing listens: stratum and UI probes fail, so checks fail -> 1.
expect 1 "run against a pool that is down fails" -- "$pooltest" run "$src/scenarios/demo.yaml" --out "$tmp/o2" --quiet
[ -s "$tmp/o2/evidence.jsonl" ] || { echo "FAIL: no evidence kept for the failed run"; fail=1; }
exit $fail
