# verify.sh: household verification from the command line: the examples of docs/VERIFY.md give
# their documented decisions and amounts; bad input names the field; a household without an
# authorisation is refused; on a generated county without noise every household's decision and
# benefit agree with the truth; a verification from the data folder is stored and audited; a
# re-check lists exactly the changes the truth holds since the last verification.
. "$(dirname "$0")/lib.bash"
EX="$(dirname "$0")/../../docs/examples"

field() { python3 -c "import json,sys; r=json.load(sys.stdin); print($1)"; }

run "$SN" verify --household "$EX/dibao-urban-couple.json" --date 2025-11-20 --html "$TMP/report.html"
expect_eq "dibao example" "$rc" 0
expect_eq "dibao decision" "$(echo "$out" | field "r['decision'], r['monthly_benefit_fen'], r['per_capita_income_fen']")" "dibao 131400 8333"
expect_eq "the disability subsidy is not counted" "$(echo "$out" | field "r['income']['not_counted_fen']")" "9000"
expect_eq "reasons have rule, outcome and message" "$(echo "$out" | field "sorted(r['reasons'][0].keys())")" "['message', 'outcome', 'program', 'rule']"
expect_contains "the printable report" "$(cat "$TMP/report.html")" "@page{size:A4"
expect_contains "the report names the source" "$(cat "$TMP/report.html")" "43RS007"

run "$SN" verify --household "$EX/tekun-rural-elder.json" --date 2025-11-20
expect_eq "destitute example" "$(echo "$out" | field "r['decision'], r['monthly_benefit_fen']")" "tekun 68000"
run "$SN" verify --household "$EX/none-car-owner.json" --date 2025-11-20
expect_eq "car owner" "$(echo "$out" | field "r['decision'], r['assets']['vehicles_not_exempt']")" "none 1"

run "$SN" verify --household "$EX/bad-amount.json" --date 2025-11-20
expect_eq "bad amount refused" "$rc" 1
expect_contains "bad amount names the field" "$err" "members[1].records.43RS007[3].月收入"
python3 -c "import json; d=json.load(open('$EX/dibao-urban-couple.json')); del d['authorisation']; json.dump(d, open('$TMP/noauth.json','w'))"
run "$SN" verify --household "$TMP/noauth.json" --date 2025-11-20
expect_eq "no authorisation refused" "$rc" 1
expect_contains "no authorisation says so" "$err" "no authorisation on record"
printf '{"household": "1", "region": "430181001001", "members": [{"id": "430181198001011238", "relation": "01"}]}' >"$TMP/badid.json"
run "$SN" verify --household "$TMP/badid.json"
expect_contains "a bad ID number is named" "$err" "members[1].id"

# a county without noise: the truth's decisions and benefits, every one
county "$TMP" 430181 3000 5 0
run "$SN" verify --data "$TMP/data" --truth "$TMP/county"
expect_eq "evaluate" "$rc" 0
expect_contains "every household agrees" "$out" "(100.00%), decision and benefit for"
expect_contains "every benefit agrees" "$out" "(100.00%)
truth"
# the facts read in C (verify_repo.c) are the facts the query reads (SAFETYNET_FACTS_SQL), also
# where a record's JSON escapes a character (the query is asked for that person then)
whole=$out
SAFETYNET_FACTS_SQL=1 run "$SN" verify --data "$TMP/data" --truth "$TMP/county"
expect_eq "the query's facts give the same" "$out" "$whole"
cp -r "$TMP/data" "$TMP/data-esc"
sqlite3 "$TMP/data-esc/safetynet.db" "UPDATE records SET data = replace(data, '\"2025-', '\"\\u0032025-') WHERE id % 3 = 0 AND facts IS NOT NULL"
run "$SN" verify --data "$TMP/data-esc" --truth "$TMP/county"
escaped=$out
SAFETYNET_FACTS_SQL=1 run "$SN" verify --data "$TMP/data-esc" --truth "$TMP/county"
expect_eq "escaped JSON: the same through the query" "$escaped" "$out"
expect_eq "escaped JSON: the same facts" "$escaped" "$whole"

# from the data folder: refused without an authorisation, then stored and audited
hh=$(awk -F'\t' '$2 == "2025-12" && $30 == "dibao" { print $1; exit }' "$TMP/county/truth/households.tsv")
run "$SN" verify --data "$TMP/data" --date 2025-12-10 "$hh"
expect_eq "data folder without authorisation" "$rc" 1
run "$SN" authorise --data "$TMP/data" "$hh" --signed-by "户主" --signed-on 2025-12-01 --document "SQ-1"
expect_eq "authorise" "$rc" 0
run "$SN" verify --data "$TMP/data" --date 2025-12-10 "$hh"
expect_eq "verify from the data folder" "$rc" 0
expect_eq "its decision" "$(echo "$out" | field "r['decision']")" "dibao"
expect_contains "it is stored" "$err" "verification stored"
db="$TMP/data/safetynet.db"
expect_eq "audited" "$(sqlite3 "$db" "SELECT group_concat(action) FROM audit_log WHERE action != 'ingest-batch'")" "verify-refused,authorise,verify"
expect_eq "each batch taken in is audited with it" "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'ingest-batch'")" "$(sqlite3 "$db" "SELECT count(*) FROM batches")"
run sqlite3 "$db" "DELETE FROM audit_log"
expect_contains "the audit log cannot be altered" "$err" "append-only"

