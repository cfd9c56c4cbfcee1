# cases.sh: case handling from the command line (issue 9): a dibao application driven from intake
# to an active case with the amount from verification, and a refused one with written reasons;
# a township caseworker refused (and audited) when approving at county level, acting outside the
# township or skipping a step; an emergency paid from the township reserve fund in one command,
# the fund neither above 20,000 yuan nor below zero; a case left untouched overdue on the right
# working day across the National Day holiday; review, exit, referral; bad input named.
. "$(dirname "$0")/lib.bash"
export SAFETYNET_LANG=zh # the messages a township caseworker reads

county "$TMP" 430181 1500 3 0
D="$TMP/data"
truth="$TMP/county/truth/households.tsv"
# a dibao household and one no scheme covers, of one township, by the truth, and a member of each
read -r hh1 benefit1 < <(awk -F'\t' '$2 == "2025-12" && $30 == "dibao" { print $1, $31; exit }' "$truth")
town=${hh1:0:9}
read -r hh2 < <(awk -F'\t' -v t="$town" -v h="$hh1" '$2 == "2025-12" && $30 == "none" && substr($1, 1, 9) == t && $1 "" != h "" { print $1; exit }' "$truth")
a1=$(member "$hh1")
a2=$(member "$hh2")
[ -n "$a1" ] && [ -n "$a2" ] || fail "no households found in the generated county"
other=$(awk -F'\t' -v t="$town" 'NR > 1 && substr($1, 1, 9) != t { print substr($1, 1, 9); exit }' "$truth")

add_user() { echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" >/dev/null; }
add_user cw caseworker "$town"
add_user head township-head "$town"
add_user appr approver 430181
add_user rev reviewer 430181
add_user far caseworker "$other"
add_user sup supervisor 4301
case_() { run "$SN" case "$@" --data "$D"; }
audited() { sqlite3 "$D/safetynet.db" "SELECT count(*) FROM audit_log WHERE actor = '$1' AND action = '$2'"; }

# ---- intake: bad input is named, missing documents listed all at once ----
case_ open --as cw --scheme dibao --household "$hh1" --applicant "$a1" --reason 失业 --scheme nonsense
expect_contains "an unknown scheme" "$err" "申请类别"
case_ open --as cw --scheme dibao --household "$hh1" --applicant 430181197407030014 --reason 失业
expect_contains "a wrong check digit" "$err" "校验码"
case_ open --as cw --scheme dibao --household "$hh1" --applicant "$a1" --reason 失业 --day 2099-01-01
expect_contains "a day in the future" "$err" "在今天之后"
case_ open --as cw --scheme dibao --household "$hh1" --applicant "$a1" --reason 失业 --documents application,passport
expect_contains "an unknown document" "$err" "passport"
case_ open --as cw --scheme dibao --household "$hh1" --applicant "$a2" --reason 失业
expect_contains "the applicant must be a member" "$err" "不是该户成员"
case_ open --as appr --scheme dibao --household "$hh1" --applicant "$a1" --reason 失业
expect_contains "applications are taken at the township" "$err" "乡镇"
case_ open --as far --scheme dibao --household "$hh1" --applicant "$a1" --reason 失业
expect_contains "another township's caseworker" "$err" "不在您的管辖区域"
expect_eq "refused intakes are audited" "$(audited far case-open-refused)" "1"
expect_eq "nothing was written by the refusals" "$(sqlite3 "$D/safetynet.db" 'SELECT count(*) FROM cases')" "0"

case_ open --as cw --scheme dibao --household "$hh1" --applicant "$a1" --reason "失业，收入低" --day 2025-11-20
expect_eq "dibao application accepted" "$rc" 0
expect_contains "accepted" "$out" "已受理案件 1"
expect_contains "missing: application form" "$out" "application"
expect_contains "missing: authorisation, in the same answer" "$out" "authorisation"

# ---- a township caseworker cannot skip a step, approve, or act outside the township ----
case_ act --as cw 1 visit --staff 张三,李四 --day 2025-11-21
expect_contains "a skipped step is refused" "$err" "步骤不能跳过"
case_ act --as cw 1 verify --day 2025-11-21
expect_contains "verification needs the authorisation" "$err" "授权书"
case_ act --as cw 1 documents --documents application,authorisation --day 2025-11-21
expect_eq "documents received" "$rc" 0
case_ act --as cw 1 verify --day 2025-11-21
expect_contains "verified" "$out" "verified"
case_ act --as far 1 visit --staff 张三,李四 --day 2025-11-24
expect_contains "outside the region" "$err" "不在您的管辖区域"
case_ act --as cw 1 visit --staff 张三 --day 2025-11-24
expect_contains "a visit takes two staff" "$err" "两名工作人员"
case_ act --as cw 1 visit --staff 张三,李四 --day 2025-11-24
expect_contains "visited" "$out" "visited"
case_ act --as cw 1 notice --day 2025-11-25
case_ act --as cw 1 township-review --note 同意 --day 2025-11-28
expect_contains "the notice runs 7 days" "$err" "公示期未满"
case_ act --as cw 1 objection --day 2025-11-26
expect_contains "an objection is recorded with its content" "$err" "异议"
expect_eq "an objection refused is not audited as one recorded" "$(audited cw case-objection)" "0"
expect_eq "it is audited as refused, with the reason" \
	"$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM audit_log WHERE actor = 'cw' AND action = 'case-objection-refused' AND detail LIKE '%why=record what the objection says%'")" "1"
