#!/usr/bin/env bash
# `pooltest validate` on every example scenario as shipped, with
# ${POOLTEST_LAB_DATA} left to pooltest's default (the folder
# ci/fetch-lab-data.sh fills): each must validate with no error. Then with
# POOLTEST_LAB_DATA pointing at an empty folder, the full example must be
# refused (exit 3) naming the missing database and the fetch script.
# Usage: validate_examples_cli.sh POOLTEST SCENARIOS_DIR
set -uo pipefail
pooltest=$1
dir=$2
fail=0
unset POOLTEST_LAB_DATA
n=0
for f in "$dir"/*.yaml "$dir"/*.json; do
  case "$(basename "$f")" in
    schema.json | demo-lab.yaml) continue ;;  # the schema, and a lab file (--lab)
  esac
  n=$((n + 1))
  if ! out=$("$pooltest" validate "$f" 2>&1); then
    echo "FAIL: pooltest validate $f exited non-zero:"
    echo "$out"
    fail=1
  elif grep -q "error:" <<<"$out"; then
    echo "FAIL: pooltest validate $f printed an error:"
    echo "$out"
    fail=1
  else
    echo "ok: $(basename "$f")"
  fi
done
if [ "$n" -lt 4 ]; then
  echo "FAIL: expected at least 4 example scenarios in $dir, found $n"
  fail=1
fi

empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
out=$(POOLTEST_LAB_DATA=$empty "$pooltest" validate "$dir/full-accreditation.yaml" 2>&1)
rc=$?
if [ "$rc" -ne 3 ]; then
  echo "FAIL: validate with an empty POOLTEST_LAB_DATA exited $rc, want 3"
  fail=1
fi
for want in "file not found: $empty/GeoLite2-City.mmdb" "ci/fetch-lab-data.sh"; do
  if ! grep -qF "$want" <<<"$out"; then
    echo "FAIL: validate with an empty POOLTEST_LAB_DATA does not say '$want':"
    echo "$out"
    fail=1
  fi
done
exit $fail
