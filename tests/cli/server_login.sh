# server_login.sh: logging in, black-box with curl: a cross-site login (a text/plain or form POST,
# another Origin) logs no browser in, while the UI's JSON login does.
. "$(dirname "$0")/lib.bash"

"$SN" init "$TMP/data" >/dev/null
echo "caseworker-pass" | "$SN" user add --data "$TMP/data" cw --role caseworker --region 430181001 >/dev/null
serve "$TMP/data"
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
expect_eq "none of them logged in" "$(grep -c sid "$TMP/x.jar" || true)" "0"
expect_eq "the UI's own login (its Origin)" "$(status POST /api/v1/login -c "$TMP/cw.jar" "${J[@]}" -H "Origin: $B" -H 'Sec-Fetch-Site: same-origin' -d "$cred")" "200"
expect_eq "a client with no Origin" "$(status POST /api/v1/login "${J[@]}" -H 'Content-Type: application/json; charset=utf-8' -d "$cred")" "200"
expect_eq "the session works" "$(status GET /api/v1/me -b "$TMP/cw.jar")" "200"
expect_eq "no Secure cookie without TLS" "$(grep -c '#HttpOnly_127.0.0.1.*TRUE.*sid' "$TMP/cw.jar" || true)" "0"

kill -TERM "$pid"
wait "$pid"
done_ok
