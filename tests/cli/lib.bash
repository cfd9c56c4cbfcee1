# lib.bash: helpers for the black-box tests of the safetynet binary (sourced, not run).
# Each test script gets the binary's path as $1 and runs it as a person would.
set -euo pipefail
SN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
checks=0

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_eq WHAT GOT WANT
expect_eq() { checks=$((checks + 1)); [ "$2" = "$3" ] || fail "$1: got [$2], want [$3]"; }
# expect_contains WHAT TEXT NEEDLE
expect_contains() { checks=$((checks + 1)); case "$2" in *"$3"*) ;; *) fail "$1: [$2] lacks [$3]";; esac; }
# run CMD...: sets out, err, rc
run() { set +e; "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?; set -e; out=$(cat "$TMP/out"); err=$(cat "$TMP/err"); }
done_ok() { echo "$checks checks passed"; }
