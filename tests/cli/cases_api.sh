# cases_api.sh: case handling through the HTTP API (docs/API.md): an application taken, carried
# step by step to the county's approval; the caseworker refused the county's step (403) and
# another township's caseworker refused the case; work queues by role; a household's cases; an
# emergency paid from the reserve fund in one request; the fund's ceiling; bad bodies and
# missing fields named; the audit log intact afterwards.
. "$(dirname "$0")/lib.bash"

county "$TMP" 430181 1000 3 0
D="$TMP/data"
truth="$TMP/county/truth/households.tsv"
read -r hh benefit < <(awk -F'\t' '$2 == "2025-12" && $30 == "dibao" { print $1, $31; exit }' "$truth")
town=${hh:0:9}
applicant=$(member "$hh")
other=$(awk -F'\t' -v t="$town" 'NR > 1 && substr($1, 1, 9) != t { print substr($1, 1, 9); exit }' "$truth")
for u in "cw caseworker $town" "appr approver 430181" "far caseworker $other"; do
  set -- $u
  echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" >/dev/null
done

serve "$D"
# pyj EXPR: a Python expression over the body as j
pyj() { python3 -c "import json; j = json.load(open('$TMP/body')); print($1)"; }
sign_in cw; sign_in appr; sign_in far

expect_eq "an application without a CSRF token" "$(status POST /api/v1/cases -b "$TMP/cw.jar" -d '{}')" "403"
expect_eq "a body that is not JSON" "$(as cw POST /api/v1/cases 'not json')" "400"
expect_eq "an unknown scheme" "$(as cw POST /api/v1/cases '{"scheme":"gold"}')" "400"
expect_eq "names the field" "$(json "['field']")" "scheme"
expect_eq "a missing reason" "$(as cw POST /api/v1/cases "{\"scheme\":\"dibao\",\"household\":\"$hh\",\"applicant\":\"$applicant\"}")" "400"
expect_eq "names the field" "$(json "['field']")" "reason"
expect_eq "an application" "$(as cw POST /api/v1/cases "{\"scheme\":\"dibao\",\"household\":\"$hh\",\"applicant\":\"$applicant\",\"reason\":\"失业\",\"documents\":[\"application\",\"authorisation\"],\"day\":\"2025-11-20\"}")" "201"
id=$(json "['case']['id']")
expect_eq "accepted" "$(json "['case']['state']")" "accepted"
expect_eq "the ID number is whole for a caseworker" "$(json "['case']['applicant']")" "$applicant"
expect_eq "every document received" "$(pyj "all(d['received'] for d in j['documents'])")" "True"
expect_eq "the next step offered is verify" "$(json "['steps'][0]['action']")" "verify"

