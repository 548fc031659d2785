#!/usr/bin/env bash
# `pooltest demo` completes on loopback, prints every clause's verdict and
# leaves evidence and results in its output folder.
set -euo pipefail
pooltest=$1
src=$2
out=$(mktemp -d)/demo
trap 'rm -rf "$(dirname "$out")"' EXIT
log=$("$pooltest" demo --out "$out" 2>&1) || { echo "$log"; echo "demo exited non-zero"; exit 1; }
echo "$log"
# The demo chose a loopback block of its own and says which; the scenario
# kept with the act is demo.yaml rebased into it.
block=$(sed -n 's|^reference pool on \(127\.0\.[0-9]*\.0/24\): stratum .*|\1|p' <<<"$log" | head -1)
[ -n "$block" ] || { echo "FAIL: the demo does not say its loopback block"; exit 1; }
grep -qF "stratum+tcp://${block%0/24}11:3333" "$out/scenario.yaml" ||
  { echo "FAIL: scenario.yaml is not rebased into $block"; exit 1; }
for clause in R4.1 R4.2 R4.3 R4.4 R4.5 R4.6 R4.7; do
  grep -q "^$clause " <<<"$log" || { echo "FAIL: no verdict line for $clause"; exit 1; }
done
for f in evidence.jsonl results.json junit.xml scenario.yaml; do
  [ -s "$out/$f" ] || { echo "FAIL: $out/$f missing or empty"; exit 1; }
done
lines=$(wc -l <"$out/evidence.jsonl")
[ "$lines" -ge 20 ] || { echo "FAIL: only $lines evidence records"; exit 1; }
# Every check decided something about the pool: no verdict is `error` (the
# harness failing), and each result carries its catalogue finding.
python3 - "$out/results.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d['checks']) == 8, d
errors = [c['id'] + ': ' + c['summary'] for c in d['checks'] if c['verdict'] == 'error']
assert not errors, 'error verdicts in the demo: %s' % errors
for c in d['checks']:
    assert c.get('finding', {}).get('key', '').startswith(c['clause'] + '.'), c
EOF
# results.json, the signed act.json and every evidence record follow their
# published schemas (reports/schemas/).
/usr/bin/python3 "$src/tests/reports/validate_outputs.py" "$out" "$src/reports/schemas"
echo "demo ok: $lines evidence records"
