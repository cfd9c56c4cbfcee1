#!/usr/bin/env bash
# The README's first command: scripts/demo.sh (what `make demo` runs after building) runs to the
# end and its server answers, with the demo accounts able to log in. It once stopped at random
# (exit 141) when a command piped into `head` got SIGPIPE under pipefail. `make test` hands it
# the release build `make demo` uses (SAFETYNET_DEMO_BIN); run alone, it uses the binary given.
source "$(dirname "$0")/lib.bash"
demo_bin=${SAFETYNET_DEMO_BIN:-$SN}
[ -x "$demo_bin" ] || demo_bin=$SN
top=$(cd "$(dirname "$0")/../.." && pwd)
# no command of the script pipes into one that may stop reading early (head, grep -q, grep -m)
expect_eq "nothing in scripts/demo.sh pipes into head or an early-exiting grep" \
  "$(grep -nE '\|[[:space:]]*(head|grep[^|]*-[a-zA-Z]*[qm])' "$top/scripts/demo.sh" || true)" ""
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DEMO_DATA="$TMP/demo" DEMO_PORT=$port DEMO_PERSONS=${DEMO_PERSONS:-20000} \
  "$top/scripts/demo.sh" "$demo_bin" >"$TMP/demo.out" 2>"$TMP/demo.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$TMP"' EXIT
B="http://127.0.0.1:$port"
up=""
for _ in $(seq 1800); do
  if ! kill -0 $pid 2>/dev/null; then
    wait $pid && rc=0 || rc=$?
    fail "the demo ended (exit $rc) before its server answered: $(tail -5 "$TMP/demo.err")"
  fi
  if curl -s -o /dev/null "$B/healthz"; then up=1; break; fi
  sleep 0.2
done
expect_eq "the demo's server answers" "$up" 1
out=$(cat "$TMP/demo.out")
expect_contains "the address is printed" "$out" "http://127.0.0.1:$port/"
expect_contains "the logins are printed" "$out" "safetynet-demo"
for step in "1. " "3. " "4. " "5. " "9. " "10. "; do expect_contains "step $step ran" "$out" "$step"; done
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"caseworker","password":"safetynet-demo"}' "$B/api/v1/login")
expect_eq "a demo account logs in" "$code" 200
done_ok