# --as: the command acts as an account, through the access gate
far=$(awk -F'\t' -v t="${hh:0:9}" 'NR > 1 && substr($1, 1, 9) != t { print $1; exit }' "$TMP/county/truth/households.tsv")
echo "password-123" | "$SN" user add --data "$TMP/data" vcw --role caseworker --region "${hh:0:9}" >/dev/null
echo "password-123" | "$SN" user add --data "$TMP/data" vpol --role policy --region 43 >/dev/null
run "$SN" verify --data "$TMP/data" --as vcw --date 2025-12-10 "$hh"
expect_eq "a caseworker verifies a household of the township" "$rc" 0
run "$SN" verify --data "$TMP/data" --as vcw --date 2025-12-10 "$far"
expect_contains "not another township's" "$err" "outside your region"
run "$SN" authorise --data "$TMP/data" --as vpol "$hh" --signed-by 户主 --signed-on 2025-12-01
expect_contains "a policy officer records no authorisation" "$err" "may not"
run "$SN" recheck --data "$TMP/data" --as vcw --region 430181 --date 2025-12-15
expect_contains "a re-check beyond the account's region is refused" "$err" "outside your region"
expect_eq "each refusal is audited" "$(sqlite3 "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'verify-refused' AND actor IN ('vcw', 'vpol')")" "3"
expect_eq "and the verification names the account" "$(sqlite3 "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'verify' AND actor = 'vcw'")" "2"

# centralised re-verification: the households eligible in June sign authorisations; a re-screen
# of every household in June stores their verifications; December's re-check of them must list
# exactly the changes the truth holds between the two months
truth="$TMP/county/truth/households.tsv"
awk -F'\t' '$2 == "2025-06" && $30 != "none" { print $1 }' "$truth" >"$TMP/june"
[ -s "$TMP/june" ] || fail "no household eligible in June"
while read -r h; do
  "$SN" authorise --data "$TMP/data" "$h" --signed-by "户主" --signed-on 2025-01-05 >/dev/null
done <"$TMP/june"
run "$SN" recheck --data "$TMP/data" --date 2025-06-15 --all
expect_eq "June re-screen" "$rc" 0
expect_contains "June stores the authorised" "$out" "$(wc -l <"$TMP/june" | tr -d ' ') verified and stored"
run "$SN" recheck --data "$TMP/data" --date 2025-12-15
expect_eq "December re-check" "$rc" 0
awk -F'\t' 'NR == FNR { e[$1] = 1; next }
  ($1 in e) && $2 == "2025-06" { c6[$1] = $30; b6[$1] = $31 }
  ($1 in e) && $2 == "2025-12" { c12[$1] = $30; b12[$1] = $31 }
  END {
    for (h in c6) {
      if (c12[h] == "none") change = "ineligible"
      else if (c12[h] != c6[h]) change = "class-changed"
      else if (b12[h] + 0 < b6[h] + 0) change = "benefit-down"
      else if (b12[h] + 0 > b6[h] + 0) change = "benefit-up"
      else change = "same"
      print h, change
    }
  }' "$TMP/june" "$truth" | grep -v ' same$' | sort >"$TMP/want"
sqlite3 -separator ' ' "$db" "SELECT household, change FROM worklist WHERE run = (SELECT MAX(id) FROM
  recheck_runs) AND change IN ('ineligible', 'class-changed', 'benefit-down', 'benefit-up')" | sort >"$TMP/got"
[ -s "$TMP/want" ] || fail "the truth has no change between June and December to check against"
expect_eq "the worklist holds the truth's changes" "$(diff "$TMP/want" "$TMP/got" && echo same)" "same"
expect_eq "the ineligible are most urgent, each with its cause" \
  "$(sqlite3 "$db" "SELECT COUNT(*) FROM worklist WHERE change = 'ineligible' AND (urgency <> 1 OR cause = '')")" "0"
run "$SN" recheck --data "$TMP/data" --list --limit 3
expect_eq "the worklist is listed" "$(echo "$out" | wc -l | tr -d ' ')" "4"
expect_contains "most urgent first" "$(echo "$out" | sed -n 2p)" "$(sqlite3 "$db" "SELECT MIN(urgency) FROM worklist WHERE run = (SELECT MAX(id) FROM recheck_runs)")	"
done_ok
