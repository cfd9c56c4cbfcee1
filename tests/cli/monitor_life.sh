# monitor_life.sh: the warning's lifecycle from the command line (issue 19, point 4): warnings
# raised by a run on a small generated county, sent to the township by a county reviewer, checked
# on foot by a township caseworker and closed with each outcome (a case of the household, a
# referral, a charity need, no need, a false alarm naming the indicator that misled); a step in
# the wrong state or by the wrong role refused naming it; another township's caseworker refused;
# a field check with missing or identical staff, a future day or an unknown warning refused
# naming the field; the overdue list after the due day (verify_days working days); a later run
# neither ends a warning in check nor raises the household's closed episode again; every step
# and refusal audited.
. "$(dirname "$0")/lib.bash"
db() { sqlite3 "$D/safetynet.db" "$1"; }

county "$TMP" 430181 800 5 0
D="$TMP/data"
run "$SN" monitor run --data "$D" --date 2025-06-15
expect_eq "a run raises warnings: $err" "$rc" 0
town=$(db "SELECT substr(household, 1, 9) FROM monitor_warnings GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
other=$(db "SELECT substr(household, 1, 9) FROM monitor_scores WHERE substr(household, 1, 9) != '$town' LIMIT 1")
[ -n "$other" ] || fail "no second township"
for u in "cw caseworker $town" "cw2 caseworker $town" "rev reviewer 430181" "far caseworker $other"; do
  set -- $u
  echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" >/dev/null
done
mapfile -t ids < <(db "SELECT id FROM monitor_warnings WHERE substr(household, 1, 9) = '$town' AND status = 'new' ORDER BY id LIMIT 7")
[ "${#ids[@]}" -eq 7 ] || fail "fewer than 7 warnings in township $town"
m() { run "$SN" monitor "$@" --data "$D"; }
status_of() { db "SELECT status FROM monitor_warnings WHERE id = $1"; }
w=${ids[0]}

# ---- new -> sent ----
m list --as cw
expect_eq "the township's queue" "$rc" 0
expect_contains "lists the new warning" "$out" "$(printf '%s\t' "$w")"
m send "$w" --as cw --date 2025-06-16
expect_eq "a caseworker does not send" "$rc" 1
expect_contains "names the roles the step is for" "$err" "reviewer or approver"
m check "$w" --as cw --date 2025-06-16 --visit 2025-06-16 --staff a,b --findings x
expect_eq "a new warning is not checked before it is sent" "$rc" 1
expect_contains "names the state" "$err" "the warning is new"
m send "$w" --as rev --date 2025-06-16
expect_eq "the county reviewer sends it: $err" "$rc" 0
expect_contains "sent, due in 10 working days" "$out" "$(printf 'sent\t2025-06-16\trev\tdue\t2025-06-30')"
m send "$w" --as rev --date 2025-06-16
expect_eq "not sent twice" "$rc" 1
expect_contains "names the state" "$err" "(sent)"

# ---- field checks: bad input named ----
m check "$w" --as cw --date 2025-06-18 --visit 2025-06-17 --findings x
expect_eq "missing staff" "$rc" 1
expect_contains "names the field" "$err" "field staff"
m check "$w" --as cw --date 2025-06-18 --visit 2025-06-17 --staff 张三,张三 --findings x
expect_eq "the same person twice" "$rc" 1
expect_contains "names the field" "$err" "field staff"
m check "$w" --as cw --date 2025-06-18 --visit 2025-06-19 --staff 张三,李四 --findings x
expect_eq "a visit in the future" "$rc" 1
expect_contains "names the field" "$err" "field visit_day"
m check "$w" --as cw --date 2025-06-18 --staff 张三,李四 --findings x
expect_eq "no visit day" "$rc" 1
expect_contains "names the field" "$err" "field visit_day"
m check "$w" --as cw --date 2025-06-18 --visit 2025-06-17 --staff 张三,李四
expect_eq "no findings" "$rc" 1
expect_contains "names the field" "$err" "field findings"
m check 999999 --as cw --date 2025-06-18 --visit 2025-06-17 --staff 张三,李四 --findings x
expect_eq "an unknown warning" "$rc" 1
expect_contains "names the field" "$err" "field warning"
m check abc --as cw --visit 2025-06-17 --staff 张三,李四 --findings x
expect_eq "not a warning number" "$rc" 2
expect_contains "names it" "$err" "warning"
m check "$w" --as far --date 2025-06-18 --visit 2025-06-17 --staff 张三,李四 --findings x
expect_eq "another township's caseworker" "$rc" 1
expect_contains "outside the region" "$err" "outside your region"
m show "$w" --as far
expect_eq "cannot read it either" "$rc" 1
expect_eq "nothing recorded" "$(db "SELECT count(*) FROM monitor_checks")" 0
expect_eq "still sent" "$(status_of "$w")" sent

m check "$w" --as cw --date 2025-06-18 --visit 2025-06-17 --staff '张三, 李四' --findings 老人卧床，儿子停工 \
  --income 800 --spending 1500.50 --correction '43SW001|月工资|3000|0|六月起停工'
expect_eq "a field check recorded: $err" "$rc" 0
expect_contains "in field check" "$out" "$(printf 'status\tchecking')"
expect_contains "the visit, its staff and the stated income" "$out" \
  "$(printf 'field check\t1\t2025-06-17\t张三,李四\tstated monthly income\t800.00\tspending\t1500.50')"
expect_eq "stored in fen, the correction with its reason" \
  "$(db "SELECT income_fen, spending_fen, json_extract(corrections, '\$[0].reason') FROM monitor_checks")" "80000|150050|六月起停工"
m check "$w" --as cw2 --date 2025-06-19 --visit 2025-06-19 --staff 王五,赵六 --findings 复核
expect_eq "a second visit in check: $err" "$rc" 0

# ---- outcomes ----
ind=$(db "SELECT json_extract(indicators, '\$[0].indicator') FROM monitor_warnings WHERE id = $w")
m outcome "$w" --as cw --date 2025-06-20 --kind false_alarm --reason 工资已恢复 --indicator d9_nothing
expect_eq "a false alarm naming an indicator that did not fire" "$rc" 1
expect_contains "names the field" "$err" "field indicator"
m outcome "$w" --as cw --date 2025-06-20 --kind false_alarm --indicator "$ind"
expect_eq "a false alarm without its reason" "$rc" 1
expect_contains "names the field" "$err" "field reason"
m outcome "$w" --as cw --date 2025-06-20 --kind maybe
expect_eq "an unknown outcome" "$rc" 1
expect_contains "names the field" "$err" "field outcome"
m outcome "$w" --as rev --date 2025-06-20 --kind false_alarm --reason 工资已恢复 --indicator "$ind"
expect_eq "the county does not decide the township's outcome" "$rc" 1
m outcome "$w" --as cw --date 2025-06-20 --kind false_alarm --reason 工资已恢复 --indicator "$ind"
expect_eq "a false alarm: $err" "$rc" 0
expect_contains "closed" "$out" "$(printf 'outcome\tfalse_alarm')"
expect_contains "the indicator that misled" "$out" "$(printf 'misleading indicator\t%s' "$ind")"
m outcome "$w" --as cw --date 2025-06-21 --kind no_need --reason x
expect_eq "closed once" "$rc" 1
expect_contains "names the state" "$err" "(closed)"

# each other outcome on a warning of its own: sent, checked, closed
drive() { # ID OUTCOME ARGS...: send, check, close
  local id=$1; shift
  m send "$id" --as rev --date 2025-06-16
  expect_eq "send $id: $err" "$rc" 0
  m check "$id" --as cw --date 2025-06-18 --visit 2025-06-18 --staff 张三,李四 --findings 入户
  expect_eq "check $id: $err" "$rc" 0
  m outcome "$id" --as cw --date 2025-06-20 "$@"
}
hh1=$(db "SELECT household FROM monitor_warnings WHERE id = ${ids[1]}")
hh2=$(db "SELECT household FROM monitor_warnings WHERE id = ${ids[2]}")
"$SN" case open --data "$D" --as cw --scheme dibao --household "$hh1" --applicant "$(member "$hh1")" --reason 失业 \
  --day 2025-06-19 >"$TMP/case.out" 2>&1 || fail "a case could not be opened: $(cat "$TMP/case.out")"
case1=$(db "SELECT id FROM cases WHERE household = '$hh1'")
"$SN" case open --data "$D" --as cw --scheme dibao --household "$hh2" --applicant "$(member "$hh2")" --reason 失业 \
  --day 2025-06-19 >/dev/null 2>&1
case2=$(db "SELECT id FROM cases WHERE household = '$hh2'")
drive "${ids[1]}" --kind case --case "$case2"
expect_eq "a case of another household" "$rc" 1
expect_contains "names the field" "$err" "field case"
m outcome "${ids[1]}" --as cw --date 2025-06-20 --kind case
expect_eq "a case outcome without its case" "$rc" 1
m outcome "${ids[1]}" --as cw --date 2025-06-20 --kind case --case "$case1"
expect_eq "a case opened, linked: $err" "$rc" 0
expect_contains "the case is linked" "$out" "$(printf 'case\t%s' "$case1")"
drive "${ids[2]}" --kind referral
expect_eq "a referral without its department" "$rc" 1
expect_contains "names the field" "$err" "field department"
m outcome "${ids[2]}" --as cw --date 2025-06-20 --kind referral --department 县医保局 --reason 大病医疗救助
expect_eq "a referral: $err" "$rc" 0
drive "${ids[3]}" --kind charity --reason 助学结对
expect_eq "a charity need: $err" "$rc" 0
drive "${ids[4]}" --kind no_need --reason 已有稳定收入
expect_eq "no need: $err" "$rc" 0
expect_eq "every outcome stored" \
  "$(db "SELECT group_concat(outcome, ',') FROM (SELECT outcome FROM monitor_warnings WHERE status = 'closed' ORDER BY id)")" \
  "false_alarm,case,referral,charity,no_need"

# ---- overdue: sent on 2025-06-16, due 2025-06-30 ----
m send "${ids[5]}" --as rev --date 2025-06-16
m send "${ids[6]}" --as rev --date 2025-06-25
m overdue --as rev --date 2025-06-30
expect_eq "nothing overdue on the due day: $err" "$rc" 0
expect_eq "none" "$out" ""
m overdue --as rev --date 2025-07-01
expect_eq "the day after" "$rc" 0
expect_eq "the county reviewer sees the late one only" "$(printf '%s\n' "$out" | cut -f1)" "${ids[5]}"
expect_contains "marked overdue" "$out" "overdue"
m overdue --as rev --date 2025-07-10
expect_eq "both, the longest overdue first" "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" "${ids[5]} ${ids[6]} "
m overdue --as far --region "$town" --date 2025-07-10
expect_eq "another township's caseworker is refused" "$rc" 1
m list --as cw --status closed
expect_eq "the closed ones by status" "$(printf '%s\n' "$out" | wc -l)" 5
m list --as cw --status gone
expect_eq "an unknown status" "$rc" 2

# ---- a later run: a warning in check is the township's; a closed episode is not raised again ----
m check "${ids[5]}" --as cw --date 2025-07-02 --visit 2025-07-01 --staff 张三,李四 --findings 入户
run "$SN" monitor run --data "$D" --date 2025-06-28 --full
expect_eq "a later run: $err" "$rc" 0
expect_eq "the warning in check is not ended by a run" "$(status_of "${ids[5]}")" checking
expect_eq "nor the one sent" "$(status_of "${ids[6]}")" sent
expect_eq "the closed episodes raise nothing again" \
  "$(db "SELECT count(*) FROM monitor_warnings w JOIN monitor_warnings c ON c.household = w.household AND c.status = 'closed' WHERE w.id > c.id")" 0

# ---- audited ----
run "$SN" audit list --data "$D" --last 200
for a in warning-send warning-check warning-outcome warning-send-refused warning-check-refused warning-outcome-refused; do
  expect_contains "audited: $a" "$out" "$(printf '\t%s\twarning:' "$a")"
done
expect_eq "the refusals name why" "$(db "SELECT count(*) FROM audit_log WHERE action = 'warning-check-refused' AND detail LIKE '%why=a field check takes two different staff%'")" 2
expect_eq "the other township's refusal" "$(db "SELECT count(*) FROM audit_log WHERE actor = 'far' AND action LIKE '%-refused'")" 3
run "$SN" audit verify --data "$D"
expect_eq "the audit log verifies: $err" "$rc" 0
done_ok