step() { as "$1" POST "/api/v1/cases/$id/steps" "$2"; }
expect_eq "a skipped step" "$(step cw '{"action":"notice","day":"2025-11-21"}')" "403"
expect_contains "says so" "$(json "['message']")" "cannot be skipped"
expect_eq "an unknown step" "$(step cw '{"action":"fly"}')" "400"
expect_eq "names the field" "$(json "['field']")" "action"
expect_eq "verify" "$(step cw '{"action":"verify","day":"2025-11-21"}')" "200"
expect_eq "the decision is on the case" "$(json "['case']['decision']")" "dibao"
expect_eq "one staff at a visit" "$(step cw '{"action":"visit","staff":"张三","day":"2025-11-24"}')" "400"
expect_eq "names the field" "$(json "['field']")" "staff"
expect_eq "visit" "$(step cw '{"action":"visit","staff":"张三,李四","day":"2025-11-24"}')" "200"
expect_eq "notice" "$(step cw '{"action":"notice","day":"2025-11-25"}')" "200"
expect_eq "township review" "$(step cw '{"action":"township-review","note":"同意","day":"2025-12-02"}')" "200"
long=$(printf '理由%.0s' $(seq 200))
expect_eq "written reasons longer than kept are refused, not cut" "$(step appr "{\"action\":\"refuse\",\"reasons\":\"$long\"}")" "400"
expect_eq "names the field" "$(json "['field']")" "reasons"
expect_eq "the caseworker cannot approve" "$(step cw '{"action":"approve","day":"2025-12-03"}')" "403"
expect_eq "another township cannot read the case" "$(as far GET "/api/v1/cases/$id")" "403"
expect_eq "the approver's inbox" "$(as appr GET "/api/v1/cases?view=inbox")" "200"
expect_eq "holds the case" "$(json "['cases'][0]['id']")" "$id"
expect_eq "county staff see the whole ID number" "$(json "['cases'][0]['applicant']")" "$applicant"
expect_eq "the caseworker's inbox does not" "$(as cw GET "/api/v1/cases?view=inbox")" "200"
expect_eq "is empty" "$(json "['cases']")" "[]"
expect_eq "approve" "$(step appr '{"action":"approve","day":"2025-12-03"}')" "200"
expect_eq "active" "$(json "['case']['state']")" "active"
expect_eq "with the verification's amount" "$(json "['case']['amount_fen']")" "$benefit"
expect_eq "its history" "$(pyj "[e['action'] for e in j['events']]")" "['open', 'verify', 'visit', 'notice', 'township-review', 'approve']"
expect_eq "the household's cases" "$(as cw GET "/api/v1/households/$hh/cases")" "200"
expect_eq "list it" "$(json "['cases'][0]['state']")" "active"
expect_eq "not for another township" "$(as far GET "/api/v1/households/$hh/cases")" "403"
# the register of staff relatives (近亲属备案) keeps their cases, open or closed
expect_eq "a staff relative's referral" "$(as cw POST /api/v1/cases "{\"scheme\":\"referral\",\"kind\":\"medical\",\"household\":\"$hh\",\"applicant\":\"$applicant\",\"reason\":\"住院\",\"relative\":\"经办人之母\",\"day\":\"2025-12-04\"}")" "201"
rel=$(json "['case']['id']")
expect_eq "referred" "$(as cw POST "/api/v1/cases/$rel/steps" '{"action":"refer","note":"医保局","day":"2025-12-04"}')" "200"
expect_eq "closed on feedback" "$(as cw POST "/api/v1/cases/$rel/steps" '{"action":"feedback","note":"已救助","day":"2025-12-05"}')" "200"
expect_eq "state" "$(json "['case']['state']")" "closed"
expect_eq "the register of staff relatives" "$(as cw GET "/api/v1/cases?view=relatives")" "200"
expect_eq "lists the closed case, and only it" "$(pyj "[(c['id'], c['state'], c['relative']) for c in j['cases']]")" "[($rel, 'closed', '经办人之母')]"
expect_eq "a view that does not exist" "$(as cw GET "/api/v1/cases?view=everything")" "400"

# the reserve fund and an emergency in one request
expect_eq "a caseworker cannot top up" "$(as cw POST "/api/v1/funds/$town/topups" '{"amount":"1000"}')" "403"
expect_eq "past the ceiling" "$(as appr POST "/api/v1/funds/$town/topups" '{"amount":"20000.01","day":"2025-06-01"}')" "400"
expect_eq "names the field" "$(json "['field']")" "amount"
expect_eq "a top-up" "$(as appr POST "/api/v1/funds/$town/topups" '{"amount":"20000","day":"2025-06-01"}')" "201"
expect_eq "the balance" "$(json "['balance_fen']")" "2000000"
emergency="{\"scheme\":\"temp\",\"kind\":\"emergency\",\"cause\":\"fire\",\"place\":\"${hh:0:12}\",\"applicant\":\"110101199003071233\",\"name\":\"王五\",\"reason\":\"房屋失火\",\"requested\":\"1800\",\"advance\":true,\"day\":\"2025-06-10\"}"
expect_eq "an emergency paid at once" "$(as cw POST /api/v1/cases "$emergency")" "201"
expect_eq "paid first, paperwork due" "$(json "['case']['state']")" "advanced"
expect_eq "1800 yuan" "$(json "['case']['amount_fen']")" "180000"
expect_eq "the fund" "$(as cw GET "/api/v1/funds/$town")" "200"
expect_eq "holds what is left" "$(json "['balance_fen']")" "1820000"
expect_eq "its ledger" "$(pyj "[e['kind'] for e in j['entries']]")" "['advance', 'topup']"
expect_eq "another township's fund" "$(as far GET "/api/v1/funds/$town")" "403"
expect_eq "a fund that is not a township" "$(as appr GET /api/v1/funds/43)" "400"

kill -TERM "$pid"
wait "$pid" || true
run "$SN" audit verify --data "$D"
expect_eq "the audit log is intact" "$rc" "0"
done_ok