case_ act --as cw 1 township-review --note 同意上报 --day 2025-12-02
expect_contains "township reviewed" "$out" "reviewed"
case_ act --as cw 1 approve --day 2025-12-03
expect_contains "a caseworker cannot approve at county level" "$err" "县级审批人"
expect_eq "the attempt is audited" "$(audited cw case-approve-refused)" "1"
expect_eq "the skipped step and the visit by one staff are audited as refused" "$(audited cw case-visit-refused)" "2"
expect_eq "only the visit made is audited as done" "$(audited cw case-visit)" "1"
expect_eq "the step outside the region is audited" "$(audited far case-visit-refused)" "1"
case_ act --as appr 1 approve --day 2025-12-01
expect_contains "no step before the last one" "$err" "早于上一步"
case_ act --as appr 1 approve --day 2025-12-03
expect_eq "approved" "$rc" 0
yuan=$(printf '%d.%02d' $((benefit1 / 100)) $((benefit1 % 100)))
expect_contains "active with the amount from verification ($yuan)" "$out" "active"
expect_contains "the amount is the verification's" "$out" "$yuan"
case_ show --as cw 1
expect_contains "the history lists every step" "$out" "township-review"
expect_contains "the visit's staff are kept" "$out" "张三,李四"
case_ act --as cw 1 approve --day 2025-12-04
expect_contains "an active case cannot be approved again" "$err" "步骤不能跳过"

# ---- a refused application with written reasons ----
case_ open --as cw --scheme dibao --household "$hh2" --applicant "$a2" --reason 申请低保 --documents application,authorisation --day 2025-11-20
case_ act --as cw 2 verify --day 2025-11-21
case_ act --as cw 2 visit --staff 张三,李四 --day 2025-11-24
case_ act --as cw 2 notice --day 2025-11-25
case_ act --as cw 2 township-review --note 收入超标 --day 2025-12-02
case_ act --as appr 2 approve --day 2025-12-03
expect_contains "the verification decides: no approval against it" "$err" "不能按"
case_ act --as appr 2 refuse --day 2025-12-03
expect_contains "a refusal needs written reasons" "$err" "书面"
case_ act --as appr 2 refuse --reasons "家庭人均收入高于当地低保标准" --day 2025-12-03
expect_contains "refused" "$out" "refused"
case_ show --as cw 2
expect_contains "the reasons are kept" "$out" "家庭人均收入高于当地低保标准"

