# probe.sh: the running server probed from outside as an attacker would (issue 17): sessions,
# CSRF, region scope, injection and traversal, bodies, money edges, password guessing, slow and
# many connections, kill -9 during writes, and tampering with the audit log. Each probe says
# what it tried; finding nothing is the pass. Every connection goes to 127.0.0.1 only, and every
# loop is bounded.
. "$(dirname "$0")/lib.bash"

county "$TMP" 430181 1000 5 0
D="$TMP/data"
truth="$TMP/county/truth/households.tsv"
hh=$(awk -F'\t' '$2 == "2025-12" && $30 == "dibao" { print $1; exit }' "$truth")
town=${hh:0:9}
other=$(awk -F'\t' -v t="$town" 'NR > 1 && substr($1, 1, 9) != t { print $1; exit }' "$truth")
for u in "cw caseworker $town" "appr approver 430181" "admin admin 43"; do
  set -- $u
  echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" >/dev/null
done
serve "$D"
# guess USER PASSWORD: a login's status, nothing kept
guess() { status POST /api/v1/login -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}"; }
for u in cw appr admin; do sign_in $u; done

# ---- sessions
expect_eq "no session" "$(status GET "/api/v1/households/$hh")" "401"
expect_eq "a made-up session" "$(status GET "/api/v1/households/$hh" -b "sid=$(printf 'a%.0s' $(seq 64))")" "401"
expect_eq "a session cookie of the wrong length" "$(status GET "/api/v1/households/$hh" -b "sid=../../etc/passwd")" "401"
sign_in cw; cp "$TMP/cw.jar" "$TMP/old.jar"; old_csrf=${CSRF[cw]}
expect_eq "logout" "$(status POST /api/v1/logout -b "$TMP/old.jar" -H "X-CSRF-Token: $old_csrf")" "204"
expect_eq "a session after its logout" "$(status GET "/api/v1/households/$hh" -b "$TMP/old.jar")" "401"
sign_in cw

# ---- CSRF
expect_eq "a change without the CSRF token" "$(status POST "/api/v1/funds/$town/topups" -b "$TMP/appr.jar" -H 'Content-Type: application/json' -d '{"amount":"1"}')" "403"
expect_eq "a change with another session's token" "$(status POST "/api/v1/funds/$town/topups" -b "$TMP/appr.jar" -H "X-CSRF-Token: ${CSRF[cw]}" -H 'Content-Type: application/json' -d '{"amount":"1"}')" "403"
code=$(status POST /api/v1/login -H 'Content-Type: text/plain' -H 'Origin: http://evil.example' -d '{"username":"cw","password":"password-123"}' -c "$TMP/x.jar")
expect_eq "a cross-site text/plain login logs nobody in" "$(grep -c sid "$TMP/x.jar" || true)" "0"
expect_contains "and is refused" "403 415" "$code"

# ---- region scope
expect_eq "another township's household" "$(as cw GET "/api/v1/households/$other")" "403"
expect_eq "another township's fund" "$(as cw GET "/api/v1/funds/${other:0:9}")" "403"
code=$(as cw GET "/api/v1/households?q=$other")
expect_contains "a search for another township's household is refused or finds nothing" "200 403" "$code"
[ "$code" = 403 ] || expect_eq "finds nothing" "$(json "['results']")" "[]"

# ---- injection and traversal
for q in "%27%20OR%20%271%27%3D%271" "1%27%3B%20DROP%20TABLE%20audit_log%3B--" "%25" "_"; do
  code=$(as cw GET "/api/v1/households?q=$q")
  expect_contains "a search for [$q] is answered without error" "200 400" "$code"
  [ "$code" = 400 ] || expect_eq "and finds nothing" "$(json "['results']")" "[]"
done
expect_eq "the audit log survives" "$(sqlite3 "$D/safetynet.db" 'SELECT count(*) > 0 FROM audit_log')" "1"
for p in "/../../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/api/v1/households/..%2f..%2fetc" "/app.js%00.html"; do
  code=$(curl -s -o "$TMP/body" -w '%{http_code}' --path-as-is "$B$p" -b "$TMP/cw.jar")
  expect_contains "[$p] is refused" "400 401 403 404" "$code"
  expect_eq "[$p] shows no file of the system" "$(grep -c 'root:' "$TMP/body" || true)" "0"
done

code=$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/households%0A2099-01-01T00:00:00Z%20GET%20/forged%20200%200%200.1%201")
expect_eq "a newline in a path is refused" "$code" "400"
expect_eq "and writes no line of its own into the access log" "$(grep -c '^2099' "$D/access.log" || true)" "0"
expect_eq "the access log keeps one line for it" "$(grep -c 'forged' "$D/access.log" || true)" "1"

