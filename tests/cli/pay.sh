# pay.sh: payments from the command line (issue 20, docs/PAYMENTS.md), end to end: a roll of four
# active cases imported (and imported again, adding nothing), December's payroll built, its checks
# holding the payment to a payee who died in November, approved by civil affairs and then finance,
# one GB18030 bank file per bank with its trailer and SHA-256, a return file with two failures
# reconciled to the fen, the failures re-issued in January, the ledger balanced; the refusals
# (approved twice, one person in both roles, a role that may not, after sending, a bank file for a
# payroll not approved), each audited; bad input (broken rows, a wrong encoding, duplicate lines,
# trailers that do not match) refused or rejected row by row, nothing half-imported.
. "$(dirname "$0")/lib.bash"
export SAFETYNET_LANG=en

county "$TMP" 430181 1500 3 0
D="$TMP/data"
db() { sqlite3 "$D/safetynet.db" "$1"; }
audited() { db "SELECT count(*) FROM audit_log WHERE actor = '$1' AND action = '$2'"; }
pay() { run "$SN" pay "$@" --data "$D"; }
# the Luhn check digit appended to a bank card number's first digits
luhn() {
  local base=$1 sum=0 i d len=${#1}
  for ((i = 0; i < len; i++)); do
    d=${base:len-1-i:1}
    if ((i % 2 == 0)); then d=$((d * 2)); ((d > 9)) && d=$((d - 9)); fi
    sum=$((sum + d))
  done
  echo "$base$(((10 - sum % 10) % 10))"
}
# six households of one township whose members the departments have no death record of, with
# their members (';'-separated, as the roll lists them) and the first as payee
reg=$(ls "$TMP"/county/resources/43GA001*)
mapfile -t hhs < <(awk -F, 'NR == FNR { if (FNR > 1) d[$1] = 1; next }
  FNR > 1 && substr($5, 1, 9) == "430181001" { m[$5] = m[$5] (m[$5] ? ";" : "") $1; if ($1 in d) bad[$5] = 1 }
  END { for (h in m) if (!(h in bad)) print h, m[h] }' "$TMP"/county/resources/43WJ002* "$reg" | sort | head -6)
[ "${#hhs[@]}" -eq 6 ] || fail "six households wanted, found ${#hhs[@]}"
for i in 0 1 2 3 4 5; do read -r h[i] m[i] <<<"${hhs[$i]}"; p[i]=${m[i]%%;*}; done

add_user() { echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" --display "$4" >/dev/null; }
add_user appr approver 430181 "张审批"
add_user rev reviewer 430181 "李审核"
add_user fin finance 430181 "王财政"
add_user fin-same finance 430181 "张审批" # the approver's own second account
add_user cw caseworker 430181001 "赵经办"
add_user far approver 430102 "外县"

header="scheme,household,members,amount,start_month,payee,bank,card_type,account"
# ---- the roll: bad input rejected row by row, nothing imported ----
{
  echo "$header"
  echo "dibao,${h[4]},${m[4]},12.345,2025-06,${p[4]},ICBC,sscard,123456789012"
  echo "welfare,${h[4]},${m[4]},100,2025-06,${p[4]},ICBC,sscard,123456789012"
  echo "dibao,${h[4]},430181196305140015,100,2025-06,${p[4]},ICBC,sscard,123456789012"
  echo "dibao,${h[4]},${m[4]},100,2025-06,${p[4]},ICBC,bankcard,6217000000000000013"
  echo "dibao,${h[4]},${m[4]},100,2025-06,${p[4]},ICBC,sscard,12345"
  echo "dibao,${h[4]},${m[0]},100,2025-06,${p[0]},ICBC,sscard,123456789012"
  echo "dibao,43018100100199999,${m[4]},100,2025-06,${p[4]},ICBC,sscard,123456789012"
  echo "dibao,${h[5]},${m[5]},100,2025-06,${p[5]},ICBC,sscard,123456789012"
  echo "dibao,${h[5]},${m[5]},100,2025-06,${p[5]},ICBC,sscard,123456789012"
  echo "dibao,${h[5]},${m[5]},0,2025-06,${p[5]},ICBC,sscard,123456789012"
  echo '"broken'
} >"$TMP/bad.csv"
pay roll import "$TMP/bad.csv"
expect_eq "a roll with broken rows is refused" "$rc" 1
expect_contains "two decimals at most" "$err" "line 2 (amount)"
expect_contains "an unknown scheme" "$err" "line 3 (scheme)"
expect_contains "an ID number's check digit" "$err" "line 4 (members)"
expect_contains "a bank card's Luhn digit" "$err" "line 5 (account): the bank card number's check digit is wrong"
expect_contains "an account too short" "$err" "line 6 (account)"
expect_contains "a member of another household" "$err" "line 7 (members)"
expect_contains "a household not in the register" "$err" "line 8 (household)"
expect_contains "the same household and scheme twice" "$err" "line 10 (household): the same household and scheme twice"
expect_contains "an amount of zero" "$err" "line 11 (amount)"
expect_contains "an unclosed quote" "$err" "line 12"
expect_contains "nothing imported" "$err" "10 rows rejected: nothing was imported"
expect_eq "no case was written" "$(db 'SELECT count(*) FROM cases')" "0"
printf '%s\r\ndibao,%s,%s,100.00,2025-06,%s,\xff\xfe,sscard,123456789012\r\n' "$header" "${h[5]}" "${m[5]}" "${p[5]}" >"$TMP/enc.csv"
pay roll import "$TMP/enc.csv"
expect_contains "bytes that are no encoding's are rejected" "$err" "not valid GB18030"
printf 'scheme,household\n' >"$TMP/head.csv"
pay roll import "$TMP/head.csv"
expect_contains "the header is required" "$err" "the header"
expect_eq "still no case" "$(db 'SELECT count(*) FROM cases')" "0"

# ---- the roll: four active cases, in GB18030 with the schemes' Chinese names ----
card0=$(luhn 621700000000000001)
card3=$(luhn 621700000000000003)
{
  echo "$header"
  echo "最低生活保障,${h[0]},${m[0]},520.00,2025-06,${p[0]},ICBC,bankcard,$card0"
  echo "dibao,${h[1]},${m[1]},1314.50,2025-06,${p[1]},RCC,sscard,430181000000000011"
  echo "特困人员救助供养,${h[2]},${m[2]},1280.00,2025-03,${p[2]},RCC,passbook,4301810000000022"
  echo "dibao,${h[3]},${m[3]},300.00,2025-11,${p[3]},ICBC,bankcard,$card3"
} | iconv -f UTF-8 -t GB18030 >"$TMP/roll.csv"
pay roll import "$TMP/roll.csv" --day 2025-11-20
expect_eq "the roll is imported" "$rc" 0
expect_contains "four added" "$out" "4 added, 0 already"
pay roll import "$TMP/roll.csv" --day 2025-11-20
expect_contains "the same file again adds nothing" "$out" "0 added, 4 already"
expect_eq "four active cases" "$(db "SELECT count(*) FROM cases WHERE state = 'active'")" "4"
expect_eq "amounts in fen" "$(db "SELECT group_concat(amount_fen) FROM cases ORDER BY id")" "52000,131450,128000,30000"
expect_eq "next review set, after the import day" "$(db "SELECT count(*) FROM cases WHERE next_review > '2025-11-20'")" "4"
expect_eq "an import event each, on the day approved before" \
  "$(db "SELECT group_concat(day) FROM case_events WHERE action = 'import' ORDER BY case_id")" "2025-05-31,2025-05-31,2025-02-28,2025-10-31"
expect_eq "accounts recorded with who and why" "$(db "SELECT count(*) FROM pay_accounts WHERE reason LIKE 'roll import line %'")" "4"
expect_eq "the import is audited" "$(db "SELECT count(*) FROM audit_log WHERE action = 'pay-roll-import'")" "2"

# ---- a death in November ----
printf '死者身份证号,死亡日期,死亡原因分类\n%s,2025-11-10,意外\n' "${p[0]}" >"$TMP/death.csv"
"$SN" ingest --data "$D" 43WJ002 "$TMP/death.csv" >/dev/null

# ---- December's payroll ----
pay payroll build --as cw --region 430181 --month 2025-12
expect_contains "a caseworker does not build payrolls" "$err" "may not"
pay payroll build --as far --region 430181 --month 2025-12
expect_contains "nor another county's approver" "$err" "outside your region"
pay payroll build --as rev --region 430181 --month 2025-12
expect_eq "December's payroll built" "$rc" 0
expect_contains "four lines, 3414.50 yuan" "$out" "payroll 1: 4 lines, 3414.50 yuan"
pay payroll build --as rev --region 430181 --month 2025-12
expect_contains "built once: frozen" "$err" "built already"
expect_eq "its refusal is audited" "$(audited rev pay-payroll-build-refused)" "1"
expect_eq "each line says where its amount came from" "$(db "SELECT count(*) FROM payroll_lines WHERE basis LIKE 'approval@%'")" "4"
pay payroll approve --as appr 1
expect_contains "no approval before the checks" "$err" "not checked yet"
pay payroll check --as rev 1
expect_contains "one blocking check" "$out" "1 blocking"
pay payroll show --as appr 1
expect_contains "the dead payee's line is held" "$out" "$(printf 'line\t1\t1\t%s\tdibao\tmonthly\tICBC\t520.00\theld\tpayee-dead' "${h[0]}")"
expect_contains "with its evidence" "$out" '"fact":"death","period":"2025-11-10"'
expect_contains "the totals" "$out" "total 3414.50 = paid 0.00 + failed 0.00 + pending 2894.50 + held 520.00"

# ---- approval: civil affairs, then finance, two people ----
pay bank write --as fin 1 --out "$TMP/bank"
expect_contains "no bank file before approval" "$err" "not approved by civil affairs and finance"
pay payroll approve --as fin 1
expect_contains "civil affairs first" "$err" "civil affairs (the county approver) approves first"
pay payroll approve --as rev 1
expect_contains "a reviewer does not approve" "$err" "may not take this step"
pay payroll approve --as appr 1
expect_eq "civil affairs approves" "$rc" 0
pay payroll approve --as appr 1
expect_contains "not twice" "$err" "cannot be approved twice"
pay payroll approve --as fin-same 1
expect_contains "not one person in both roles" "$err" "one person may not approve in both roles"
pay payroll approve --as fin 1
expect_eq "finance approves" "$rc" 0
pay payroll approve --as fin 1
expect_contains "finance not twice either" "$err" "cannot be approved twice"
expect_eq "the refusals are audited" \
  "$(db "SELECT count(*) FROM audit_log WHERE action = 'pay-payroll-approve-refused'")" "6"
expect_eq "the bank file refused is audited" "$(audited fin pay-bank-write-refused)" "1"

# ---- bank files ----
mkdir -p "$TMP/bank"
pay bank write --as appr 1 --out "$TMP/bank"
expect_contains "civil affairs does not write bank files" "$err" "may not take this step"
pay bank write --as fin 1 --out "$TMP/bank"
expect_eq "bank files written" "$rc" 0
expect_eq "one per bank, with digests, no temporary left" "$(cd "$TMP/bank" && ls | tr '\n' ' ')" \
  "payroll-1-202512-ICBC.csv payroll-1-202512-ICBC.csv.sha256 payroll-1-202512-RCC.csv payroll-1-202512-RCC.csv.sha256 "
(cd "$TMP/bank" && sha256sum -c --quiet payroll-1-202512-RCC.csv.sha256) || fail "the RCC file's digest"
rcc=$(iconv -f GB18030 -t UTF-8 "$TMP/bank/payroll-1-202512-RCC.csv")
expect_contains "GB18030 with the item's name" "$rcc" "最低生活保障金"
expect_contains "the header" "$rcc" "H,1,202512,430181,RCC,2,259450"
expect_contains "the trailer: count and total in fen" "$rcc" "T,2,259450"
expect_eq "the held line is in no file" "$(cat "$TMP"/bank/*.csv | grep -c "$card0" || true)" "0"
pay payroll approve --as appr 1
expect_contains "no approval after sending" "$err" "sent to the banks"
pay bank write --as fin 1 --out "$TMP/bank"
expect_contains "no second bank file" "$err" "sent already"

# ---- the return file ----
printf 'line,result,reason,amount_fen\n2,failed,R03,131450\n3,paid,,128000\n4,failed,R01,30000\nT,3,289451\n' >"$TMP/ret1.csv"
pay return import --as fin 1 "$TMP/ret1.csv"
expect_contains "a trailer that does not match" "$err" "the trailer does not match the rows"
printf 'line,result,reason,amount_fen\n2,failed,,131450\n3,paid,,128000\n3,paid,,128000\n1,paid,,52000\n4,failed,R01,30001\nT,5,469451\n' >"$TMP/ret2.csv"
pay return import --as fin 1 "$TMP/ret2.csv"
expect_contains "a failure needs its reason code" "$err" "line 2 (reason)"
expect_contains "a duplicate line" "$err" "line 4 (line): the same payroll line twice"
expect_contains "a held line was never sent" "$err" "line 5 (line)"
expect_contains "an amount not the payroll's" "$err" "line 6 (amount_fen)"
expect_eq "nothing returned yet" "$(db 'SELECT count(*) FROM pay_returns')" "0"
printf 'line,result,reason,amount_fen\n2,failed,R03,131450\n3,paid,,128000\n4,failed,R01,30000\nT,3,289450\n' >"$TMP/ret.csv"
pay return import --as fin 1 "$TMP/ret.csv"
expect_eq "the return file is imported" "$rc" 0
expect_contains "paid + failed + pending = sent, to the fen" "$out" "paid 1280.00 + failed 1614.50 + pending 0.00 = 2894.50 yuan"
expect_eq "the payroll is reconciled" "$(db 'SELECT state FROM payrolls WHERE id = 1')" "reconciled"
pay return import --as fin 1 "$TMP/ret.csv"
expect_contains "not twice" "$err" "not sent (or reconciled already)"
pay ledger check --as fin
expect_eq "the ledger balances" "$rc" 0
expect_contains "the failures await re-issue" "$out" "$(printf '2025-12\tdibao\t430181001\tfailed-suspense\t0.00\t1614.50')"

# ---- January: the failures re-issued ----
pay payroll build --as rev --region 430181 --month 2026-01
expect_contains "four monthly lines and two re-issued" "$out" "6 lines, 5029.00 yuan in all (2 re-issued)"
expect_eq "the re-issues point at the failures" "$(db "SELECT group_concat(reissue_of) FROM payroll_lines WHERE kind = 'reissue'")" "2,4"
pay payroll check --as rev 2
pay payroll approve --as appr 2
pay payroll approve --as fin 2
pay bank write --as fin 2 --out "$TMP/bank"
expect_eq "January sent" "$rc" 0
expect_eq "the failures are re-issued" "$(db "SELECT group_concat(status) FROM payroll_lines WHERE id IN (2, 4)")" "reissued,reissued"
printf 'line,result,reason,amount_fen\n6,paid,,131450\n7,paid,,128000\n8,paid,,30000\n9,paid,,131450\n10,paid,,30000\nT,5,450900\n' >"$TMP/ret-jan.csv"
pay return import --as fin 2 "$TMP/ret-jan.csv"
expect_contains "January reconciled" "$out" "paid 4509.00 + failed 0.00 + pending 0.00 = 4509.00 yuan"
pay ledger check --as fin
expect_eq "every total balances" "$rc" 0
expect_contains "nothing awaits re-issue" "$out" "$(printf '2026-01\tdibao\t430181001\tfailed-suspense\t1614.50\t0.00')"
expect_eq "paid out in all: December's 1280.00 and January's 4509.00" \
  "$(db "SELECT SUM(amount_fen) FROM pay_ledger WHERE credit = 'treasury'")" "578900"

# ---- the ledger only grows ----
run sqlite3 "$D/safetynet.db" "UPDATE pay_ledger SET amount_fen = 1"
expect_contains "no entry is changed" "$err" "append-only"
run sqlite3 "$D/safetynet.db" "DELETE FROM pay_ledger"
expect_contains "nor removed" "$err" "append-only"
done_ok
