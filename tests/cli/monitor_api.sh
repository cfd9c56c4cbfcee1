# monitor_api.sh: the warning's lifecycle through the HTTP API (docs/API.md, docs/MONITORING.md):
# a township's queue with its filters; a warning sent by the county reviewer, checked on foot by
# the township caseworker and closed with a false alarm, another with a case of the household,
# another with no need; the step of another role or state refused (403, naming the state);
# another township's caseworker refused reading or acting; bodies read strictly (an unknown
# member, missing staff, a future visit named); an unknown warning 404; the field check shown as
# evidence in the household's detail; the overdue list for the county; the counts by township and
# level and a household's warnings over time; the audit log intact.
. "$(dirname "$0")/lib.bash"
db() { sqlite3 "$D/safetynet.db" "$1"; }

county "$TMP" 430181 800 5 0
D="$TMP/data"
"$SN" monitor run --data "$D" --date 2025-06-15 >/dev/null
town=$(db "SELECT substr(household, 1, 9) FROM monitor_warnings GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
other=$(db "SELECT substr(household, 1, 9) FROM monitor_scores WHERE substr(household, 1, 9) != '$town' LIMIT 1")
for u in "cw caseworker $town" "rev reviewer 430181" "far caseworker $other"; do
  set -- $u
  echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" >/dev/null
done
mapfile -t ids < <(db "SELECT id FROM monitor_warnings WHERE substr(household, 1, 9) = '$town' ORDER BY id LIMIT 4")
w=${ids[0]}
hh=$(db "SELECT household FROM monitor_warnings WHERE id = $w")
ind=$(db "SELECT json_extract(indicators, '\$[0].indicator') FROM monitor_warnings WHERE id = $w")

serve "$D"
pyj() { python3 -c "import json; j = json.load(open('$TMP/body')); print($1)"; }
sign_in cw; sign_in rev; sign_in far

# ---- the queue ----
expect_eq "the township's queue" "$(as cw GET /api/v1/warnings)" 200
expect_eq "its warnings only, live" "$(pyj "sorted({(x['household'][:9], x['status']) for x in j['warnings']})")" "[('$town', 'new')]"
expect_eq "red only" "$(as cw GET '/api/v1/warnings?level=red')" 200
expect_eq "are red" "$(pyj "sorted({x['level'] for x in j['warnings']}) in ([], ['red'])")" "True"
expect_eq "an unknown level" "$(as cw GET '/api/v1/warnings?level=purple')" 400
expect_eq "names it" "$(json "['field']")" level
expect_eq "an unknown status" "$(as cw GET '/api/v1/warnings?status=gone')" 400
expect_eq "names it" "$(json "['field']")" status
expect_eq "another township's region" "$(as far GET "/api/v1/warnings?region=$town")" 403

# ---- send ----
expect_eq "without a CSRF token" "$(status POST "/api/v1/warnings/$w/send" -b "$TMP/rev.jar" -d '{}')" 403
expect_eq "a caseworker does not send" "$(as cw POST "/api/v1/warnings/$w/send" '{"day":"2025-06-16"}')" 403
expect_contains "names the roles" "$(json "['message']")" "reviewer or approver"
expect_eq "an unknown member" "$(as rev POST "/api/v1/warnings/$w/send" '{"day":"2025-06-16","urgent":true}')" 400
expect_eq "names it" "$(json "['field']")" urgent
expect_eq "the county reviewer sends it" "$(as rev POST "/api/v1/warnings/$w/send" '{"day":"2025-06-16"}')" 200
expect_eq "sent, due in 10 working days" "$(pyj "j['status'], j['sent_day'], j['sent_by'], j['due_day']")" "sent 2025-06-16 rev 2025-06-30"
expect_eq "not twice" "$(as rev POST "/api/v1/warnings/$w/send" '{"day":"2025-06-16"}')" 403
expect_contains "names the state" "$(json "['message']")" "(sent)"

# ---- a field check ----
fc() { as "$1" POST "/api/v1/warnings/$2/field-checks" "$3"; }
ok='"visit_day":"2025-06-17","staff":["张三","李四"],"findings":"老人卧床"'
expect_eq "an unknown warning" "$(fc cw 999999 "{$ok,\"day\":\"2025-06-18\"}")" 404
expect_eq "names it" "$(json "['field']")" warning
expect_eq "not a warning number" "$(fc cw abc "{$ok}")" 404
expect_eq "missing staff" "$(fc cw "$w" '{"day":"2025-06-18","visit_day":"2025-06-17","findings":"x"}')" 400
expect_eq "names it" "$(json "['field']")" staff
expect_eq "one person twice" "$(fc cw "$w" '{"day":"2025-06-18","visit_day":"2025-06-17","staff":["张三","张三"],"findings":"x"}')" 400
expect_eq "names it" "$(json "['field']")" staff
expect_eq "a visit in the future" "$(fc cw "$w" '{"day":"2025-06-18","visit_day":"2025-06-19","staff":["张三","李四"],"findings":"x"}')" 400
expect_eq "names it" "$(json "['field']")" visit_day
expect_eq "income as text" "$(fc cw "$w" "{$ok,\"day\":\"2025-06-18\",\"income_fen\":\"800\"}")" 400
expect_eq "names it" "$(json "['field']")" income_fen
expect_eq "a correction with a member of its own" "$(fc cw "$w" "{$ok,\"day\":\"2025-06-18\",\"corrections\":[{\"resource\":\"43SW001\",\"x\":\"1\"}]}")" 400
expect_eq "names it" "$(json "['field']")" corrections
expect_eq "a member it does not know" "$(fc cw "$w" "{$ok,\"day\":\"2025-06-18\",\"photo\":\"x\"}")" 400
expect_eq "names it" "$(json "['field']")" photo
expect_eq "another township's caseworker" "$(fc far "$w" "{$ok,\"day\":\"2025-06-18\"}")" 403
expect_eq "cannot read it" "$(as far GET "/api/v1/warnings/$w")" 403
expect_eq "nothing recorded" "$(db "SELECT count(*) FROM monitor_checks")" 0
expect_eq "the caseworker records it" "$(fc cw "$w" "{$ok,\"day\":\"2025-06-18\",\"income_fen\":80000,\"spending_fen\":150050,\"corrections\":[{\"resource\":\"43SW001\",\"field\":\"月工资\",\"old\":\"3000\",\"new\":\"0\",\"reason\":\"停工\"}]}")" 200
expect_eq "in check, with its visit" "$(pyj "j['status'], len(j['field_checks']), j['field_checks'][0]['staff'], j['field_checks'][0]['income_fen']")" "checking 1 ['张三', '李四'] 80000"
expect_eq "the steps the caseworker may take now" "$(pyj "j['steps']")" "['warning-check', 'warning-outcome']"
expect_eq "the household's detail" "$(as cw GET "/api/v1/households/$hh")" 200
expect_eq "shows the field check as evidence with its source" \
  "$(pyj "[j['field_checks'][0][k] for k in ('source', 'visit_day', 'staff', 'income_fen')]")" "['field-check', '2025-06-17', ['张三', '李四'], 80000]"

# ---- outcomes ----
oc() { as "$1" POST "/api/v1/warnings/$2/outcome" "$3"; }
expect_eq "a false alarm naming an indicator that did not fire" "$(oc cw "$w" '{"outcome":"false_alarm","reason":"r","indicator":"d9_x"}')" 400
expect_eq "names it" "$(json "['field']")" indicator
expect_eq "an unknown outcome" "$(oc cw "$w" '{"outcome":"maybe"}')" 400
expect_eq "names it" "$(json "['field']")" outcome
expect_eq "a case number as text" "$(oc cw "$w" '{"outcome":"case","case":"1"}')" 400
expect_eq "names it" "$(json "['field']")" case
expect_eq "a false alarm" "$(oc cw "$w" "{\"outcome\":\"false_alarm\",\"reason\":\"工资已恢复\",\"indicator\":\"$ind\",\"day\":\"2025-06-20\"}")" 200
expect_eq "closed with it" "$(pyj "j['status'], j['outcome'], j['indicator'], j['closed_day'], j['steps']")" "closed false_alarm $ind 2025-06-20 []"
expect_eq "closed once" "$(oc cw "$w" '{"outcome":"no_need","reason":"x"}')" 403
expect_contains "names the state" "$(json "['message']")" "(closed)"

w1=${ids[1]}
hh1=$(db "SELECT household FROM monitor_warnings WHERE id = $w1")
expect_eq "a case for the next household" "$(as cw POST /api/v1/cases "{\"scheme\":\"dibao\",\"household\":\"$hh1\",\"applicant\":\"$(member "$hh1")\",\"reason\":\"失业\"}")" 201
case1=$(json "['case']['id']")
as rev POST "/api/v1/warnings/$w1/send" '{}' >/dev/null
expect_eq "checked" "$(fc cw "$w1" '{"visit_day":"2025-06-17","staff":["张三","李四"],"findings":"入户"}')" 200
expect_eq "a case of another household" "$(oc cw "$w1" "{\"outcome\":\"case\",\"case\":999}")" 400
expect_eq "names it" "$(json "['field']")" case
expect_eq "the case opened, linked" "$(oc cw "$w1" "{\"outcome\":\"case\",\"case\":$case1}")" 200
expect_eq "linked" "$(pyj "j['outcome'], j['case']")" "case $case1"

w2=${ids[2]}
as rev POST "/api/v1/warnings/$w2/send" '{}' >/dev/null
fc cw "$w2" '{"visit_day":"2025-06-17","staff":["张三","李四"],"findings":"入户"}' >/dev/null
expect_eq "no need without a reason" "$(oc cw "$w2" '{"outcome":"no_need"}')" 400
expect_eq "names it" "$(json "['field']")" reason
expect_eq "no need" "$(oc cw "$w2" '{"outcome":"no_need","reason":"已有稳定收入"}')" 200

# ---- overdue, for the county ----
expect_eq "one sent and not checked" "$(as rev POST "/api/v1/warnings/${ids[3]}/send" '{"day":"2025-06-16"}')" 200
expect_eq "the overdue list" "$(as rev GET '/api/v1/warnings/overdue?day=2025-07-01')" 200
expect_eq "holds it" "$(pyj "[(x['id'], x['overdue']) for x in j['warnings']]")" "[(${ids[3]}, True)]"
expect_eq "not before its due day" "$(as rev GET '/api/v1/warnings/overdue?day=2025-06-30')" 200
expect_eq "none" "$(pyj "j['warnings']")" "[]"
expect_eq "a bad day" "$(as rev GET '/api/v1/warnings/overdue?day=2025-13-01')" 400
expect_eq "names it" "$(json "['field']")" day
expect_eq "the closed ones by status" "$(as cw GET '/api/v1/warnings?status=closed')" 200
expect_eq "three" "$(pyj "len(j['warnings'])")" 3

# ---- the county's counts, a household's warnings over time ----
expect_eq "the counts by township and level" "$(as rev GET /api/v1/warnings/summary)" 200
expect_eq "add up to the live warnings" "$(pyj "sum(sum(t['counts'].values()) for t in j['by_township']), sum(j['by_level'].values())")" \
  "$(db "SELECT count(*) FROM monitor_warnings WHERE status IN ('new', 'sent', 'checking')") $(db "SELECT count(*) FROM monitor_warnings WHERE status IN ('new', 'sent', 'checking')")"
expect_eq "the township's row, named" "$(pyj "[(t['counts']['red'] + t['counts']['orange'] + t['counts']['yellow'], t['name'] != '') for t in j['by_township'] if t['region'] == '$town']")" \
  "[($(db "SELECT count(*) FROM monitor_warnings WHERE substr(household, 1, 9) = '$town' AND status IN ('new', 'sent', 'checking')"), True)]"
expect_eq "a township caseworker's counts" "$(as cw GET /api/v1/warnings/summary)" 200
expect_eq "only the township" "$(pyj "[t['region'] for t in j['by_township']]")" "['$town']"
expect_eq "another township's counts" "$(as far GET "/api/v1/warnings/summary?region=$town")" 403
expect_eq "a bad region" "$(as rev GET '/api/v1/warnings/summary?region=43x')" 400
expect_eq "names it" "$(json "['field']")" region
expect_eq "the household's warnings" "$(as cw GET "/api/v1/households/$hh/warnings")" 200
expect_eq "closed ones too, with the evidence behind each indicator" \
  "$(pyj "[(x['id'], x['status'], all('batch' in e and 'line' in e for i in x['indicators'] for e in i['evidence'])) for x in j['warnings']]")" "[($w, 'closed', True)]"
expect_eq "another township's caseworker" "$(as far GET "/api/v1/households/$hh/warnings")" 403

kill "$pid"; wait "$pid" 2>/dev/null || true
expect_eq "every step audited" \
  "$(db "SELECT count(*) FROM audit_log WHERE action IN ('warning-send', 'warning-check', 'warning-outcome')")" 10
expect_eq "the refusals too" "$(db "SELECT count(*) > 5 FROM audit_log WHERE action LIKE 'warning-%-refused'")" 1
run "$SN" audit verify --data "$D"
expect_eq "the audit log verifies: $err" "$rc" 0
done_ok
