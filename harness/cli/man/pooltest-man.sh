#!/usr/bin/env bash
# Writes pooltest(1) as Markdown (for lowdown) from the CLI's own help, so
# the page cannot drift from it: the main --help's options and exit status,
# then every sub-command's --help as pooltest prints it (the sub-commands
# are read from the main help, so none is missed), then the hand-written
# environment and files sections (pooltest.tail.md, with install paths).
# Usage: pooltest-man.sh POOLTEST TAIL_MD > pooltest.md
set -euo pipefail
pooltest=$1 tail_md=$2
main=$("$pooltest" --help)
# The lines of a help text's section ("Options:") up to the next blank line.
section() { awk -v h="$1:" '$0 == h {on = 1; next} on && /^$/ {on = 0} on' <<<"$2"; }
block() { sed -e 's/^/    /'; }

cat <<'EOF_HEAD'
# NAME

pooltest - conformance tests for the accreditation of digital mining pools (Kazakhstan)

# SYNOPSIS

**pooltest** *SUBCOMMAND* \[*OPTIONS*\] \[*ARGUMENTS*\]

**pooltest** **--help** | **--version**

**pooltest** *SUBCOMMAND* **--help**

# DESCRIPTION

**pooltest** probes a candidate mining pool over the network (where its
servers are, whether each site has two independent channels, whether
support answers, whether the UI exists in Kazakh, Russian and English) and
writes the evidence and verdicts for the pool's application, and a signed
act. What pool to test and how is said in a scenario file,
pooltest-scenario(5).

EOF_HEAD
head -1 <<<"$main"
echo
echo "# OPTIONS"
echo
section Options "$main" | block
echo
echo "# SUB-COMMANDS"
subs=$(section Subcommands "$main" | awk '/^  [a-z]/ {print $1}')
[ -n "$subs" ] || { echo "pooltest-man.sh: no sub-commands in --help" >&2; exit 1; }
for sub in $subs; do
  help=$("$pooltest" "$sub" --help)
  echo
  echo "## pooltest $sub"
  echo
  head -1 <<<"$help"
  echo
  tail -n +2 <<<"$help" | block
done
echo
echo "# EXIT STATUS"
echo
echo "Every sub-command but **diff** and **verify** (see theirs above):"
echo
section "Exit status" "$main" | block
echo
cat "$tail_md"
