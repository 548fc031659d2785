#!/usr/bin/env bash
# pooltest(1) and pooltest-scenario(5), read back with man -l as a user
# reads them: (1) names every sub-command, every option each sub-command's
# --help lists and every exit code of harness/cli/exit_codes.h; (5) has
# every section of scenarios/README.md. Usage: man_pages_test.sh POOLTEST
# MAN_DIR SOURCE_DIR (MAN_DIR holds pooltest.1 and pooltest-scenario.5).
set -euo pipefail
pooltest=$1 man_dir=$2 src=$3
fail=0
problem() { echo "FAIL: $*"; fail=1; }

# The C locale: hyphens stay ASCII, lines stay unbroken enough to grep.
render() { LC_ALL=C MANWIDTH=250 man -l -P cat "$1" 2>"$tmp/warnings"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for page in pooltest.1 pooltest-scenario.5; do
  [ -s "$man_dir/$page" ] || { echo "FAIL: $man_dir/$page missing (build target man_pages)"; exit 1; }
done
page1=$(render "$man_dir/pooltest.1")
grep -q '^NAME' <<<"$page1" || problem "pooltest(1) has no NAME section"
grep -q 'pooltest - conformance tests' <<<"$page1" || problem "pooltest(1): NAME line"

# whatis/apropos index both pages by their NAME lines.
lexgrog "$man_dir/pooltest.1" | grep -qF '"pooltest - ' || problem "lexgrog: no NAME in pooltest(1)"
lexgrog "$man_dir/pooltest-scenario.5" | grep -qF '"pooltest-scenario - ' ||
  problem "lexgrog: no NAME in pooltest-scenario(5)"

# Sub-commands: what the main --help lists (there must be some).
main_help=$("$pooltest" --help)
subs=$(awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}' \
  <<<"$main_help")
[ "$(wc -w <<<"$subs")" -ge 8 ] || problem "fewer than 8 sub-commands in --help: $subs"
for sub in $subs; do
  grep -qx "   pooltest $sub" <<<"$page1" || problem "pooltest(1): no section for '$sub'"
  # Every option the sub-command's --help lists, in that sub-command's
  # section of the page (up to the next sub-command or section).
  section=$(awk -v h="   pooltest $sub" '$0 == h {on = 1; next} on && (/^   pooltest / || /^[A-Z]/) {on = 0} on' \
    <<<"$page1")
  opts=$("$pooltest" "$sub" --help | grep -oE '(^|[ ,])--?[a-z][a-z0-9-]*' | tr -d ' ,' | sort -u)
  [ -n "$opts" ] || problem "'$sub --help' lists no option"
  for o in $opts; do
    grep -qE -- "(^|[ ,])$o([ ,=]|$)" <<<"$section" || problem "pooltest(1), $sub: option $o missing"
  done
done
for o in $(grep -oE '(^|[ ,])--?[a-z][a-z0-9-]*' <<<"$main_help" | tr -d ' ,' | sort -u); do
  grep -qE -- "(^|[ ,])$o([ ,=]|$)" <<<"$page1" || problem "pooltest(1): global option $o missing"
done

# Exit codes: each of exit_codes.h's enumerators, under EXIT STATUS.
exit_section=$(awk '/^EXIT STATUS/ {on = 1; next} on && /^[A-Z]/ {on = 0} on' <<<"$page1")
codes=$(grep -oE 'kExit[A-Za-z]+ = [0-9]+' "$src/harness/cli/exit_codes.h" | awk '{print $3}')
[ "$(wc -w <<<"$codes")" -ge 7 ] || problem "fewer than 7 exit codes read from exit_codes.h"
for c in $codes; do
  grep -qE "^ +$c +[a-z]" <<<"$exit_section" || problem "pooltest(1): exit code $c not in EXIT STATUS"
done
for s in FILES ENVIRONMENT "SEE ALSO"; do
  grep -q "^$s" <<<"$page1" || problem "pooltest(1): no $s section"
done

# pooltest-scenario(5): every heading of scenarios/README.md.
page5=$(render "$man_dir/pooltest-scenario.5")
grep -q '^NAME' <<<"$page5" || problem "pooltest-scenario(5) has no NAME section"
headings=0
while IFS= read -r h; do
  headings=$((headings + 1))
  # Inline markup (`code`, *emphasis*) is gone once rendered.
  plain=$(sed -e 's/[`*]//g' <<<"$h")
  grep -qF -- "$plain" <<<"$page5" || problem "pooltest-scenario(5): no heading '$plain'"
done < <(grep -E '^#{1,3} ' "$src/scenarios/README.md" | sed -E 's/^#+ //')
[ "$headings" -ge 5 ] || problem "only $headings headings read from scenarios/README.md"

[ "$fail" -eq 0 ] || exit 1
echo "man pages ok: $(wc -w <<<"$subs") sub-commands, $(wc -w <<<"$codes") exit codes, $headings scenario headings"
