# server_login.sh: logging in, black-box with curl: a cross-site login (a text/plain or form POST,
# another Origin) logs no browser in, while the UI's JSON login does; logins, failures, locks,
# refusals and logouts are audited (an unknown name and a password never written down); a search
# is audited with what it was for, masked; the access log in the data folder; how often logins may
# be tried (per address, per account) and the lock of an account for one address only. Clients
# come from several loopback addresses (curl --interface 127.0.0.N) to stand for several places.
. "$(dirname "$0")/lib.bash"

"$SN" init "$TMP/data" >/dev/null
echo "caseworker-pass" | "$SN" user add --data "$TMP/data" cw --role caseworker --region 430181001 >/dev/null
echo "admin-pass-1" | "$SN" user add --data "$TMP/data" adm --role admin --region 430181 >/dev/null
# a bucket fills again slowly here (a minute an attempt), so that hashes slowed by a loaded
# machine do not refill it while the test runs
serve "$TMP/data" --limit login-address-per-min=1 --limit login-account-per-min=1
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$TMP"' EXIT
db="$TMP/data/safetynet.db"
audit() { sqlite3 "$db" "SELECT actor, action, subject, detail FROM audit_log WHERE $1 ORDER BY id"; }
J=(-H 'Content-Type: application/json')
cred='{"username":"cw","password":"caseworker-pass"}'

# login CSRF: another site's page may POST text/plain or a form without a preflight; neither logs
# in, nor does a JSON POST whose Origin is another site's
expect_eq "a text/plain login" "$(status POST /api/v1/login -c "$TMP/x.jar" -H 'Content-Type: text/plain' -d "$cred")" "415"
expect_eq "sets no cookie" "$(grep -c sid "$TMP/x.jar" || true)" "0"
expect_eq "a form login" "$(status POST /api/v1/login -c "$TMP/x.jar" -d "$cred")" "415"
expect_contains "says what is wrong" "$(json "['message']")" "application/json"
expect_eq "a login from another site's page" "$(status POST /api/v1/login -c "$TMP/x.jar" "${J[@]}" -H 'Origin: http://evil.example' -d "$cred")" "403"
expect_eq "says so" "$(json "['error']")" "csrf"
expect_eq "an opaque origin" "$(status POST /api/v1/login "${J[@]}" -H 'Origin: null' -d "$cred")" "403"
expect_eq "a cross-site fetch" "$(status POST /api/v1/login "${J[@]}" -H 'Sec-Fetch-Site: cross-site' -d "$cred")" "403"
head -c 100000 /dev/zero | tr '\0' 'a' >"$TMP/big"
expect_eq "an oversized login" "$(status POST /api/v1/login "${J[@]}" --data-binary @"$TMP/big")" "413"
expect_eq "none of them logged in" "$(grep -c sid "$TMP/x.jar" || true)" "0"
expect_eq "the UI's own login (its Origin)" "$(status POST /api/v1/login -c "$TMP/cw.jar" "${J[@]}" -H "Origin: $B" -H 'Sec-Fetch-Site: same-origin' -d "$cred")" "200"
expect_eq "a client with no Origin" "$(status POST /api/v1/login "${J[@]}" -H 'Content-Type: application/json; charset=utf-8' -d "$cred")" "200"
expect_eq "the session works" "$(status GET /api/v1/me -b "$TMP/cw.jar")" "200"
expect_eq "no Secure cookie without TLS" "$(grep -c '#HttpOnly_127.0.0.1.*TRUE.*sid' "$TMP/cw.jar" || true)" "0"

# logins are audited: a success, a wrong password, an unknown name (not written down: it may be a
# password typed into the wrong field), never a password; a logout
from() { local ip=$1; shift; status POST /api/v1/login --interface "$ip" "${J[@]}" "$@"; }
expect_eq "a wrong password" "$(from 127.0.0.2 -d '{"username":"cw","password":"wrong-pass-1"}')" "401"
expect_eq "an unknown name" "$(from 127.0.0.2 -d '{"username":"secret-typed-here","password":"wrong-pass-2"}')" "401"
expect_eq "the login audited" "$(audit "action = 'login'" | head -1)" "cw|login|cw|address=127.0.0.1"
expect_eq "the wrong password audited" "$(audit "action = 'login-failed' AND actor = 'cw'")" "cw|login-failed|cw|address=127.0.0.2 reason=password"
expect_eq "the unknown name audited, without it" "$(audit "action = 'login-failed' AND actor = '-'")" "-|login-failed||address=127.0.0.2 reason=unknown-name"
expect_eq "no password in the audit log" "$(sqlite3 "$db" .dump | grep -c -e caseworker-pass -e wrong-pass -e secret-typed || true)" "0"
csrf=$(status GET /api/v1/me -b "$TMP/cw.jar" >/dev/null; json "['csrf']")
expect_eq "a logout" "$(status POST /api/v1/logout -b "$TMP/cw.jar" -H "X-CSRF-Token: $csrf")" "204"
expect_eq "is audited" "$(audit "action = 'logout'")" "cw|logout|cw|"