# ---- bodies
body_is() { expect_eq "$1" "$(as appr POST "/api/v1/funds/$town/topups" "$2")" "$3"; }
body_is "two objects in one body" '{"amount":"1","day":"2025-06-01"}{"amount":"1","day":"2025-06-01"}' 400
body_is "a comment" '{"amount":"1" /* x */,"day":"2025-06-01"}' 400
body_is "single quotes" "{'amount':'1','day':'2025-06-01'}" 400
body_is "a duplicate key" '{"amount":"1","amount":"2","day":"2025-06-01"}' 400
body_is "an array for an amount" '{"amount":[1],"day":"2025-06-01"}' 400
body_is "invalid UTF-8" "$(printf '{"amount":"1","day":"2025-06-01","note":"\xff\xfe"}')" 400
body_is "a body over the limit" "{\"amount\":\"1\",\"note\":\"$(head -c 70000 /dev/zero | tr '\0' a)\"}" 413
expect_eq "none of them moved money" "$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM reserve_ledger")" "0"

# ---- money edges
body_is "a top-up of INT64_MAX fen" '{"amount":"92233720368547758.07","day":"2025-06-01"}' 400
body_is "a top-up past int64" '{"amount":"99999999999999999999","day":"2025-06-01"}' 400
body_is "a negative top-up" '{"amount":"-1","day":"2025-06-01"}' 400
body_is "a zero top-up" '{"amount":"0","day":"2025-06-01"}' 400
body_is "a third of a fen" '{"amount":"1.001","day":"2025-06-01"}' 400
body_is "an amount as a number with an exponent" '{"amount":1e300,"day":"2025-06-01"}' 400
expect_eq "still nothing moved" "$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM reserve_ledger")" "0"

# ---- password guessing: limited, and the real user is not locked out for good
codes=""
for i in $(seq 12); do codes+="$(guess admin "wrong-$i") "; done
expect_contains "guessing is slowed or stopped" "$codes" "429"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' --interface 127.0.0.2 -c "$TMP/admin2.jar" \
  -H 'Content-Type: application/json' -d '{"username":"admin","password":"password-123"}' "$B/api/v1/login")
expect_eq "the real administrator logs in from another address meanwhile" "$code" "200"

# ---- slow and many connections: a normal client is still served
python3 - "$port" <<'PY' &
import socket, sys, time
port = int(sys.argv[1]); held = []
for i in range(300):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n"); held.append(s)
    except OSError:
        break
end = time.time() + 12
while time.time() < end:
    for s in held:
        try: s.sendall(b"X-a: b\r\n")
        except OSError: pass
    time.sleep(1)
PY
slow=$!
sleep 3
t0=$(date +%s%N)
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' --interface 127.0.0.3 "$B/healthz" || true)
t1=$(date +%s%N)
expect_eq "a normal client is served during a slow-connection attack" "$code" "200"
expect_eq "within 5 s" "$(( (t1 - t0) < 5000000000 ))" "1"
wait "$slow" || true

# ---- kill -9 during writes: every change that stayed has its audit entry
emergency="{\"scheme\":\"temp\",\"kind\":\"emergency\",\"cause\":\"fire\",\"place\":\"${hh:0:12}\",\"applicant\":\"110101199003071233\",\"name\":\"王五\",\"reason\":\"房屋失火\",\"requested\":\"10\",\"advance\":true,\"day\":\"2025-06-10\"}"
expect_eq "a real top-up" "$(as appr POST "/api/v1/funds/$town/topups" '{"amount":"100","day":"2025-06-01"}')" "201"
expect_eq "an emergency paid at once" "$(as cw POST /api/v1/cases "$emergency")" "201"
(for _ in $(seq 400); do as appr POST "/api/v1/funds/$town/topups" '{"amount":"1","day":"2025-06-02"}' >/dev/null || true; done) &
writer=$!
for _ in $(seq 200); do
  [ "$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM reserve_ledger" 2>/dev/null || echo 0)" -ge 12 ] && break
  sleep 0.1
done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
kill "$writer" 2>/dev/null || true; wait "$writer" 2>/dev/null || true
topups=$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM reserve_ledger WHERE kind = 'topup'")
advances=$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM reserve_ledger WHERE kind = 'advance'")
expect_eq "top-ups made before the kill" "$((topups >= 10))" "1"
expect_eq "every top-up kept has its audit entry" \
  "$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM audit_log WHERE action = 'fund-topup'")" "$topups"
expect_eq "every payment kept has its audit entry" \
  "$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM audit_log WHERE action = 'case-advance'")" "$advances"
serve "$D"
run "$SN" audit verify --data "$D"
expect_eq "the audit log verifies after the kill: $out $err" "$rc" "0"
kill -TERM "$pid"; wait "$pid" || true

# ---- tampering with the audit log
cp "$D/safetynet.db" "$TMP/before.db"
sqlite3 "$D/safetynet.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"
run "$SN" audit verify --data "$D"
expect_eq "the newest entry deleted is found" "$rc" "1"
expect_contains "and says where" "$out$err" "entr"
cp "$TMP/before.db" "$D/safetynet.db"; rm -f "$D/safetynet.db-wal" "$D/safetynet.db-shm"
sqlite3 "$D/safetynet.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing' WHERE id = 3"
run "$SN" audit verify --data "$D"
expect_eq "an entry edited is found" "$rc" "1"
expect_contains "and named" "$out$err" "3"
done_ok