# ---- periodic review, gradual exit, termination ----
SAFETYNET_LANG=en case_ act --as cw 1 review --note "income checked at the visit" --day 2026-05-20
expect_contains "reviewed, still active" "$out" "active"
# the history reads in the reader's language, whoever took a step in whichever: the review was
# taken in English, the verification in Chinese; what a user typed stays as typed
case_ show --as cw 1
review_zh=$(echo "$out" | awk -F'\t' '$2 == "review"')
expect_contains "a step taken in English, read in Chinese" "$review_zh" "核对 "
expect_contains "its outcome in Chinese" "$review_zh" "月救助金"
expect_eq "no English in it but the note typed" "$(echo "$review_zh" | grep -c 'verification\|monthly benefit' || true)" "0"
expect_contains "the note as typed" "$review_zh" "income checked at the visit"
SAFETYNET_LANG=en case_ show --as cw 1
verify_en=$(echo "$out" | awk -F'\t' '$2 == "verify"')
expect_contains "a step taken in Chinese, read in English" "$verify_en" "verification "
expect_contains "its outcome in English" "$verify_en" ": dibao, monthly benefit "
expect_eq "no Chinese in it" "$(echo "$verify_en" | grep -c '核对\|月救助金\|低保' || true)" "0"
expect_contains "a note typed in Chinese stays" "$(echo "$out" | awk -F'\t' '$2 == "township-review"')" "同意上报"
case_ act --as appr 1 exit --months 9 --reasons 收入增加 --day 2026-05-21
expect_contains "at most 6 months of gradual exit" "$err" "1 至 6"
case_ act --as appr 1 exit --months "3; DROP" --reasons 收入增加 --day 2026-05-21
expect_contains "months are a whole number, not 3 and text" "$err" "1 至 6"
case_ act --as appr 1 exit --months 3 --reasons 收入增加 --day 2026-05-21
expect_contains "exiting" "$out" "exiting"
case_ act --as appr 1 terminate --reasons 渐退期满 --day 2026-08-21
expect_contains "terminated" "$out" "terminated"

# ---- the township reserve fund and emergency aid ----
run "$SN" fund topup --data "$D" --as cw "$town" 5000
expect_contains "a township does not top up its own fund" "$err" "县级"
run "$SN" fund topup --data "$D" --as appr "$town" 20000.01 --day 2025-06-01
expect_contains "never above 20,000 yuan" "$err" "超过上限 20000.00"
run "$SN" fund topup --data "$D" --as appr "$town" 2000 --day 2025-06-01
expect_eq "topped up" "$rc" 0
stranger=110101199003071233
case_ open --as cw --scheme temp --kind emergency --cause fire --place "${hh1:0:12}" --applicant $stranger --name 王五 --reason 房屋失火 --requested 1500 --advance --day 2025-06-10
expect_eq "an emergency paid at once, whatever the registration" "$rc" 0
run "$SN" fund show --data "$D" --as cw "$town"
expect_contains "the balance after the advance" "$out" "$town	500.00"
case_ open --as cw --scheme temp --kind emergency --cause accident --place "${hh1:0:12}" --applicant $stranger --name 王五 --reason 车祸 --requested 1000 --advance --day 2025-06-11
expect_contains "the fund cannot go below zero" "$err" "不足支付"
expect_eq "nothing half-written: no case for the refused payment" "$(sqlite3 "$D/safetynet.db" "SELECT count(*) FROM cases WHERE cause = 'accident'")" "0"
case_ open --as cw --scheme temp --kind emergency --cause fire --place "${hh1:0:12}" --applicant $stranger --name 王五 --reason 又失火 --requested 300 --advance --day 2025-07-10
expect_contains "the same cause once a year" "$err" "一年内已救助"
case_ open --as cw --scheme temp --kind emergency --cause fire --place "${hh1:0:12}" --applicant $stranger --name 王五 --reason 又失火 --requested 300 --advance --override 邻居失火殃及 --day 2025-07-10
expect_eq "unless overridden with a reason" "$rc" 0
run "$SN" fund topup --data "$D" --as appr "$town" 19800.01 --day 2025-07-11
expect_contains "the ceiling counts what is in the fund" "$err" "超过上限"
case_ open --as cw --scheme temp --kind emergency --cause illness --place "${hh1:0:12}" --applicant $stranger --name 王五 --reason 急病 --requested 5000 --advance --day 2025-07-12
expect_contains "above township_max goes to the county" "$err" "县级审批"
case_ open --as cw --scheme temp --kind emergency --cause illness --place "${hh1:0:12}" --applicant $stranger --name 王五 --reason 急病 --requested 5000 --day 2025-07-12
id=$(echo "$out" | sed -n 's/已受理案件 \([0-9]*\)/\1/p')
case_ act --as head "$id" approve --day 2025-07-12
expect_contains "the township head cannot approve above township_max" "$err" "县级审批"
case_ act --as appr "$id" approve --day 2025-07-13
expect_contains "the county approves it" "$out" "closed"
case_ act --as cw 3 complete --day 2025-06-12
expect_contains "the paperwork afterwards lists what is missing" "$err" "事发情况说明"
case_ act --as cw 3 complete --documents application,incident --day 2025-06-12
expect_contains "paperwork completed" "$out" "completed"
case_ act --as rev 3 settle --day 2025-06-13
expect_contains "settled" "$out" "closed"
run "$SN" fund show --data "$D" --as appr "$town"
expect_contains "settlement puts the advance back" "$out" "settle	1500.00"
expect_eq "the ledger cannot be edited" "$(sqlite3 "$D/safetynet.db" "UPDATE reserve_ledger SET amount_fen = 0" 2>&1 | grep -c append-only)" "1"
expect_eq "nor can case events" "$(sqlite3 "$D/safetynet.db" "DELETE FROM case_events" 2>&1 | grep -c 'only ever added')" "1"

