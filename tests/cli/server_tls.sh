# server_tls.sh: serve over TLS with a self-signed certificate made here by openssl: the API
# answers over https (curl -k) and not over plain http; the session cookie is Secure; a login's
# Origin must be https; a certificate without its key, a file that is not PEM and a key that is
# not the certificate's are refused with a message.
. "$(dirname "$0")/lib.bash"

"$SN" init "$TMP/data" >/dev/null
echo "caseworker-pass" | "$SN" user add --data "$TMP/data" cw --role caseworker --region 430181001 >/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=other \
  -keyout "$TMP/other-key.pem" -out "$TMP/other-cert.pem" 2>/dev/null

run "$SN" serve --data "$TMP/data" --listen 127.0.0.1:0 --tls-cert "$TMP/cert.pem"
expect_eq "a certificate without its key" "$rc" "2"
expect_contains "says so" "$err" "--tls-cert and --tls-key go together"
echo "not a certificate" >"$TMP/junk.pem"
run "$SN" serve --data "$TMP/data" --listen 127.0.0.1:0 --tls-cert "$TMP/junk.pem" --tls-key "$TMP/key.pem"
expect_eq "a file that is not PEM" "$rc" "1"
expect_contains "says so" "$err" "junk.pem is not PEM"
run "$SN" serve --data "$TMP/data" --listen 127.0.0.1:0 --tls-cert "$TMP/cert.pem" --tls-key "$TMP/nowhere.pem"
expect_contains "a key that is not there" "$err" "cannot read the private key"
run timeout 10 "$SN" serve --data "$TMP/data" --listen 127.0.0.1:0 --tls-cert "$TMP/cert.pem" --tls-key "$TMP/other-key.pem"
expect_eq "a key that is not the certificate's" "$rc" "1"
expect_contains "says so" "$err" "certificate and key not match"

SCHEME=https serve "$TMP/data" --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$TMP"' EXIT
expect_eq "health over https" "$(status GET /healthz -k)" "200"
expect_eq "the certificate is the one given" "$(status GET /healthz --cacert "$TMP/cert.pem")" "200"
expect_eq "plain http is not served" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/healthz" || true)" "000"
J=(-k -H 'Content-Type: application/json')
cred='{"username":"cw","password":"caseworker-pass"}'
expect_eq "a login over https from an http page" "$(status POST /api/v1/login "${J[@]}" -H "Origin: http://127.0.0.1:$port" -d "$cred")" "403"
expect_eq "a login from its own https page" "$(status POST /api/v1/login "${J[@]}" -D "$TMP/headers" -c "$TMP/cw.jar" -H "Origin: $B" -d "$cred")" "200"
expect_contains "the cookie is Secure" "$(grep -i '^Set-Cookie:' "$TMP/headers")" "; Secure"
expect_eq "the session works" "$(status GET /api/v1/me -k -b "$TMP/cw.jar")" "200"
expect_eq "as its user" "$(json "['user']['name']")" "cw"
kill -TERM "$pid"
wait "$pid"
done_ok
