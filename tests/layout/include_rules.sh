#!/usr/bin/env bash
# Keeps the direction of the house: the ground (core/, scenarios/) and the
# parts (probes/, checks/, reports/, refpool/) never include the roof
# (harness/), and "probes observe, checks judge, reports render" stays
# visible in what includes what; fuzz/ drives the parts directly, never
# through the roof or the reference pool. procedure/ (the application's
# deadlines) stands on core/ alone; what judges or renders may use it,
# what observes may not. Usage: include_rules.sh SOURCE_ROOT
# Prints every broken rule as FILE:LINE: the include and the rule; exits 1
# if there is one, 2 if SOURCE_ROOT is not a source tree.
set -uo pipefail
root=${1:?usage: include_rules.sh SOURCE_ROOT}
cd "$root" || exit 2
[[ -d core && -d harness ]] || { echo "$root: no core/ or harness/ here" >&2; exit 2; }

# folder: the top-level project folders it must not include.
declare -A forbidden=(
  [core]="procedure scenarios probes checks reports refpool harness"
  [procedure]="scenarios probes checks reports refpool harness"
  [scenarios]="procedure probes checks reports refpool harness"
  [probes]="procedure checks reports refpool harness"
  [checks]="probes reports refpool harness"
  [reports]="probes refpool harness"
  [refpool]="procedure probes checks reports harness"
  [fuzz]="refpool harness"
)

broken=0
for folder in "${!forbidden[@]}"; do
  [[ -d $folder ]] || continue
  for target in ${forbidden[$folder]}; do
    # Quoted and angled forms both, so neither spelling slips through.
    while IFS= read -r hit; do
      echo "$hit  <- $folder/ must not include $target/"
      broken=1
    done < <(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<]$target/" \
               --include='*.h' --include='*.cc' --include='*.cpp' "$folder")
  done
done

if ((broken)); then
  echo "include rules broken (see the rule after each include; DEVELOPERS.md: the house)" >&2
  exit 1
fi
echo "include rules hold: core, procedure, scenarios, probes, checks, reports, refpool, fuzz"
