#!/usr/bin/env bash
# Builds throwaway trees that each break one include rule and asserts that
# include_rules.sh fails on every one, naming the file, and passes on a
# tree that breaks none.
set -uo pipefail
rules=${1:?usage: include_rules_selftest.sh include_rules.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

make_tree() {  # a clean tree: every folder, one header each
  rm -rf "$work/t" && mkdir -p "$work/t"
  for d in core procedure scenarios probes/http checks reports refpool harness/runner fuzz; do
    mkdir -p "$work/t/$d"
  done
  echo '#include "core/result.h"' >"$work/t/probes/http/page.h"
  echo '#include "scenarios/scenario.h"' >"$work/t/checks/check.h"
  echo '#include "checks/check.h"' >"$work/t/reports/act.cc"
  echo '#include "probes/http/page.h"' >"$work/t/harness/runner/run.cc"
}

make_tree
if ! out=$("$rules" "$work/t" 2>&1); then
  echo "FAIL: a clean tree was refused: $out"; failures=$((failures + 1))
fi

# file, include line: each one rule broken.
cases=(
  'core/a.h|#include "scenarios/scenario.h"'
  'core/b.cc|#include <probes/http/page.h>'
  'core/c.cc|#include "procedure/deadlines.h"'
  'procedure/p.cc|#include "reports/act.h"'
  'procedure/q.h|#include "harness/cli/commands.h"'
  'probes/http/r.cc|#include "procedure/deadlines.h"'
  'scenarios/s.cc|#include "harness/runner/run.h"'
  'probes/http/p.cc|  #  include "checks/check.h"'
  'probes/http/q.h|#include "reports/act.h"'
  'checks/c.cc|#include "probes/http/page.h"'
  'checks/d.h|#include "reports/act.h"'
  'reports/r.cc|#include "harness/cli/commands.h"'
  'refpool/x.cc|#include "harness/runner/run.h"'
  'fuzz/f_fuzzer.cc|#include "harness/cli/commands.h"'
)
for c in "${cases[@]}"; do
  make_tree
  file=${c%%|*}
  line=${c#*|}
  echo "$line" >"$work/t/$file"
  if out=$("$rules" "$work/t" 2>&1); then
    echo "FAIL: $file with '$line' passed"; failures=$((failures + 1))
  elif ! grep -q "$file:1:" <<<"$out"; then
    echo "FAIL: $file with '$line' refused without naming it: $out"; failures=$((failures + 1))
  fi
done

echo "$(( ${#cases[@]} + 1 - failures )) passed, $failures failed"
((failures == 0))