# a search is audited with what it was for, masked: an ID number as its first 6 and last 4, a name
# as its first character
status POST /api/v1/login -c "$TMP/cw.jar" "${J[@]}" -d "$cred" >/dev/null
expect_eq "a search by ID number" "$(status GET /api/v1/households -b "$TMP/cw.jar" -G --data-urlencode q=430181198001011239)" "200"
expect_eq "a search by name" "$(status GET /api/v1/households -b "$TMP/cw.jar" -G --data-urlencode q=张三丰)" "200"
expect_eq "audited masked" "$(audit "action = 'search'" | sed 's/.*why=//')" "$(printf 'id 430181********1239\nname 张*')"
expect_eq "never whole" "$(sqlite3 "$db" .dump | grep -c -e 430181198001011239 -e 张三 || true)" "0"

# the access log: a line a request in the data folder, its owner's only, with method, path (no
# query), status, bytes, milliseconds and the account's id; no name, no ID number
log="$TMP/data/access.log"
expect_eq "the access log is its owner's" "$(stat -c %a "$log")" "600"
cwid=$(sqlite3 "$db" "SELECT id FROM users WHERE name = 'cw'")
expect_eq "a search's line" "$(grep -c " GET /api/v1/households 200 [0-9]* [0-9.]* $cwid\$" "$log")" "2"
expect_eq "a failed login's line" "$(grep -c ' POST /api/v1/login 401 [0-9]* [0-9.]* 0$' "$log")" "2"
expect_eq "no query, ID number, name or password" "$(grep -c -e 'q=' -e 4301811980 -e 张 -e pass "$log" || true)" "0"

# logins hashed outside the lock: while eight clients send wrong logins, a caseworker's requests
# are answered at once (the median of ten; a hash takes tens of milliseconds)
flood=()
for i in 2 3 4 5 6 7 8 9; do
  (for k in $(seq 4); do from 127.0.1.$i -d "{\"username\":\"f$i-$k\",\"password\":\"wrong-password\"}" >/dev/null; done) &
  flood+=($!)
done
sleep 0.3
times=()
for _ in $(seq 10); do times+=("$(curl -s -o /dev/null -w '%{time_total}' -b "$TMP/cw.jar" "$B/api/v1/me")"); done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p)
wait "${flood[@]}"
expect_eq "a request during a login flood waits for no hash (median $median s)" "$(python3 -c "print($median < 0.1)")" "True"

# per address: a burst, then the address waits (429 with Retry-After), even with the right password
for i in $(seq 10); do from 127.0.0.5 -d "{\"username\":\"n$i\",\"password\":\"wrong-password\"}" >/dev/null; done
expect_eq "an address past its burst" "$(from 127.0.0.5 -D "$TMP/headers" -d "$cred")" "429"
expect_eq "says so" "$(json "['error']")" "too-many"
expect_contains "with Retry-After" "$(cat "$TMP/headers")" "Retry-After: "
expect_eq "another address is not held up" "$(from 127.0.0.6 -d "$cred")" "200"
expect_eq "the refusal audited once" "$(audit "action = 'login-refused' AND detail LIKE '%127.0.0.5 %'")" "-|login-refused||address=127.0.0.5 limit=address"

# per account and address: five wrong passwords lock the account from that address only, even
# against the right password; its user logs in from elsewhere
for _ in 1 2 3 4 5; do from 127.0.0.7 -d '{"username":"cw","password":"wrong-password"}' >/dev/null; done
expect_eq "locked from that address" "$(from 127.0.0.7 -d "$cred")" "429"
expect_eq "says so" "$(json "['error']")" "locked"
expect_eq "the lock audited" "$(audit "action = 'login-locked'" | tail -1)" "cw|login-locked|cw|address=127.0.0.7 seconds=900"
expect_eq "the user logs in from elsewhere" "$(from 127.0.0.8 -d "$cred")" "200"
for _ in 1 2 3 4 5; do from 127.0.0.9 -d '{"username":"nobody","password":"wrong-password"}' >/dev/null; done
expect_eq "an unknown name locks alike" "$(from 127.0.0.9 -d '{"username":"nobody","password":"wrong-password"}'; json "['error']")" "429locked"

# per account: guesses at adm from many addresses use up its attempts, from those addresses and
# any new one, an unknown name's alike; adm logs in from where it logged in before
expect_eq "adm logs in" "$(from 127.0.2.1 -d '{"username":"adm","password":"admin-pass-1"}')" "200"
for i in $(seq 10 21); do
  from 127.0.2.$i -d '{"username":"adm","password":"wrong-password"}' >/dev/null
  from 127.0.2.$i -d '{"username":"ghost","password":"wrong-password"}' >/dev/null
done
expect_eq "guesses at adm from a new address" "$(from 127.0.2.30 -d '{"username":"adm","password":"wrong-password"}'; json "['error']")" "429too-many"
expect_eq "at an unknown name alike" "$(from 127.0.2.30 -d '{"username":"ghost","password":"wrong-password"}'; json "['error']")" "429too-many"
expect_eq "adm from its own address still logs in" "$(from 127.0.2.1 -d '{"username":"adm","password":"admin-pass-1"}')" "200"

kill -TERM "$pid"
wait "$pid"
done_ok
