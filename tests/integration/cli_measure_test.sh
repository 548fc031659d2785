#!/usr/bin/env bash
# `pooltest measure` end to end: the reference pool (`pooltest refpool`) on
# loopback on a port picked free, one of its four channels down; measure
# writes a measurements file with one TCP connect and one stratum round trip
# per address, answered where the pool listens and failed (naming the
# address and port) where it does not; and refuses bad input with an error
# naming the file and line, or the vantage point.
# Usage: cli_measure_test.sh POOLTEST_BINARY
set -uo pipefail
pooltest=$1
tmp=$(mktemp -d)
pool_pid=
cleanup() {
  if [ -n "$pool_pid" ]; then kill "$pool_pid" 2>/dev/null; wait "$pool_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A port free on 127.0.0.11 now; the pool binds it on all four addresses.
# Another process may take it in between: a few tries, each bounded.
started=
for attempt in 1 2 3; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.11", 0)); print(s.getsockname()[1])')
  cat >"$tmp/refpool.yaml" <<EOF
sites:
  - {id: primary, addresses: [127.0.0.11, 127.0.0.12], stratum_port: $port, http_port: 0}
  - {id: backup, addresses: [127.0.0.21, 127.0.0.22], stratum_port: $port, http_port: 0,
     down_addresses: [127.0.0.22]}
EOF
  "$pooltest" refpool --config "$tmp/refpool.yaml" >"$tmp/refpool.log" 2>&1 &
  pool_pid=$!
  for _ in $(seq 100); do
    grep -q "reference pool running" "$tmp/refpool.log" && { started=1; break; }
    kill -0 "$pool_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$started" ] && break
  kill "$pool_pid" 2>/dev/null; wait "$pool_pid" 2>/dev/null; pool_pid=
done
[ -n "$started" ] || { cat "$tmp/refpool.log"; fail "the reference pool did not start"; }
# The pool runs in a loopback block it chose (127.0.0.0/24 unless taken by
# a demo or another test): "reference pool on 127.0.X.0/24: ..." -> 127.0.X.
P=$(sed -n 's|^reference pool on \(127\.0\.[0-9]*\.\)0/24: .*|\1|p' "$tmp/refpool.log")
[ -n "$P" ] || { cat "$tmp/refpool.log"; fail "the reference pool did not say its block"; }

cat >"$tmp/scenario.yaml" <<EOF
pooltest: 1
name: measure test
applicant: {legal_name: Test pool, bin: "230440012341"}
sites:
  - id: primary
    role: primary
    settlement: Astana
    stratum: [{url: "stratum+tcp://${P}11:$port"}]
    channels:
      - {id: ktc, provider: Kazakhtelecom, addresses: [${P}11]}
      - {provider: Transtelecom, addresses: [${P}12]}
  - id: backup
    role: backup
    settlement: Almaty
    stratum: [{url: "stratum+tcp://${P}21:$port"}]
    channels:
      - {provider: Kazakhtelecom, addresses: [${P}21]}
      - {provider: KazTransCom, addresses: [${P}22]}
worker: {user: w, password: x}
vantage_points:
  - {name: astana-lab, latitude: 51.1694, longitude: 71.4491}
thresholds: {rtt_samples: 3, probe_timeout: 2s}
EOF

"$pooltest" measure "$tmp/scenario.yaml" --vantage astana-lab --out "$tmp/m.json" \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out" "$tmp/err"
[ "$rc" -eq 0 ] || fail "measure exited $rc, want 0"
grep -qx "$tmp/m.json: 8 measurements (6 answered) from astana-lab" "$tmp/out" ||
  fail "unexpected summary line"
[ -s "$tmp/m.json.evidence/evidence.jsonl" ] || fail "no evidence kept next to the file"

