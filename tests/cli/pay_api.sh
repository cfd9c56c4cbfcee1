# pay_api.sh: payments through the HTTP API (docs/API.md, docs/PAYMENTS.md): a roll imported (its
# rejects listed with nothing imported first), December's payroll built, checked, approved by civil
# affairs and finance (the refusals: twice, in the wrong order, a role that may not, a bank file
# before approval), the bank files written, a return with a failure reconciled, the failure
# re-issued in January, the ledger balanced; bad bodies named; the audit log intact afterwards.
. "$(dirname "$0")/lib.bash"

county "$TMP" 430181 800 5 0
D="$TMP/data"
reg=$(ls "$TMP"/county/resources/43GA001*)
mapfile -t hhs < <(awk -F, 'NR == FNR { if (FNR > 1) d[$1] = 1; next }
  FNR > 1 && substr($5, 1, 9) == "430181001" { m[$5] = m[$5] (m[$5] ? ";" : "") $1; if ($1 in d) bad[$5] = 1 }
  END { for (h in m) if (!(h in bad)) print h, m[h] }' "$TMP"/county/resources/43WJ002* "$reg" | sort | head -2)
for i in 0 1; do read -r h[i] m[i] <<<"${hhs[$i]}"; p[i]=${m[i]%%;*}; done
for u in "appr approver 430181" "fin finance 430181" "cw caseworker 430181001"; do
  set -- $u
  echo "password-123" | "$SN" user add --data "$D" "$1" --role "$2" --region "$3" >/dev/null
done
serve "$D"
sign_in appr; sign_in fin; sign_in cw
body() { python3 -c "import json, sys; print(json.dumps({k: v for k, v in zip(sys.argv[1::2], sys.argv[2::2])}))" "$@"; }

header="scheme,household,members,amount,start_month,payee,bank,card_type,account"
bad=$(printf '%s\ndibao,%s,%s,1.234,2025-06,%s,RCC,sscard,430181000000000011\n' "$header" "${h[0]}" "${m[0]}" "${p[0]}")
expect_eq "a roll with a broken row" "$(as appr POST /api/v1/roll "$(body csv "$bad")")" "422"
expect_eq "its row, named" "$(json "['rejects'][0]['field']")" "amount"
expect_eq "nothing imported" "$(sqlite3 "$D/safetynet.db" 'SELECT count(*) FROM cases')" "0"
expect_eq "an unknown member" "$(as appr POST /api/v1/roll '{"csv":"x","file":"y"}')" "400"
expect_eq "named" "$(json "['field']")" "file"
roll=$(printf '%s\ndibao,%s,%s,600.00,2025-06,%s,RCC,sscard,430181000000000011\ntekun,%s,%s,900.00,2025-06,%s,RCC,passbook,430181000000000022\n' \
  "$header" "${h[0]}" "${m[0]}" "${p[0]}" "${h[1]}" "${m[1]}" "${p[1]}")
expect_eq "the roll" "$(as appr POST /api/v1/roll "$(body csv "$roll" day 2025-11-20)")" "200"
expect_eq "two added" "$(json "['added']")" "2"
expect_eq "a caseworker builds no payroll" "$(as cw POST /api/v1/payrolls '{"region":"430181","month":"2025-12"}')" "403"
expect_eq "a payroll needs its month" "$(as appr POST /api/v1/payrolls '{"region":"430181"}')" "400"
expect_eq "December's payroll" "$(as appr POST /api/v1/payrolls '{"region":"430181","month":"2025-12"}')" "201"
id=$(json "['id']")
expect_eq "1500 yuan" "$(json "['total_fen']")" "150000"
expect_eq "built once" "$(as appr POST /api/v1/payrolls '{"region":"430181","month":"2025-12"}')" "409"
expect_eq "checked" "$(as appr POST "/api/v1/payrolls/$id/checks" '{}')" "200"
expect_eq "no hold" "$(json "['held_fen']")" "0"
expect_eq "finance does not approve first" "$(as fin POST "/api/v1/payrolls/$id/approvals" '{}')" "403"
expect_eq "no bank file before approval" "$(as fin POST "/api/v1/payrolls/$id/bank-files" '{}')" "403"
expect_eq "civil affairs approves" "$(as appr POST "/api/v1/payrolls/$id/approvals" '{}')" "200"
expect_eq "not twice" "$(as appr POST "/api/v1/payrolls/$id/approvals" '{}')" "403"
expect_eq "finance approves" "$(as fin POST "/api/v1/payrolls/$id/approvals" '{}')" "200"
expect_eq "approved-2" "$(json "['state']")" "approved-2"
expect_eq "bank files" "$(as fin POST "/api/v1/payrolls/$id/bank-files" '{}')" "201"
expect_eq "one bank" "$(json "['files'][0]['bank']")" "RCC"
[ -s "$D/bank-files/$(json "['files'][0]['file']")" ] || fail "the bank file is in the data folder"
lines=$(sqlite3 "$D/safetynet.db" "SELECT group_concat(id || ',' || amount_fen, ' ') FROM payroll_lines WHERE payroll = $id ORDER BY id")
read -r l1 l2 <<<"$lines"
ret=$(printf 'line,result,reason,amount_fen\n%s,paid,,%s\n%s,failed,R03,%s\nT,2,150000\n' "${l1%,*}" "${l1#*,}" "${l2%,*}" "${l2#*,}")
expect_eq "the return" "$(as fin POST "/api/v1/payrolls/$id/returns" "$(body csv "$ret")")" "200"
expect_eq "reconciled" "$(json "['state']")" "reconciled"
expect_eq "the ledger" "$(as fin GET /api/v1/ledger)" "200"
expect_eq "balanced" "$(json "['balanced']")" "True"
expect_eq "January re-issues the failure" "$(as appr POST /api/v1/payrolls '{"region":"430181","month":"2026-01"}')" "201"
expect_eq "three lines" "$(python3 -c "import json; print(len(json.load(open('$TMP/body'))['lines']))")" "3"
kill "$pid"; wait "$pid" 2>/dev/null || true
"$SN" audit verify --data "$D" >/dev/null || fail "the audit chain does not verify"
done_ok
