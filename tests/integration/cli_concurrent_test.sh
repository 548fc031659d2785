#!/usr/bin/env bash
# `pooltest refpool` and `pooltest demo` at once, each choosing a free
# loopback block by itself: both run, on different blocks, each saying
# which, and the demo produces its act. Then --addresses: a malformed, a
# non-loopback and a taken block are refused with a clear message.
set -uo pipefail
pooltest=$1
tmp=$(mktemp -d)
refpool_pid=
squatter_pid=
cleanup() {
  for pid in $refpool_pid $squatter_pid; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.log; do echo "--- $f"; cat "$f"; done; exit 1; }

# "reference pool on 127.0.X.0/24: ..." -> 127.0.X.0/24
block_of() { sed -n 's|^reference pool on \(127\.0\.[0-9]*\.0/24\): .*|\1|p' "$1" | head -1; }
# Waits (bounded: 30 s) until file $1 has a line matching $2.
wait_for() {
  for _ in $(seq 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

"$pooltest" refpool >"$tmp/refpool.log" 2>&1 &
refpool_pid=$!
wait_for "$tmp/refpool.log" "reference pool running" || fail "refpool did not start"
refpool_block=$(block_of "$tmp/refpool.log")
[ -n "$refpool_block" ] || fail "refpool did not say which block it runs on"
refpool_prefix=${refpool_block%0/24}
grep -q "^listening: stratum ${refpool_prefix}11:3333$" "$tmp/refpool.log" ||
  fail "refpool does not listen on ${refpool_prefix}11:3333"
echo "ok: refpool on $refpool_block"

out=$tmp/demo
"$pooltest" demo --out "$out" >"$tmp/demo.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "demo exited $rc next to a running refpool, want 0"
demo_block=$(block_of "$tmp/demo.log")
[ -n "$demo_block" ] || fail "demo did not say which block it runs on"
[ "$demo_block" != "$refpool_block" ] || fail "demo and refpool both on $demo_block"
demo_prefix=${demo_block%0/24}
[ -s "$out/act.json" ] && [ -s "$out/results.json" ] || fail "demo produced no act"
# The scenario kept with the act is the one run: rebased into the demo's block.
grep -q "stratum+tcp://${demo_prefix}11:3333" "$out/scenario.yaml" ||
  fail "scenario.yaml is not in $demo_block"
if [ "$demo_prefix" != "127.0.0." ] && grep -q "127\.0\.0\.[12][12]" "$out/scenario.yaml"; then
  fail "scenario.yaml still names 127.0.0.0/24 addresses"
fi
python3 - "$out/act.json" "$demo_prefix" <<'PY' || fail "the act's channels are not in $demo_block"
import json, sys
act = json.load(open(sys.argv[1]))
text = json.dumps(act)
assert sys.argv[2] + "11" in text and sys.argv[2] + "22" in text, "no channel address of the block"
PY
echo "ok: demo on $demo_block next to the refpool, act written"

kill -0 "$refpool_pid" 2>/dev/null || fail "refpool died while the demo ran"
(exec 3<>"/dev/tcp/${refpool_prefix}11/3333") 2>/dev/null || fail "refpool's stratum port no longer answers"

# --addresses.
expect() {  # expect CODE WHAT GREP -- command...
  local want=$1 what=$2 says=$3
  shift 4
  "$@" >"$tmp/out.txt" 2>&1
  local got=$?
  [ "$got" -eq "$want" ] || { cat "$tmp/out.txt"; fail "$what: exit $got, want $want"; }
  grep -qF -- "$says" "$tmp/out.txt" || { cat "$tmp/out.txt"; fail "$what: does not say '$says'"; }
  echo "ok: $what (exit $got)"
}
expect 64 "a malformed block is a usage error" "must be a /24" -- \
  "$pooltest" demo --addresses 127.0.42.0/16 --out "$tmp/o1"
expect 64 "a block that is no address is a usage error" "is not an IPv4 address" -- \
  "$pooltest" refpool --addresses 127.0.x.0/24
expect 64 "a non-loopback block is a usage error" "not inside 127.0.0.0/8" -- \
  "$pooltest" refpool --addresses 192.168.1.0/24
expect 4 "the refpool's block is taken for a second refpool" \
  "loopback block $refpool_block is taken (claimed by another pooltest)" -- \
  "$pooltest" refpool --addresses "$refpool_block"
# Something else (not a pooltest) listening on one of the pool's addresses.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.251.12", 8080)); s.listen(1)
print("listening", flush=True); time.sleep(120)' >"$tmp/squatter.log" 2>&1 &
squatter_pid=$!
wait_for "$tmp/squatter.log" "listening" || fail "the squatter did not start"
expect 4 "a block where something else listens is taken" \
  "loopback block 127.0.251.0/24 is taken (127.0.251.12:8080 in use)" -- \
  "$pooltest" demo --addresses 127.0.251.0/24 --out "$tmp/o2"
[ ! -e "$tmp/o2/results.json" ] || fail "a demo in a taken block ran anyway"

# A block asked for is used and said.
"$pooltest" refpool --addresses 127.0.252.0/24 >"$tmp/asked.log" 2>&1 &
asked_pid=$!
wait_for "$tmp/asked.log" "reference pool running" || { kill "$asked_pid"; fail "refpool --addresses did not start"; }
grep -q "^reference pool on 127.0.252.0/24: stratum 127.0.252.11:3333" "$tmp/asked.log" ||
  { kill "$asked_pid"; fail "refpool --addresses does not say its block"; }
kill -TERM "$asked_pid"
wait "$asked_pid" || fail "refpool --addresses did not stop cleanly"
echo "ok: refpool --addresses 127.0.252.0/24"

kill -TERM "$refpool_pid"
wait "$refpool_pid"
rc=$?
refpool_pid=
[ "$rc" -eq 0 ] || fail "refpool exited $rc on SIGTERM, want 0"
echo "concurrent ok: refpool on $refpool_block, demo on $demo_block"
