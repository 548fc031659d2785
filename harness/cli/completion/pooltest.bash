# bash completion for pooltest. What the word under the cursor may be comes
# from `pooltest __complete` (harness/cli/completion.h), so sub-commands and
# options follow the CLI's own definitions; files and folders are found
# here: scenario files for run/validate, act folders for verify/diff.

# Adds the entries of the glob results to COMPREPLY that `keep` accepts.
_pooltest_paths() {
  local cur=$1 keep=$2 p
  local IFS=$'\n'
  for p in $(compgen -f -- "$cur"); do
    if "$keep" "$p"; then COMPREPLY+=("$p"); fi
  done
}

_pooltest_is_scenario() { [[ -d $1 || $1 == *.yaml || $1 == *.yml || $1 == *.json ]]; }
_pooltest_is_yaml() { [[ -d $1 || $1 == *.yaml || $1 == *.yml ]]; }
# An act folder, or a folder with folders in it (an act may lie deeper).
_pooltest_is_act_dir() {
  [[ -d $1 ]] || return 1
  [[ -f $1/act.json ]] && return 0
  local sub
  for sub in "$1"/*/; do [[ -d $sub ]] && return 0; done
  return 1
}
_pooltest_is_act() { _pooltest_is_act_dir "$1" || [[ $1 == act.json || $1 == */act.json ]]; }

_pooltest() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local reply
  reply=$("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  local kind=${reply%%$'\n'*} words=""
  [[ $reply == *$'\n'* ]] && words=${reply#*$'\n'}
  COMPREPLY=()
  local IFS=$'\n'
  case $kind in
    words) COMPREPLY=($(compgen -W "$words" -- "$cur")) ;;
    scenario) _pooltest_paths "$cur" _pooltest_is_scenario ;;
    yaml) _pooltest_paths "$cur" _pooltest_is_yaml ;;
    act-dir) _pooltest_paths "$cur" _pooltest_is_act_dir ;;
    act) _pooltest_paths "$cur" _pooltest_is_act ;;
    dir) COMPREPLY=($(compgen -d -- "$cur")) ;;
    file) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
  # Quote names and mark folders with '/', as for any file name.
  case $kind in words | none) ;; *) compopt -o filenames 2>/dev/null ;; esac
  return 0
}

complete -F _pooltest pooltest