python3 - "$tmp/m.json" "$tmp/scenario.yaml" "$port" "$P" <<'EOF' || fail "measurements file"
import hashlib, json, sys
doc = json.load(open(sys.argv[1]))
port = int(sys.argv[3])
P = sys.argv[4]  # the pool's block, "127.0.X."
sha = hashlib.sha256(open(sys.argv[2], 'rb').read()).hexdigest()
assert doc['format'] == 'pooltest-measurements/1', doc['format']
assert doc['scenario'] == 'measure test', doc['scenario']
assert doc['scenario_sha256'] == sha, (doc['scenario_sha256'], sha)
assert doc['vantage'] == {'name': 'astana-lab', 'latitude': 51.1694, 'longitude': 71.4491}, doc['vantage']
assert doc['complete'] is True
assert doc['taken'].endswith('Z'), doc['taken']
# Channel ids as declared, else ch1, ch2 ... in the site's order.
channels = {P + '11': ('primary', 'ktc'), P + '12': ('primary', 'ch2'),
            P + '21': ('backup', 'ch1'), P + '22': ('backup', 'ch2')}
seen = set()
for m in doc['measurements']:
    where = (m['target'], m['kind'])
    assert where not in seen, where
    seen.add(where)
    assert m['port'] == port, m
    assert (m['site'], m['channel']) == channels[m['target']], m
    if m['target'] == P + '22':
        # Nothing listens there: asked, never answered, no figures.
        assert m['status'] != 'ok', m
        assert m['samples_ms'] == [], m
        assert m['min_ms'] is None and m['median_ms'] is None, m
        continue
    assert m['status'] == 'ok', m
    assert m['asked'] == 3, m
    assert len(m['samples_ms']) == 3, m
    assert all(0 < s < 2000 for s in m['samples_ms']), m
    assert m['min_ms'] <= m['median_ms'] <= m['max_ms'], m
    assert m['min_ms'] == min(m['samples_ms']) and m['max_ms'] == max(m['samples_ms']), m
assert seen == {(a, k) for a in channels for k in ('tcp.connect', 'latency.stratum')}, seen
EOF

# The unanswered endpoint is named, with its port, in the evidence.
grep -q "${P}22:$port" "$tmp/m.json.evidence/evidence.jsonl" ||
  fail "the evidence does not name ${P}22:$port"

# Bad input: an unknown vantage point is named, with what to do.
"$pooltest" measure "$tmp/scenario.yaml" --vantage nowhere --out "$tmp/n.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 3 ] || { cat "$tmp/err"; fail "unknown vantage: exit $rc, want 3"; }
grep -q "no vantage point 'nowhere'; add it under vantage_points" "$tmp/err" ||
  { cat "$tmp/err"; fail "unknown vantage not named"; }
[ ! -e "$tmp/n.json" ] || fail "a file was written for an unknown vantage"

# Bad input: a scenario with a wrong value names its file and line.
sed 's/rtt_samples: 3/rtt_samples: many/' "$tmp/scenario.yaml" >"$tmp/bad.yaml"
"$pooltest" measure "$tmp/bad.yaml" --vantage astana-lab --out "$tmp/b.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 3 ] || { cat "$tmp/err"; fail "bad scenario: exit $rc, want 3"; }
line=$(grep -n "rtt_samples" "$tmp/bad.yaml" | cut -d: -f1)
grep -q "bad.yaml:$line" "$tmp/err" || { cat "$tmp/err"; fail "the error does not name bad.yaml:$line"; }
grep -q "rtt_samples" "$tmp/err" || { cat "$tmp/err"; fail "the error does not name the field"; }
[ ! -e "$tmp/b.json" ] || fail "a file was written for a bad scenario"

# Bad input: an output below a regular file (m.json) cannot be written, and
# the error names it. (A missing folder is not bad input: measure makes it.)
"$pooltest" measure "$tmp/scenario.yaml" --vantage astana-lab --out "$tmp/m.json/x.json" \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] || { cat "$tmp/err"; fail "unwritable output: exit $rc, want 4"; }
grep -q "$tmp/m.json/x.json" "$tmp/err" || { cat "$tmp/err"; fail "the unwritable path is not named"; }
echo "measure ok: port $port"