# ---- time limits across the National Day holiday: 3 working days after 2025-09-30 end on the
# working Saturday 2025-10-11 ----
case_ open --as cw --scheme tekun --household "$hh1" --applicant "$a1" --reason 申请特困 --day 2025-09-30
late=$(echo "$out" | sed -n 's/已受理案件 \([0-9]*\)/\1/p')
on() { run "$SN" case list --data "$D" --as cw --overdue --day "$1"; echo "$out" | awk -F'\t' -v id="$late" '$1 == id { print "overdue" }'; }
expect_eq "not overdue during the holiday" "$(on 2025-10-08)" ""
expect_eq "not overdue on its last day, the working Saturday" "$(on 2025-10-11)" ""
expect_eq "overdue the day after" "$(on 2025-10-12)" "overdue"
run "$SN" case list --data "$D" --as cw --inbox --day 2025-10-13
expect_contains "the caseworker's inbox has it, marked" "$out" "逾期"
run "$SN" case list --data "$D" --as appr --inbox --day 2025-10-13
expect_eq "the approver's inbox does not" "$(echo "$out" | awk -F'\t' -v id="$late" '$1 == id' | wc -l)" "0"

# ---- applicants related to staff: registered separately, always visited ----
case_ open --as cw --scheme temp --kind emergency --cause disaster --place "${hh1:0:12}" --applicant "$a1" --reason 洪水 --requested 800 --relative "经办人之兄" --day 2025-08-05
rel=$(echo "$out" | sed -n 's/已受理案件 \([0-9]*\)/\1/p')
run "$SN" case list --data "$D" --as sup --relatives
expect_contains "the separate register lists it" "$out" "近亲属备案"
expect_eq "and only such cases" "$(echo "$out" | awk -F'\t' '{ print $1 }' | tr '\n' ' ')" "$rel "
case_ act --as cw "$rel" advance --day 2025-08-05
case_ act --as cw "$rel" complete --documents application,incident --day 2025-08-06
expect_contains "the paperwork of a staff relative needs the home visit" "$err" "两名工作人员"
case_ act --as cw "$rel" complete --documents application,incident --staff 张三,李四 --day 2025-08-06
expect_contains "with it" "$out" "completed"
SAFETYNET_LANG=en case_ show --as cw "$rel"
expect_contains "the relation recorded in Chinese, read in English, typed text as typed" "$out" "near relative of staff: 经办人之兄"
case_ act --as rev "$rel" settle --day 2025-08-07
expect_contains "settled" "$out" "closed"
run "$SN" case list --data "$D" --as sup --relatives
expect_eq "a closed case stays in the register" "$(echo "$out" | awk -F'\t' -v id="$rel" '$1 == id { print $3 }')" "closed"

# ---- referrals for specialised aid ----
case_ open --as cw --scheme referral --kind medical --household "$hh1" --applicant "$a1" --reason 住院费用 --day 2025-08-01
ref=$(echo "$out" | sed -n 's/已受理案件 \([0-9]*\)/\1/p')
case_ act --as cw "$ref" refer --day 2025-08-01
expect_contains "a referral names the department" "$err" "部门"
case_ act --as cw "$ref" refer --note 医保局 --day 2025-08-01
case_ act --as cw "$ref" feedback --note 已给予住院救助 --amount 3200 --day 2025-08-20
expect_contains "closed on feedback" "$out" "closed"

# ---- reading: the household's cases, a supervisor may look, not act ----
run "$SN" case list --data "$D" --as sup "$hh1"
expect_contains "a supervisor sees the household's cases" "$out" "dibao"
case_ act --as sup "$late" verify --day 2025-10-13
expect_contains "a supervisor does not take steps" "$err" "须由"

run "$SN" audit verify --data "$D"
expect_eq "the audit log is intact" "$rc" "0"
done_ok
