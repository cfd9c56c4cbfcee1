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
# county DIR REGION PERSONS SEED NOISE: a generated county in DIR/county, ingested into the data
# folder DIR/data and linked
county() {
  "$SN" gen --out "$1/county" --region "$2" --persons "$3" --months 12 --seed "$4" --noise "$5" >/dev/null
  "$SN" init "$1/data" >/dev/null
  "$SN" catalog import --data "$1/data" "$1/county/catalog.json" >/dev/null
  local f code
  for f in "$1"/county/resources/*; do
    code=$(basename "$f"); "$SN" ingest --no-link --data "$1/data" "${code%.*}" "$f" >/dev/null
  done
  "$SN" link run --data "$1/data" >/dev/null
}
