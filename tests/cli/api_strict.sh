# api_strict.sh: request bodies and paths of the HTTP API read strictly (issue 17, item 15): one
# JSON object and nothing after it (two objects once moved money twice), no comments, no single
# quotes, no duplicate members, exact types (an array is not an amount, "3; DROP" is not a number
# of months), invalid UTF-8 refused and never stored nor echoed, text too long refused with its
# limit rather than cut, %00 in a path refused; nothing written by any refused request. And
# money from outside bounded (item 14): a top-up of INT64_MAX fen refused as too large.
. "$(dirname "$0")/lib.bash"

"$SN" init "$TMP/data" >/dev/null
echo "password-123" | "$SN" user add --data "$TMP/data" appr --role approver --region 430181 >/dev/null
echo "password-123" | "$SN" user add --data "$TMP/data" adm --role admin --region 430181 >/dev/null
serve "$TMP/data"
town=430181001
pyj() { python3 -c "import json; j = json.load(open('$TMP/body')); print($1)"; }
sign_in appr; sign_in adm
# the fund's balance in fen and its number of entries
fund() { as appr GET "/api/v1/funds/$town" >/dev/null; pyj "j['balance_fen'], len(j['entries'])"; }
topup() { as appr POST "/api/v1/funds/$town/topups" "$1"; }

expect_eq "two objects in one body" "$(topup '{"amount":"1000","day":"2025-06-01"}{"amount":"1000","day":"2025-06-01"}')" "400"
expect_contains "says one object only" "$(json "['message']")" "one object only"
expect_eq "an amount in an array" "$(topup '{"amount":[1],"day":"2025-06-01"}')" "400"
expect_eq "names the field" "$(json "['field']")" "amount"
expect_contains "says it must be text" "$(json "['message']")" "amount must be text"
expect_eq "an amount as an object" "$(topup '{"amount":{"yuan":"1"}}')" "400"
expect_eq "a comment" "$(topup '{"amount":"1000" /* x */,"day":"2025-06-01"}')" "400"
expect_eq "a comment after the object" "$(topup '{"amount":"1000","day":"2025-06-01"} // x')" "400"
expect_eq "single quotes" "$(topup "{'amount':'1000','day':'2025-06-01'}")" "400"
expect_eq "a member given twice" "$(topup '{"amount":"1","amount":"1000","day":"2025-06-01"}')" "400"
expect_eq "names it" "$(json "['field']")" "amount"
expect_contains "says so" "$(json "['message']")" "given twice"
expect_eq "a note that is not UTF-8" "$(topup $'{"amount":"10","day":"2025-06-01","note":"\xC3\x28\xFF"}')" "400"
expect_eq "the answer is valid UTF-8 and echoes nothing" \
  "$(python3 -c "b = open('$TMP/body', 'rb').read(); b.decode('utf-8'); print(b'\xff' in b)")" "False"
expect_eq "a \\u0000 in a note" "$(topup '{"amount":"10","day":"2025-06-01","note":"a\u0000b"}')" "400"
long=$(python3 -c "print('备' * 100)")
expect_eq "a note too long for the ledger" "$(topup "{\"amount\":\"10\",\"day\":\"2025-06-01\",\"note\":\"$long\"}")" "400"
expect_eq "names it" "$(json "['field']")" "note"
expect_contains "with its limit" "$(json "['message']")" "at most 255 bytes"
expect_eq "nothing was moved by any of them" "$(fund)" "0 0"

expect_eq "a top-up" "$(topup '{"amount":"1000","day":"2025-06-01","note":"县级拨付"}')" "201"
expect_eq "moved once" "$(fund)" "100000 1"
expect_eq "its note whole" "$(pyj "j['entries'][0]['note']")" "县级拨付"

# money from outside has an upper bound (item 14): INT64_MAX fen is refused as too large, not
# left to overflow the fund's sum
expect_eq "a top-up of INT64_MAX fen" "$(topup '{"amount":"92233720368547758.07","day":"2025-06-01"}')" "400"
expect_eq "names the field" "$(json "['field']")" "amount"
expect_contains "says it is too large, with the bound" "$(json "['message']")" "too large: at most 1000000000.00 yuan"
expect_eq "a top-up past int64" "$(topup '{"amount":"99999999999999999999","day":"2025-06-01"}')" "400"
expect_contains "too large as well" "$(json "['message']")" "too large"
expect_eq "the fund unchanged" "$(fund)" "100000 1"

# a step's months: a whole number, nothing else
expect_eq "months as text with SQL" "$(as appr POST /api/v1/cases/1/steps '{"action":"exit","months":"3; DROP"}')" "400"
expect_eq "names the field" "$(json "['field']")" "months"
expect_eq "months as a fraction" "$(as appr POST /api/v1/cases/1/steps '{"action":"exit","months":3.5}')" "400"
expect_eq "documents as a number" "$(as appr POST /api/v1/cases '{"scheme":"dibao","documents":5}')" "400"
expect_eq "names the field" "$(json "['field']")" "documents"
expect_eq "urban as text" "$(as appr POST /api/v1/cases '{"scheme":"temp","urban":"no"}')" "400"
expect_eq "names the field" "$(json "['field']")" "urban"
expect_eq "a verification date as a number" "$(as appr POST /api/v1/households/43018100100100001/verifications '{"date":20250601}')" "400"
expect_eq "names the field" "$(json "['field']")" "date"
expect_eq "a user whose name is not text" "$(as adm POST /api/v1/users '{"username":["x"],"role":"caseworker","region":"430181","password":"password-123"}')" "400"
expect_eq "names the field" "$(json "['field']")" "username"

# %00 in a path ends nothing early
expect_eq "%00 in a household's address" "$(as appr GET /api/v1/households/43018100100100001%00x)" "400"
expect_eq "%00 in a user's address" "$(as adm POST /api/v1/users/appr%00x/disable '{}')" "400"
expect_eq "the user is still enabled" "$(as adm GET /api/v1/users >/dev/null; pyj "[u['disabled'] for u in j['users'] if u['name'] == 'appr']")" "[False]"
kill "$pid"
wait "$pid" || true
run "$SN" fund topup --data "$TMP/data" --as appr "$town" 92233720368547758.07 --day 2025-06-01
expect_eq "the command refuses it too" "$rc" "1"
expect_contains "as too large" "$err" "too large: at most 1000000000.00 yuan"
done_ok
