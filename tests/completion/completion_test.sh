#!/usr/bin/env bash
# Shell completion as bash runs it: harness/cli/completion/pooltest.bash is
# sourced, registered for `pooltest` (complete -p), and its function is
# driven through COMP_WORDS/COMP_CWORD in a folder of scenario files, act
# folders and other files. The zsh script is checked by zsh -n.
# Usage: completion_test.sh POOLTEST SOURCE_DIR
set -uo pipefail
pooltest=$(realpath "$1") src=$(realpath "$2")
fail=0
problem() { echo "FAIL: $*"; fail=1; }

# shellcheck source=/dev/null
source "$src/harness/cli/completion/pooltest.bash"
complete -p pooltest | grep -q -- '-F _pooltest' || problem "complete -p pooltest: $(complete -p pooltest 2>&1)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir -p act-2026 runs/old notes
touch act-2026/act.json runs/old/act.json a.yaml b.yml c.json lab.yaml notes.txt key.pem

# The candidates for the words given, the last one under the cursor.
candidates() {
  COMP_WORDS=("$pooltest" "$@")
  COMP_CWORD=$#
  COMPREPLY=()
  _pooltest
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {
  local want=$1
  shift
  local got
  got=$(candidates "$@")
  [ "$got" = "$want" ] || problem "pooltest $* <Tab>: got '$got', want '$want'"
}

expect "campaign demo diff measure refpool run validate verify" ""
expect "refpool run" r
expect "--help --version" --
expect "--version" --v
# Scenario files (and folders to descend into) for run, validate, measure
# and --scenario; not other files.
expect "a.yaml act-2026 b.yml c.json lab.yaml notes runs" run ""
expect "a.yaml act-2026 b.yml c.json lab.yaml notes runs" validate a.yaml ""
expect "a.yaml act-2026" run a
expect "a.yaml act-2026 b.yml c.json lab.yaml notes runs" run --json -q --out=x ""
expect "a.yaml act-2026 b.yml c.json lab.yaml notes runs" demo --scenario ""
# A lab file is YAML.
expect "a.yaml act-2026 b.yml lab.yaml notes runs" run a.yaml --lab ""
# Act folders for verify and diff (and folders with folders in them);
# diff also takes an act.json.
expect "act-2026 runs" verify ""
expect "runs/old" verify runs/
expect "act-2026 runs" diff --tolerance 0.2 act-2026 ""
expect "act-2026/act.json" diff act-2026/
expect "" verify act-2026 a
# Other values: folders, any file, listed choices, nothing.
expect "act-2026 notes runs" demo --out ""
expect "a.yaml act-2026 b.yml c.json key.pem lab.yaml notes notes.txt runs" verify act-2026 --ca ""
expect "report resume start status" campaign ""
expect "" campaign start --days ""
expect "--out" run --ou

# Every sub-command completes exactly the options its --help lists.
for sub in campaign demo diff measure refpool run validate verify; do
  want=$("$pooltest" "$sub" --help | grep -oE '(^|[ ,])--[a-z][a-z0-9-]*' | tr -d ' ,' | sort -u |
    tr '\n' ' ' | sed 's/ $//')
  expect "$want" "$sub" --
done

if command -v zsh >/dev/null; then
  zsh -n "$src/harness/cli/completion/_pooltest" || problem "zsh -n _pooltest"
  head -1 "$src/harness/cli/completion/_pooltest" | grep -qx '#compdef pooltest' ||
    problem "_pooltest does not start with #compdef pooltest"
  # The function's choices, with zsh's compadd and _files replaced by
  # stand-ins that print what they are given (no terminal needed).
  zsh_candidates() {
    zsh -f -c '
      compadd() { shift $(( ${@[(i)--]} )); print -l -- "$@"; }
      _files() { print -- "_files $*"; }
      source "$1" 2>/dev/null
      words=("${@:2}"); CURRENT=$(( $# - 1 )); _pooltest' _ \
      "$src/harness/cli/completion/_pooltest" "$pooltest" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
  }
  zsh_expect() {
    local want=$1
    shift
    local got
    got=$(zsh_candidates "$@")
    [ "$got" = "$want" ] || problem "zsh: pooltest $* <Tab>: got '$got', want '$want'"
  }
  zsh_expect "campaign demo diff measure refpool run validate verify" ""
  zsh_expect "_files -g *.(yaml|yml|json)(-.)" run ""
  zsh_expect "_files -g *.(yaml|yml)(-.)" run a.yaml --lab ""
  zsh_expect "_files -/ act-2026" verify ""
  zsh_expect "_files -/ _files -g act.json act-2026" diff act-2026 ""
  zsh_expect "report resume start status" campaign ""
else
  echo "zsh not installed (ci/install-deps.sh installs it): zsh script not checked"
fi
[ "$fail" -eq 0 ] || exit 1
echo "completion ok"
