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
# done_ok: the closing line, after the answers `status` kept are checked against docs/openapi.json
done_ok() {
  if [ -s "$TMP/answers/index.tsv" ]; then
    local top; top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    run node "$top/tests/openapi/check.js" "$top/docs/openapi.json" "$TMP/answers"
    expect_eq "the answers match docs/openapi.json: $out" "$rc" 0
  fi
  echo "$checks checks passed"
}
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
# member HOUSEHOLD: the ID number of a member, from the household register of the county that
# `county` generated
member() { awk -F, -v h="$1" '$5 "" == h "" { print $1; exit }' "$TMP"/county/resources/43GA001*; }
# serve DATA [ARGS...]: the server on a free port of 127.0.0.1 (with serve's further ARGS), its
# messages in $TMP/serve.err; sets pid, port and B (the base address; https when SCHEME=https)
serve() {
  "$SN" serve --data "$1" --listen 127.0.0.1:0 "${@:2}" >"$TMP/serve.out" 2>"$TMP/serve.err" &
  pid=$!
  for _ in $(seq 100); do grep -q "serving on port" "$TMP/serve.out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$TMP/serve.out")
  [ -n "$port" ] || fail "the server did not start: $(cat "$TMP/serve.err")"
  B="${SCHEME:-http}://127.0.0.1:$port"
}
# status METHOD URL [curl args]: the HTTP status code; the body goes to $TMP/body, and a copy
# with the method, path and status to $TMP/answers/ for done_ok's check against the API's schemas
# (it runs in a subshell as often as not, so the answers are numbered by the index's lines)
status() {
  local m=$1 u=$2 code n; shift 2
  code=$(curl -s -o "$TMP/body" -w '%{http_code}' -X "$m" "$@" "$B$u") || true
  mkdir -p "$TMP/answers"; touch "$TMP/answers/index.tsv"
  n=$(($(wc -l <"$TMP/answers/index.tsv") + 1))
  cp "$TMP/body" "$TMP/answers/$n" 2>/dev/null || : >"$TMP/answers/$n"
  printf '%s\t%s\t%s\t%s\n' "$m" "$u" "$code" "$n" >>"$TMP/answers/index.tsv"
  printf %s "$code"
}
# sign_in USER [PASSWORD]: a session of USER (its cookies in $TMP/USER.jar, its CSRF token in
# CSRF[USER]); the password is password-123 unless given
declare -A CSRF
sign_in() {
  status POST /api/v1/login -c "$TMP/$1.jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"${2:-password-123}\"}" >/dev/null
  CSRF[$1]=$(json "['csrf']")
}
# as USER METHOD URL [BODY]: a request in USER's session with its CSRF token; BODY is sent as
# JSON byte for byte (through a file, so that a body starting with @ is not read as a file name)
as() {
  local u=$1 m=$2 url=$3
  if [ $# -gt 3 ]; then
    printf '%s' "$4" >"$TMP/req"
    status "$m" "$url" -b "$TMP/$u.jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: ${CSRF[$u]}" --data-binary @"$TMP/req"
  else
    status "$m" "$url" -b "$TMP/$u.jar" -H "X-CSRF-Token: ${CSRF[$u]}"
  fi
}
# json EXPR: a Python subscript of the last body, e.g. json "['field']"
json() { python3 -c "import json,sys; print(json.load(open('$TMP/body'))$1)"; }
