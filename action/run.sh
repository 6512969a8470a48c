#!/usr/bin/env bash
# The smmlint GitHub Action's step: install smmlint, run it, set the step's outputs.
#
# Inputs come only from the environment (INPUT_PATHS, INPUT_CONFIG, INPUT_ARGS,
# INPUT_FAIL_LEVEL, INPUT_SARIF, INPUT_SUMMARY, INPUT_VERSION), and every value is passed to
# smmlint as a separate argument, never evaluated by the shell. SMMLINT_SKIP_INSTALL=1 uses
# the `python3` on PATH, which must already have smmlint (the tests do this).
# Exit code: smmlint's (0 clean, 1 findings at or above the fail level, 2 usage or config
# error, 3 internal error).
set -euo pipefail

fail() {  # messages are fixed text: an input's value never reaches a workflow command
  echo "::error title=smmlint action::$1"
  exit 2
}

paths_input="${INPUT_PATHS:-.}"
config="${INPUT_CONFIG:-}"
extra_input="${INPUT_ARGS:-}"
fail_level="${INPUT_FAIL_LEVEL:-error}"
sarif="${INPUT_SARIF:-}"
summary="${INPUT_SUMMARY:-true}"
version="${INPUT_VERSION:-}"

case "$summary" in
  true | True | TRUE) ;;
  false | False | FALSE) unset GITHUB_STEP_SUMMARY ;;
  *) fail "the summary input must be true or false" ;;
esac
case "$sarif" in
  *$'\n'* | *$'\r'*) fail "the sarif input must be one path" ;;
esac
version="${version#v}"
if [[ -n "$version" && ! "$version" =~ ^[0-9][0-9A-Za-z.+!-]*$ ]]; then
  fail "the version input must be a release such as 0.1.0"
fi

base_python="$(command -v python3 || command -v python || true)"
[[ -n "$base_python" ]] || fail "no python3 on PATH; add actions/setup-python before smmlint"

if [[ "${SMMLINT_SKIP_INSTALL:-}" == 1 ]]; then
  python="$base_python"
else
  # A virtual environment of its own: the runner's system Python may refuse `pip install`
  # (PEP 668), and the workflow's own packages stay untouched.
  venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/smmlint-venv"
  "$base_python" -m venv "$venv" || fail "could not create a virtual environment for smmlint"
  python="$venv/bin/python"
  [[ -x "$python" ]] || python="$venv/Scripts/python.exe"
  if [[ -n "$version" ]]; then
    package="smmlint==$version"
  else
    package="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
  fi
  "$python" -m pip install --quiet --disable-pip-version-check "$package" ||
    fail "could not install smmlint (pip's output is above)"
fi

report_dir="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/smmlint-report.XXXXXX")"
trap 'rm -rf "$report_dir"' EXIT
json_report="$report_dir/report.json"
words="$report_dir/words"

# Shell-style splitting (quotes allowed) without evaluation: each word is one argument.
split_words() {
  "$python" -c 'import shlex, sys; sys.stdout.write("".join(w + "\0" for w in shlex.split(sys.argv[1])))' "$1" >"$words"
}
split_words "$paths_input" || fail "the paths input has an unbalanced quote"
paths=()
while IFS= read -r -d '' word; do paths+=("$word"); done <"$words"
split_words "$extra_input" || fail "the args input has an unbalanced quote"
extra=()
while IFS= read -r -d '' word; do extra+=("$word"); done <"$words"

command=("$python" -m smmlint check --format github --format "json=$json_report" --fail-level "$fail_level")
if [[ -n "$config" ]]; then command+=(--config "$config"); fi
if [[ -n "$sarif" ]]; then command+=(--format "sarif=$sarif"); fi
command+=(${extra[@]+"${extra[@]}"} -- ${paths[@]+"${paths[@]}"})

# A report left from an earlier run must not be taken for this run's (e.g. after a config error).
if [[ -n "$sarif" && -f "$sarif" ]]; then rm -f -- "$sarif" || fail "cannot remove the earlier SARIF report"; fi
set +e
"${command[@]}"
status=$?
set -e

findings=""
if [[ -f "$json_report" ]]; then
  findings="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["summary"]["findings"])' "$json_report")"
fi
[[ -n "$sarif" && -f "$sarif" ]] || sarif=""
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  {
    echo "findings=$findings"
    echo "sarif=$sarif"
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
